import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPrismaBoardStore } from '../../server/realtime/board-store';
import { createTestDatabase, waitFor, type TestDatabase } from '../helpers/db';
import {
  connectClient,
  noteRecord,
  readStoredDoc,
  seedBoardFixture,
  startTestRealtime,
  tokenFor,
  type BoardFixture,
  type FixtureUser,
  type TestClient,
  type TestRealtime,
} from '../helpers/realtime';
import { RECORDS_MAP } from '../../lib/collab-protocol';

let database: TestDatabase;
let fixture: BoardFixture;
let server: TestRealtime;
const clients: TestClient[] = [];

beforeEach(async () => {
  database = await createTestDatabase();
  fixture = await seedBoardFixture(database.db);
  server = await startTestRealtime({ db: database.db });
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server.close();
  await database.cleanup();
});

async function client(user: FixtureUser, boardId: string): Promise<TestClient> {
  const c = connectClient(server.collabUrl, boardId, await tokenFor(user, boardId));
  clients.push(c);
  await waitFor(() => c.provider.synced && c.status, 5000, `${user.name} synced`);
  return c;
}

function createdBy(c: TestClient, key: string): unknown {
  return (c.records.get(key) as { meta?: { createdBy?: unknown } } | undefined)?.meta?.createdBy;
}

describe('attribution from the verified identity', () => {
  it('credits a new shape to the token’s person even when the client claims someone else', async () => {
    const lee = await client(fixture.layPartner, fixture.pairBoardId);
    const priya = await client(fixture.professional, fixture.pairBoardId);
    const forged = { ...noteRecord('shape:forged', 'Mine really'), meta: { createdBy: { userId: fixture.professional.id, role: 'professional' } } };
    lee.records.set('shape:forged', forged);

    const expected = { userId: fixture.layPartner.id, role: 'lay_partner' };
    await waitFor(() => JSON.stringify(createdBy(priya, 'shape:forged')) === JSON.stringify(expected), 5000, 'peer sees the verified author');
    await waitFor(() => JSON.stringify(createdBy(lee, 'shape:forged')) === JSON.stringify(expected), 5000, 'writer gets the correction');
    await waitFor(() => lee.allSaved(), 5000, 'saved');
    const stored = await readStoredDoc(createPrismaBoardStore(database.db), fixture.pairBoardId);
    expect(createdBy({ records: stored.getMap(RECORDS_MAP) } as TestClient, 'shape:forged')).toEqual(expected);
  });

  it('keeps the author when someone else edits the shape or tries to take it over', async () => {
    const lee = await client(fixture.layPartner, fixture.pairBoardId);
    const priya = await client(fixture.professional, fixture.pairBoardId);
    lee.records.set('shape:idea', noteRecord('shape:idea', 'An idea'));
    await waitFor(() => createdBy(priya, 'shape:idea'), 5000, 'attributed');

    const current = priya.records.get('shape:idea') as Record<string, unknown>;
    priya.records.set('shape:idea', { ...current, x: 40, meta: { createdBy: { userId: fixture.professional.id, role: 'professional' } } });
    await waitFor(() => (lee.records.get('shape:idea') as { x: number }).x === 40, 5000, 'edit relayed');
    await priya.roundTrip();
    await waitFor(() => (createdBy(priya, 'shape:idea') as { userId?: string }).userId === fixture.layPartner.id, 5000, 'author restored');
    expect(createdBy(lee, 'shape:idea')).toEqual({ userId: fixture.layPartner.id, role: 'lay_partner' });
  });

  it('gives a deleted shape its first author back when it returns (undo)', async () => {
    const lee = await client(fixture.layPartner, fixture.pairBoardId);
    const priya = await client(fixture.professional, fixture.pairBoardId);
    lee.records.set('shape:undo', noteRecord('shape:undo', 'Undo me'));
    await waitFor(() => createdBy(priya, 'shape:undo'), 5000, 'attributed');
    const record = priya.records.get('shape:undo');
    priya.records.delete('shape:undo');
    await waitFor(() => !lee.records.has('shape:undo'), 5000, 'deletion relayed');
    priya.records.set('shape:undo', record);
    await waitFor(() => lee.records.has('shape:undo'), 5000, 'undo relayed');
    await priya.roundTrip();
    expect(createdBy(lee, 'shape:undo')).toEqual({ userId: fixture.layPartner.id, role: 'lay_partner' });
  });
});

describe('attendance', () => {
  it('records one visit per person and board, with their role and no content', async () => {
    await client(fixture.layPartner, fixture.workshopBoardId);
    await client(fixture.layPartner, fixture.workshopBoardId);
    await client(fixture.professional, fixture.workshopBoardId);
    const visits = await waitFor(async () => {
      const rows = await database.db.boardVisit.findMany({ where: { boardId: fixture.workshopBoardId }, orderBy: { role: 'asc' } });
      return rows.length === 2 ? rows : null;
    }, 5000, 'two visits');
    expect(visits.map((v) => [v.userId, v.role])).toEqual([
      [fixture.layPartner.id, 'lay_partner'],
      [fixture.professional.id, 'professional'],
    ]);
  });
});
