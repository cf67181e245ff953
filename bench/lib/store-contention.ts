import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { createPostgresBoardStore } from '../../server/realtime/postgres-board-store';
import { Samples, type Summary } from './stats';

/** The commit path alone: appendUpdates timed with one store, and with three stores (as three nodes have) on one board. */
export interface StoreContention {
  appendsPerSecond: number;
  durationMs: number;
  oneStore: Summary;
  threeStores: Summary;
}

/**
 * Appends small Yjs updates to one board at `appendsPerSecond` in all, from one PostgresBoardStore
 * and then from three (each a third of the rate, each with its own pool, as three nodes would),
 * and times each append from the call to its commit. Isolates what the board's lock costs when
 * several nodes write one board: every append takes the board's row lock and keeps it over its
 * statements' round trips and the commit's WAL flush.
 */
export async function measureStoreContention(databaseUrl: string, boardIds: [string, string], appendsPerSecond: number, durationMs: number): Promise<StoreContention> {
  const run = async (boardId: string, storeCount: number) => {
    const stores = Array.from({ length: storeCount }, () => createPostgresBoardStore(databaseUrl));
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const samples = new Samples();
    const pending: Promise<void>[] = [];
    const period = (1000 / appendsPerSecond) * storeCount;
    const timers = stores.map((store, k) =>
      setInterval(() => {
        doc.getMap('notes').set(`k${k}`, { x: Math.random(), text: 'How might we make waiting time feel shorter?' });
        const update = updates.pop()!;
        const t = performance.now();
        pending.push(store.appendUpdates(boardId, [update]).then(() => samples.add(performance.now() - t)));
      }, period),
    );
    await new Promise((r) => setTimeout(r, durationMs));
    for (const timer of timers) clearInterval(timer);
    await Promise.all(pending);
    await Promise.all(stores.map((s) => s.close()));
    return samples.summary();
  };
  return {
    appendsPerSecond,
    durationMs,
    oneStore: await run(boardIds[0], 1),
    threeStores: await run(boardIds[1], 3),
  };
}
