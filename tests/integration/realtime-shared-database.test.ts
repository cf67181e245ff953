import { describe, expect } from 'vitest';
import { RECORDS_MAP } from '../../lib/collab-protocol';
import { openBoardStore } from '../../server/realtime/open-board-store';
import { waitFor } from '../helpers/db';
import { addNote, readStoredDoc } from '../helpers/realtime';
import { realtimeTest as it, type RealtimeWorld } from '../helpers/realtime-fixture';

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

/** A further server on the test's database with a store of its own (closed after the test). */
async function serverOnOwnStore(url: string, realtime: RealtimeWorld) {
  const store = openBoardStore(url);
  realtime.defer(() => store.close());
  return realtime.also({ store, limits: { compactAfterRows: COMPACT_AFTER_ROWS } });
}

describe('two realtime servers on one database', () => {
  it('lose no committed update when both write and compact the same board', async ({ database, boards: fixture, realtime }) => {
    const one = await serverOnOwnStore(database.url, realtime);
    const two = await serverOnOwnStore(database.url, realtime);
    const board = fixture.pairBoardId;
    const a = await realtime.connect(fixture.professional, board, { server: one, synced: false });
    await waitFor(() => a.provider.synced, 5000, 'first person synced');
    // The second server loads the board after the first seeded it, as a later visitor would.
    const b = await realtime.connect(fixture.layPartner, board, { server: two, synced: false });
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
    await waitFor(() => one.realtime.stats().boardsLoaded === 0 && two.realtime.stats().boardsLoaded === 0, 10_000, 'both boards unloaded');

    const reader = openBoardStore(database.url);
    realtime.defer(() => reader.close());
    // The servers did compact: the log was folded into a snapshot along the way.
    expect((await reader.load(board)).snapshot).not.toBeNull();
    const stored = (await readStoredDoc(reader, board)).getMap(RECORDS_MAP);
    const missing = written.filter((key) => !stored.has(key));
    expect(missing).toEqual([]);
  });
});
