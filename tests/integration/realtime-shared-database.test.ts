import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RECORDS_MAP } from '../../lib/collab-protocol';
import { openBoardStore, type ClosableBoardStore } from '../../server/realtime/open-board-store';
import { createTestDatabase, waitFor, type TestDatabase } from '../helpers/db';
import {
  addNote,
  connectClient,
  readStoredDoc,
  seedBoardFixture,
  startTestRealtime,
  tokenFor,
  type BoardFixture,
  type TestClient,
  type TestRealtime,
} from '../helpers/realtime';

/**
 * Two realtime servers on one database, each with its own store, as `npm run realtime` beside
 * `npm start` runs them (or two nodes on PostgreSQL): both hold the same board in memory and
 * both compact it. Each one's
 * memory lacks the other's updates, so a snapshot taken from memory would delete rows it never
 * saw (issue 15). Compaction is therefore the store's job, from stored rows, under a lock.
 */

/** Notes each person writes; with COMPACT_AFTER_ROWS = 2 both servers compact several times. */
const NOTES_EACH = 8;
const COMPACT_AFTER_ROWS = 2;

let database: TestDatabase;
let fixture: BoardFixture;
const servers: TestRealtime[] = [];
const stores: ClosableBoardStore[] = [];
const clients: TestClient[] = [];

beforeEach(async () => {
  database = await createTestDatabase();
  fixture = await seedBoardFixture(database.db);
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.close();
  for (const s of stores.splice(0)) await s.close();
  await database.cleanup();
});

async function startServerOnOwnStore(): Promise<TestRealtime> {
  const store = openBoardStore(database.url);
  stores.push(store);
  const server = await startTestRealtime({ db: database.db, store, limits: { compactAfterRows: COMPACT_AFTER_ROWS } });
  servers.push(server);
  return server;
}

describe('two realtime servers on one database', () => {
  it('lose no committed update when both write and compact the same board', async () => {
    const one = await startServerOnOwnStore();
    const two = await startServerOnOwnStore();
    const board = fixture.pairBoardId;
    const a = connectClient(one.collabUrl, board, await tokenFor(fixture.professional, board));
    clients.push(a);
    await waitFor(() => a.provider.synced, 5000, 'first person synced');
    // The second server loads the board after the first seeded it, as a later visitor would.
    const b = connectClient(two.collabUrl, board, await tokenFor(fixture.layPartner, board));
    clients.push(b);
    await waitFor(() => b.provider.synced, 5000, 'second person synced');

    const written: string[] = [];
    for (let i = 0; i < NOTES_EACH; i++) {
      // Alternate, each note committed (acknowledged) before the next: the log's rows interleave.
      for (const [who, client] of [['a', a], ['b', b]] as const) {
        const key = `shape:${who}-${i}`;
        addNote(client, key);
        written.push(key);
        await waitFor(() => client.allSaved(), 5000, `${key} saved`);
      }
    }
    // Leaving unloads (and compacts) the board on both servers.
    a.destroy();
    b.destroy();
    clients.length = 0;
    await waitFor(() => one.realtime.stats().boardsLoaded === 0 && two.realtime.stats().boardsLoaded === 0, 10_000, 'both boards unloaded');

    const reader = openBoardStore(database.url);
    stores.push(reader);
    // The servers did compact: the log was folded into a snapshot along the way.
    expect((await reader.load(board)).snapshot).not.toBeNull();
    const stored = (await readStoredDoc(reader, board)).getMap(RECORDS_MAP);
    const missing = written.filter((key) => !stored.has(key));
    expect(missing).toEqual([]);
  });
});
