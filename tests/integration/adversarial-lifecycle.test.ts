import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect } from 'vitest';
import { RECORDS_MAP } from '../../lib/collab-protocol';
import { createPrismaBoardStore } from '../../server/realtime/board-store';
import { waitFor } from '../helpers/db';
import { addNote, connectClient, countingStore, readStoredDoc, tokenFor } from '../helpers/realtime';
import { realtimeTest as it } from '../helpers/realtime-fixture';

const CYCLES = Number(process.env.LIFECYCLE_CYCLES ?? 1000);
/** Heap the test process may keep after the cycles and a full GC (server and clients share it). */
const HEAP_GROWTH_MAX_BYTES = 30 * 2 ** 20;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const LANES = 4;

describe('board lifecycle', () => {
  it(`${CYCLES} join/write/leave cycles racing unloads and saves: 0 lost updates, 0 boards left in memory`, async ({ database, boards: fixture, realtime }) => {
    const store = countingStore(createPrismaBoardStore(database.db));
    const server = await realtime.start({ store });
    const lanes = [
      { user: fixture.professional, boardId: fixture.pairBoardId },
      { user: fixture.layPartner, boardId: fixture.pairBoardId },
      // Alone on their boards: each leave empties the board, so unloads race the next join.
      { user: fixture.facilitator, boardId: fixture.workshopBoardId },
      { user: fixture.outsider, boardId: fixture.otherCohortBoardId },
    ].slice(0, LANES);
    const tokens = await Promise.all(lanes.map((l) => tokenFor(l.user, l.boardId)));
    const written = new Map<string, string[]>(lanes.map((l) => [l.boardId, []]));
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();

    await Promise.all(
      lanes.map(async (lane, laneIndex) => {
        for (let i = laneIndex; i < CYCLES; i += lanes.length) {
          // Not realtime.connect: the fixture keeps its clients until the test ends, which this heap check would count.
          const client = connectClient(server.collabUrl, lane.boardId, tokens[laneIndex]);
          await waitFor(() => client.provider.synced, 10_000, `cycle ${i} synced`);
          const key = `shape:cycle-${i}`;
          addNote(client, key);
          written.get(lane.boardId)!.push(key);
          // Leave at once, without waiting for the ack: the save races the unload and the next join.
          client.destroy();
        }
      }),
    );
    const elapsed = performance.now() - started;
    await waitFor(() => server.realtime.stats().boardsLoaded === 0, 10_000, 'boards unloaded once idle');
    gc();
    const heapAfter = process.memoryUsage().heapUsed;
    console.log(
      `${CYCLES} cycles in ${(elapsed / 1000).toFixed(1)} s; ${store.loads} board loads; ` +
        `heap ${(heapBefore / 2 ** 20).toFixed(1)} MB before, ${(heapAfter / 2 ** 20).toFixed(1)} MB after (test process, after a full GC)`,
    );
    expect(heapAfter - heapBefore).toBeLessThan(HEAP_GROWTH_MAX_BYTES);
    expect(server.realtime.stats()).toEqual({ boardsLoaded: 0, boardsLoading: 0, connections: 0, pendingUpdates: 0, boardsFailingToSave: 0 });
    for (const [boardId, keys] of written) {
      const stored = (await readStoredDoc(createPrismaBoardStore(database.db), boardId)).getMap(RECORDS_MAP);
      expect({ boardId, lost: keys.filter((k) => !stored.has(k)) }).toEqual({ boardId, lost: [] });
    }
  }, 300_000);
});
