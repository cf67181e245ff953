import { afterEach, beforeEach, expect, it } from 'vitest';
import { setBoardLocked } from '../../server/facilitation/room';
import { createTestDatabase, waitFor, type TestDatabase } from '../helpers/db';
import { addNote, connectClient, seedBoardFixture, startTestRealtime, tokenFor, type BoardFixture, type FixtureUser, type TestClient, type TestRealtime } from '../helpers/realtime';

let database: TestDatabase;
let fixture: BoardFixture;
let server: TestRealtime;
const clients: TestClient[] = [];

beforeEach(async () => {
  database = await createTestDatabase();
  fixture = await seedBoardFixture(database.db);
  // A poll far slower than the test: only the facilitation service's own notice can make it pass.
  server = await startTestRealtime({ db: database.db, limits: { boardStatePollMs: 600_000 } });
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server.close();
  await database.cleanup();
});

async function client(user: FixtureUser): Promise<TestClient> {
  const c = connectClient(server.collabUrl, fixture.workshopBoardId, await tokenFor(user, fixture.workshopBoardId));
  clients.push(c);
  await waitFor(() => c.provider.synced && c.status, 5000, `${user.name} synced`);
  return c;
}

it('locking through the facilitation service makes open participant sockets read-only at once, and their writes change nothing', async () => {
  const participant = await client(fixture.layPartner);
  const facilitator = await client(fixture.facilitator);
  expect(participant.status?.access).toBe('edit');

  await setBoardLocked(database.db, { id: fixture.facilitator.id, isFacilitator: false }, fixture.workshopBoardId, { locked: true });
  await waitFor(() => participant.status?.access === 'view', 2000, 'participant told about the lock');
  expect(participant.status).toMatchObject({ access: 'view', readOnlyReason: 'locked' });
  expect(facilitator.status?.access).toBe('edit');

  addNote(participant, 'shape:written-while-locked');
  await participant.roundTrip();
  // The facilitator's marker is committed after the participant's write was handled.
  addNote(facilitator, 'shape:marker');
  await waitFor(() => facilitator.allSaved(), 5000, 'marker saved');
  const fresh = await client(fixture.professional);
  expect(fresh.records.has('shape:marker')).toBe(true);
  expect(fresh.records.has('shape:written-while-locked')).toBe(false);
  expect(facilitator.records.has('shape:written-while-locked')).toBe(false);

  await setBoardLocked(database.db, { id: fixture.facilitator.id, isFacilitator: false }, fixture.workshopBoardId, { locked: false });
  await waitFor(() => participant.status?.access === 'edit', 2000, 'participant told about the unlock');
});
