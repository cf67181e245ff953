import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RECORDS_MAP } from '../../lib/collab-protocol';
import { applyServerUpdate } from '../../server/realtime/control';
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
  type TestClient,
  type TestRealtime,
} from '../helpers/realtime';

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

/** An update that adds one note, built on the board's stored state (as the app builds them). */
async function noteUpdate(boardId: string, key: string): Promise<Uint8Array> {
  const doc = await readStoredDoc(createPrismaBoardStore(database.db), boardId);
  const before = Y.encodeStateVector(doc);
  doc.getMap(RECORDS_MAP).set(key, noteRecord(key, 'from the server'));
  return Y.encodeStateAsUpdate(doc, before);
}

describe('server-made updates', () => {
  it('reach connected people live and are stored in the log', async () => {
    const c = connectClient(server.collabUrl, fixture.workshopBoardId, await tokenFor(fixture.professional, fixture.workshopBoardId));
    clients.push(c);
    await waitFor(() => c.provider.synced, 5000, 'synced');
    expect(await applyServerUpdate(fixture.workshopBoardId, await noteUpdate(fixture.workshopBoardId, 'shape:server'))).toBe(true);
    // Resolved after the commit: the stored state has it already.
    const stored = await readStoredDoc(createPrismaBoardStore(database.db), fixture.workshopBoardId);
    expect(stored.getMap(RECORDS_MAP).has('shape:server')).toBe(true);
    await waitFor(() => c.records.has('shape:server'), 5000, 'relayed to the client');
    // The server made it: no author is added.
    expect(c.records.get('shape:server')).toEqual(noteRecord('shape:server', 'from the server'));
  });

  it('load a board nobody has open, write, and let it unload again', async () => {
    // Seed the board first (a board is seeded when it is first loaded).
    const first = connectClient(server.collabUrl, fixture.pairBoardId, await tokenFor(fixture.professional, fixture.pairBoardId));
    await waitFor(() => first.provider.synced, 5000, 'synced');
    first.destroy();
    await waitFor(() => server.realtime.stats().boardsLoaded === 0, 5000, 'unloaded');

    await applyServerUpdate(fixture.pairBoardId, await noteUpdate(fixture.pairBoardId, 'shape:cold'));
    const stored = await readStoredDoc(createPrismaBoardStore(database.db), fixture.pairBoardId);
    expect(stored.getMap(RECORDS_MAP).has('shape:cold')).toBe(true);
    await waitFor(() => server.realtime.stats().boardsLoaded === 0, 5000, 'unloaded after the write');
  });
});
