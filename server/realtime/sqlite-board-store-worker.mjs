// @ts-check
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { foldIntoSnapshot } from './fold.mjs';

/**
 * The SQLite board store's worker thread: owns one better-sqlite3 connection and runs every
 * statement (and the fsync of each commit) here, so the server's event loop never waits on the
 * disk. Requests come from sqlite-board-store.ts; each gets exactly one reply with its id.
 * Plain JavaScript (types in JSDoc, from sqlite-board-store.ts) so Node runs it as it is: no
 * TypeScript loader inside the thread, no build step.
 *
 * @typedef {import('./sqlite-board-store').StoreRequest} StoreRequest
 * @typedef {import('./sqlite-board-store').StoreReply} StoreReply
 * @typedef {import('./sqlite-board-store').StoreWorkerData} StoreWorkerData
 */

const port = parentPort;
if (!port) throw new Error('sqlite-board-store-worker must run in a worker thread');
const { file, busyTimeoutMs } = /** @type {StoreWorkerData} */ (workerData);

const db = new Database(file, { timeout: busyTimeoutMs });
db.pragma('journal_mode = WAL');
// FULL: "All changes saved" must survive a power cut, not only a crash of the process.
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');

/** Prisma's SQLite adapter stores DateTime as ISO 8601 text with an explicit +00:00; match it so Prisma reads our rows. */
/** @returns {string} */
function prismaNow() {
  return new Date().toISOString().replace('Z', '+00:00');
}

/** @type {import('better-sqlite3').Statement<[string], { data: Buffer; throughUpdateId: number }>} */
const selectSnapshot = db.prepare(
  'SELECT "data", "throughUpdateId" FROM "BoardSnapshot" WHERE "boardId" = ?',
);
/** @type {import('better-sqlite3').Statement<[string], { throughUpdateId: number }>} */
const selectSnapshotThrough = db.prepare('SELECT "throughUpdateId" FROM "BoardSnapshot" WHERE "boardId" = ?');
/** @type {import('better-sqlite3').Statement<[string, number], { id: number; data: Buffer }>} */
const selectRowsAfter = db.prepare(
  'SELECT "id", "data" FROM "BoardUpdate" WHERE "boardId" = ? AND "id" > ? ORDER BY "id" ASC',
);
/** @type {import('better-sqlite3').Statement<[string, Uint8Array, string]>} */
const insertUpdate = db.prepare('INSERT INTO "BoardUpdate" ("boardId", "data", "createdAt") VALUES (?, ?, ?)');
/** @type {import('better-sqlite3').Statement<[string, string], { present: number }>} */
const boardHasState = db.prepare(
  'SELECT EXISTS (SELECT 1 FROM "BoardUpdate" WHERE "boardId" = ?) OR EXISTS (SELECT 1 FROM "BoardSnapshot" WHERE "boardId" = ?) AS "present"',
);
/** @type {import('better-sqlite3').Statement<[string, Uint8Array, number, string]>} */
const upsertSnapshot = db.prepare(
  'INSERT INTO "BoardSnapshot" ("boardId", "data", "throughUpdateId", "updatedAt") VALUES (?, ?, ?, ?) ' +
    'ON CONFLICT ("boardId") DO UPDATE SET "data" = excluded."data", "throughUpdateId" = excluded."throughUpdateId", "updatedAt" = excluded."updatedAt"',
);
/** @type {import('better-sqlite3').Statement<[string, number]>} */
const deleteRowsThrough = db.prepare('DELETE FROM "BoardUpdate" WHERE "boardId" = ? AND "id" <= ?');

// A read transaction: snapshot and rows come from one consistent view of the file.
const load = db.transaction((/** @type {string} */ boardId) => {
  const snapshot = selectSnapshot.get(boardId);
  const through = snapshot?.throughUpdateId ?? 0;
  const rows = selectRowsAfter.all(boardId, through);
  return {
    snapshot: snapshot?.data ?? null,
    snapshotThrough: snapshot?.throughUpdateId ?? null,
    rows,
    lastUpdateId: Math.max(through, rows.at(-1)?.id ?? 0),
  };
});

/** @type {import('better-sqlite3').Statement<[string, string], { head: number }>} */
const selectHead = db.prepare(
  'SELECT MAX(COALESCE((SELECT MAX("id") FROM "BoardUpdate" WHERE "boardId" = ?), 0), ' +
    'COALESCE((SELECT "throughUpdateId" FROM "BoardSnapshot" WHERE "boardId" = ?), 0)) AS "head"',
);

// Run IMMEDIATE (the write lock from the start), so the head read here is the row before ours.
const append = db.transaction((/** @type {string} */ boardId, /** @type {Uint8Array[]} */ updates) => {
  const createdAt = prismaNow();
  const prevRowId = selectHead.get(boardId, boardId)?.head ?? 0;
  let rowId = prevRowId;
  for (const update of updates) rowId = Number(insertUpdate.run(boardId, update, createdAt).lastInsertRowid);
  return { rowId, prevRowId };
});

