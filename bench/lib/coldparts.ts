import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { configureDatabase, createDb } from '../../server/db/client';
import { createPrismaBoardStore } from '../../server/realtime/board-store';

export interface ColdParts {
  label: string;
  bytes: number;
  /** BoardStore.load through Prisma (the adapter turns each BLOB into a JS array of numbers and back). */
  storeLoadMs: number;
  /** The same snapshot read with a prepared better-sqlite3 statement (a Buffer, no conversion). */
  rawReadMs: number;
  /** Y.applyUpdate of the snapshot into a fresh doc (what loadRoom does next). */
  applyMs: number;
  /** Sync step 2 for a new client (encodeStateAsUpdate of the whole doc). */
  syncStep2Ms: number;
}

/** Splits a cold load into its server-side parts, in this process, best of `runs`. */
export async function measureColdParts(url: string, boards: { label: string; id: string; bytes: number }[], runs: number): Promise<ColdParts[]> {
  const db = createDb(url);
  await configureDatabase(db);
  const store = createPrismaBoardStore(db);
  const sqlite = new Database(url.replace(/^file:/, ''), { readonly: true });
  const read = sqlite.prepare('SELECT "data" FROM "BoardSnapshot" WHERE "boardId" = ?');
  const out: ColdParts[] = [];
  const time = async (f: () => unknown | Promise<unknown>) => {
    let best = Infinity;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await f();
      best = Math.min(best, performance.now() - t);
    }
    return best;
  };
  for (const b of boards) {
    const storeLoadMs = await time(() => store.load(b.id));
    const rawReadMs = await time(() => read.get(b.id));
    const snapshot = (read.get(b.id) as { data: Buffer }).data;
    const applyMs = await time(() => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, snapshot);
      doc.destroy();
    });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, snapshot);
    const syncStep2Ms = await time(() => {
      const e = encoding.createEncoder();
      syncProtocol.writeSyncStep2(e, doc, Y.encodeStateVector(new Y.Doc()));
      return encoding.toUint8Array(e);
    });
    doc.destroy();
    out.push({ label: b.label, bytes: b.bytes, storeLoadMs, rawReadMs, applyMs, syncStep2Ms });
  }
  sqlite.close();
  await db.$disconnect();
  return out;
}
