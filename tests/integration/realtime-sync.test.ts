import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { META_MAP, META_SCHEMA_KEY, RECORDS_MAP } from '../../lib/collab-protocol';
import { createPrismaBoardStore } from '../../server/realtime/board-store';
import { validateBoardRecord } from '../../server/realtime/seed';
import { createTestDatabase, waitFor, type TestDatabase } from '../helpers/db';
import {
  connectClient,
  countingStore,
  noteRecord,
  readStoredDoc,
  seedBoardFixture,
  startTestRealtime,
  tokenFor,
  type BoardFixture,
  type TestClient,
  type TestRealtime,
} from '../helpers/realtime';

let database: TestDatabase;
let fixture: BoardFixture;
let server: TestRealtime | null = null;
const clients: TestClient[] = [];

beforeEach(async () => {
  database = await createTestDatabase();
  fixture = await seedBoardFixture(database.db);
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
  server = null;
  await database.cleanup();
});


describe('realtime sync', () => {
  it('two clients converge through the server and both get saved acks', async () => {
    server = await startTestRealtime({ db: database.db });
    const a = connectClient(server.collabUrl, fixture.pairBoardId, await tokenFor(fixture.professional, fixture.pairBoardId));
    const b = connectClient(server.collabUrl, fixture.pairBoardId, await tokenFor(fixture.layPartner, fixture.pairBoardId));
    clients.push(a, b);
    await waitFor(() => a.provider.synced && b.provider.synced, 5000, 'both synced');
    expect(a.status).toEqual({ saving: 'ok', access: 'edit' });
    expect(a.serverTime).toBeTypeOf('number');

    a.records.set('shape:from-a', noteRecord('shape:from-a', 'hello from a'));
    b.records.set('shape:from-b', noteRecord('shape:from-b', 'hello from b'));
    await waitFor(() => a.records.has('shape:from-b') && b.records.has('shape:from-a'), 5000, 'convergence');
    await waitFor(() => a.allSaved() && b.allSaved(), 5000, 'saved acks');
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));

    const stored = await readStoredDoc(createPrismaBoardStore(database.db), fixture.pairBoardId);
    // The server credits each new shape to its writer's verified identity (attribution.ts).
    const by = (user: typeof fixture.professional) => ({ meta: { createdBy: { userId: user.id, role: user.role } } });
    expect(stored.getMap(RECORDS_MAP).get('shape:from-a')).toEqual({ ...noteRecord('shape:from-a', 'hello from a'), ...by(fixture.professional) });
    expect(stored.getMap(RECORDS_MAP).get('shape:from-b')).toEqual({ ...noteRecord('shape:from-b', 'hello from b'), ...by(fixture.layPartner) });
  });

  it('seeds a new board once, from its template, with records valid under tldraw’s schema', async () => {
    server = await startTestRealtime({ db: database.db });
    const a = connectClient(server.collabUrl, fixture.pairBoardId, await tokenFor(fixture.professional, fixture.pairBoardId));
    clients.push(a);
    await waitFor(() => a.provider.synced, 5000, 'synced');
    const records = Array.from(a.records.values());
    for (const record of records) expect(() => validateBoardRecord(record)).not.toThrow();
    const frames = records.filter((r) => (r as { type?: string }).type === 'frame').map((r) => (r as { props: { name: string } }).props.name);
    expect(frames).toEqual(['The challenge', 'The lay perspective', 'The professional perspective', 'Ideas', 'Next steps']);
    expect(a.doc.getMap(META_MAP).get(META_SCHEMA_KEY)).toMatchObject({ schemaVersion: 2 });
    const count = a.records.size;

    // A restart (new server instance, same file) must load the seed, never seed again.
    a.destroy();
    clients.length = 0;
    await server.close();
    server = await startTestRealtime({ db: database.db });
    const b = connectClient(server.collabUrl, fixture.pairBoardId, await tokenFor(fixture.layPartner, fixture.pairBoardId));
    clients.push(b);
    await waitFor(() => b.provider.synced, 5000, 'synced after restart');
    expect(b.records.size).toBe(count);
    expect(await database.db.boardUpdate.count({ where: { boardId: fixture.pairBoardId } })).toBeLessThanOrEqual(1);
  });

  it('keeps content intact across a server restart on the same database file', async () => {
    server = await startTestRealtime({ db: database.db });
    const a = connectClient(server.collabUrl, fixture.workshopBoardId, await tokenFor(fixture.professional, fixture.workshopBoardId));
    clients.push(a);
    await waitFor(() => a.provider.synced, 5000, 'synced');
    for (let i = 0; i < 50; i++) a.records.set(`shape:n${i}`, noteRecord(`shape:n${i}`, `note ${i}`));
    await waitFor(() => a.allSaved(), 5000, 'saved');
    const expected = a.records.toJSON();
    a.destroy();
    clients.length = 0;
    await server.close();

    server = await startTestRealtime({ db: database.db });
    const fresh = connectClient(server.collabUrl, fixture.workshopBoardId, await tokenFor(fixture.layPartner, fixture.workshopBoardId));
    clients.push(fresh);
    await waitFor(() => fresh.provider.synced, 5000, 'synced after restart');
    expect(fresh.records.toJSON()).toEqual(expected);
  });

  it('20 clients opening a cold board at once cause one database read and see the same state', async () => {
    const store = countingStore(createPrismaBoardStore(database.db));
    server = await startTestRealtime({ db: database.db, store });
    const token = await tokenFor(fixture.facilitator, fixture.workshopBoardId);
    for (let i = 0; i < 20; i++) clients.push(connectClient(server.collabUrl, fixture.workshopBoardId, token));
    await waitFor(() => clients.every((c) => c.provider.synced), 10_000, '20 clients synced');
    expect(store.loads).toBe(1);
    const first = clients[0].records.toJSON();
    expect(Object.keys(first).length).toBeGreaterThan(0);
    for (const c of clients) expect(c.records.toJSON()).toEqual(first);
  });

  it('sends SAVED only after the commit, covering the client’s state vector', async () => {
    const store = countingStore(createPrismaBoardStore(database.db));
    server = await startTestRealtime({ db: database.db, store });
    const a = connectClient(server.collabUrl, fixture.pairBoardId, await tokenFor(fixture.professional, fixture.pairBoardId));
    clients.push(a);
    await waitFor(() => a.provider.synced && a.allSaved(), 5000, 'synced and saved');
    const appendsBefore = store.appends;
    a.records.set('shape:acked', noteRecord('shape:acked', 'must be in the database when acked'));
    expect(a.allSaved()).toBe(false);
    await waitFor(() => a.allSaved(), 5000, 'ack');
    expect(store.appends).toBeGreaterThan(appendsBefore);
    // The ack came after the commit, so the row must already be readable.
    const stored = await readStoredDoc(createPrismaBoardStore(database.db), fixture.pairBoardId);
    expect(stored.getMap(RECORDS_MAP).get('shape:acked')).toBeTruthy();
    const mine = Y.decodeStateVector(Y.encodeStateVector(a.doc)).get(a.doc.clientID);
    expect(a.saved?.get(a.doc.clientID)).toBe(mine);
  });

  it('unloads a board after its last client leaves and its writes are committed', async () => {
    server = await startTestRealtime({ db: database.db });
    const a = connectClient(server.collabUrl, fixture.pairBoardId, await tokenFor(fixture.professional, fixture.pairBoardId));
    await waitFor(() => a.provider.synced, 5000, 'synced');
    a.records.set('shape:last', noteRecord('shape:last', 'written just before leaving'));
    a.destroy();
    await waitFor(() => server!.realtime.stats().boardsLoaded === 0, 5000, 'board unloaded');
    const stored = await readStoredDoc(createPrismaBoardStore(database.db), fixture.pairBoardId);
    expect(stored.getMap(RECORDS_MAP).get('shape:last')).toBeTruthy();
    // Unloading folded the log into the snapshot.
    expect(await database.db.boardSnapshot.count({ where: { boardId: fixture.pairBoardId } })).toBe(1);
    expect(await database.db.boardUpdate.count({ where: { boardId: fixture.pairBoardId } })).toBe(0);
  });
});
