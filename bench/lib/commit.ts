import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { configureDatabase, createDb } from '../../server/db/client';
import { createPrismaBoardStore } from '../../server/realtime/board-store';
import { summarize, type Summary } from './stats';

export interface CommitFigures {
  /** One appendUpdates call of the server's BoardStore (Prisma, WAL, synchronous=FULL). */
  prismaFull: Summary;
  /** Share of wall time the event loop was busy during those commits (1 = blocked throughout). */
  prismaFullLoopUtilization: number;
  /** The same row through a prepared better-sqlite3 statement, synchronous=FULL: the fsync alone. */
  rawFull: Summary;
  /** And with synchronous=NORMAL (WAL fsyncs only at checkpoints; survives a process crash, not a power cut). */
  rawNormal: Summary;
}

/**
 * Explains the latency floor: how long committing one ~600-byte update takes on this disk,
 * through our BoardStore and raw, and whether the event loop is blocked meanwhile (the Prisma
 * better-sqlite3 adapter runs every statement, COMMIT and its fsync included, synchronously).
 */
export async function measureCommits(url: string, boardId: string, count: number): Promise<CommitFigures> {
  const update = new Uint8Array(600).fill(7);
  const db = createDb(url);
  await configureDatabase(db);
  const store = createPrismaBoardStore(db);
  await store.appendUpdates(boardId, [update]);
  const prisma: number[] = [];
  const elu0 = performance.eventLoopUtilization();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await store.appendUpdates(boardId, [update]);
    prisma.push(performance.now() - t);
  }
  const elu = performance.eventLoopUtilization(elu0);
  await db.$disconnect();

  const raw = (synchronous: 'FULL' | 'NORMAL') => {
    const sqlite = new Database(url.replace(/^file:/, ''));
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`synchronous = ${synchronous}`);
    sqlite.pragma('busy_timeout = 5000');
    const insert = sqlite.prepare('INSERT INTO "BoardUpdate" ("boardId", "data") VALUES (?, ?)');
    const commit = sqlite.transaction(() => insert.run(boardId, Buffer.from(update)));
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const t = performance.now();
      commit();
      times.push(performance.now() - t);
    }
    sqlite.close();
    return summarize(times);
  };
  return { prismaFull: summarize(prisma), prismaFullLoopUtilization: elu.utilization, rawFull: raw('FULL'), rawNormal: raw('NORMAL') };
}