const seed = db.transaction((/** @type {string} */ boardId, /** @type {Uint8Array} */ update) => {
  if (boardHasState.get(boardId, boardId)?.present) return null;
  return Number(insertUpdate.run(boardId, update, prismaNow()).lastInsertRowid);
});

/** Commits a folded snapshot unless another compaction committed since `expectedThrough` was read. */
const commitCompaction = db.transaction(
  (
    /** @type {string} */ boardId,
    /** @type {Uint8Array} */ snapshot,
    /** @type {number | null} */ expectedThrough,
    /** @type {number} */ through,
  ) => {
    if ((selectSnapshotThrough.get(boardId)?.throughUpdateId ?? null) !== expectedThrough) return null;
    upsertSnapshot.run(boardId, snapshot, through, prismaNow());
    deleteRowsThrough.run(boardId, through);
    return through;
  },
);

/**
 * Folds the stored log into the snapshot (fold.mjs, the server's own fold). The read takes no lock (SQLite assigns row
 * ids under its single write lock, so a read that sees row N sees every row below it) and neither
 * does the fold, which may take a while on a big board; the write lock is held only to check that
 * no other compaction committed meanwhile and to replace the snapshot and delete exactly the rows read.
 * @param {string} boardId
 * @returns {number | null}
 */
function compact(boardId) {
  const stored = load(boardId);
  if (stored.rows.length === 0) return null;
  const folded = foldIntoSnapshot(
    stored.snapshot,
    stored.rows.map((row) => row.data),
  );
  return commitCompaction.immediate(boardId, folded, stored.snapshotThrough, stored.lastUpdateId);
}

/** The bytes as a Uint8Array owning its whole ArrayBuffer, so the buffer can be transferred, not copied. */
/**
 * @param {Buffer} data
 * @returns {Uint8Array<ArrayBuffer>}
 */
function transferable(data) {
  const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer;
  return whole ? new Uint8Array(/** @type {ArrayBuffer} */ (data.buffer)) : new Uint8Array(data);
}

/**
 * @param {StoreRequest} request
 * @returns {{ reply: StoreReply; transfer: ArrayBuffer[] }}
 */
function handle(request) {
  switch (request.op) {
    case 'load': {
      const stored = load(request.boardId);
      const snapshot = stored.snapshot ? transferable(stored.snapshot) : null;
      const updates = stored.rows.map((row) => transferable(row.data));
      const transfer = [...(snapshot ? [snapshot.buffer] : []), ...updates.map((u) => u.buffer)];
      return { reply: { id: request.id, ok: true, op: 'load', snapshot, updates, lastUpdateId: stored.lastUpdateId }, transfer };
    }
    case 'append':
      // IMMEDIATE takes the write lock up front: a deferred transaction upgrading later could fail busy at once.
      return { reply: { id: request.id, ok: true, op: 'append', ...append.immediate(request.boardId, request.updates) }, transfer: [] };
    case 'since': {
      const stored = load(request.boardId);
      const needsSnapshot = stored.snapshot !== null && (stored.snapshotThrough ?? 0) > request.afterRowId;
      const floor = needsSnapshot ? (stored.snapshotThrough ?? 0) : request.afterRowId;
      const rows = stored.rows.filter((row) => row.id > floor);
      const snapshot = needsSnapshot && stored.snapshot ? transferable(stored.snapshot) : null;
      const updates = rows.map((row) => transferable(row.data));
      const lastRowId = Math.max(request.afterRowId, floor, rows.at(-1)?.id ?? 0);
      const transfer = [...(snapshot ? [snapshot.buffer] : []), ...updates.map((u) => u.buffer)];
      return { reply: { id: request.id, ok: true, op: 'since', snapshot, updates, lastRowId }, transfer };
    }
    case 'seed':
      return { reply: { id: request.id, ok: true, op: 'seed', seededId: seed.immediate(request.boardId, request.update) }, transfer: [] };
    case 'compact':
      return { reply: { id: request.id, ok: true, op: 'compact', throughUpdateId: compact(request.boardId) }, transfer: [] };
    case 'close':
      db.close();
      return { reply: { id: request.id, ok: true, op: 'close' }, transfer: [] };
  }
}

port.on('message', (/** @type {StoreRequest} */ request) => {
  try {
    const { reply, transfer } = handle(request);
    port.postMessage(reply, transfer);
  } catch (error) {
    const { message, code } = /** @type {{ message?: unknown; code?: unknown }} */ (error);
    /** @type {StoreReply} */
    const reply = {
      id: request.id,
      ok: false,
      message: typeof message === 'string' ? message : String(error),
      code: typeof code === 'string' ? code : undefined,
    };
    port.postMessage(reply);
  }
});
