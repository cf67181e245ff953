import type { Db } from '../db/client';
import { foldIntoSnapshot } from './fold.mjs';

/** A board's stored Yjs state: the compacted snapshot plus the log rows written after it. */
export interface StoredBoardState {
  snapshot: Uint8Array | null;
  /** Log rows not folded into the snapshot, oldest first. */
  updates: Uint8Array[];
  /** Highest log row id the state covers (0 for a board never written). */
  lastUpdateId: number;
}

/**
 * Where board documents live. The realtime server only talks to this interface, so the
 * SQLite and PostgreSQL flavours (and test wrappers) share one contract suite
 * (tests/integration/board-store.contract.test.ts).
 */
export interface BoardStore {
  /** Reads the board's snapshot and every log row after it. */
  load(boardId: string): Promise<StoredBoardState>;
  /**
   * Appends updates to the board's log in one transaction; resolves once committed with the last
   * row id written and `prevRowId`, the board's head just before them (read under a per-board
   * exclusive lock held for the append, so a board's rows become visible in id order and
   * (prevRowId, rowId] is exactly what this append added). Several nodes rely on it
   * (server/cluster/CONTEXT.md, "The relay contract").
   */
  appendUpdates(boardId: string, updates: Uint8Array[]): Promise<AppendResult>;
  /**
   * The log after `afterRowId`, in id order, with the highest row id read (`lastRowId`, at least
   * `afterRowId`). When compaction has folded rows the caller has not seen (afterRowId is below
   * the snapshot's last row), `snapshot` holds the snapshot, to apply before the rows (applying
   * it over a document that has part of it is safe with Yjs); otherwise it is null.
   */
  readUpdatesSince(boardId: string, afterRowId: number): Promise<UpdatesSince>;
  /**
   * Writes the board's first state (its template) unless it already has any: the new row's id
   * when this call wrote it, null when the board had state. Seeding twice would duplicate the
   * template, so check and write are one transaction.
   */
  seed(boardId: string, update: Uint8Array): Promise<number | null>;
  /**
   * Folds the board's stored log into its snapshot: the new snapshot is built from the stored
   * snapshot and rows (never from one process's memory, which may lack rows another process
   * wrote), under a per-board lock, and only the rows it covers are deleted, in the transaction
   * that commits it. Resolves with the id of the last row folded in, or null when there was
   * nothing to fold or another compaction of the board committed first (so nothing changed).
   */
  compact(boardId: string): Promise<number | null>;
}

/** What an append committed: rows (prevRowId, rowId] of the board's log. */
export interface AppendResult {
  rowId: number;
  prevRowId: number;
}

/** The log after a row id (see BoardStore.readUpdatesSince). */
export interface UpdatesSince {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  lastRowId: number;
}

/** One stored log row: its id and bytes. */
export interface StoredRow {
  id: number;
  data: Uint8Array;
}

/** The board's whole state as one update: the snapshot with the rows applied (fold.mjs, shared with the store workers). */
export { foldIntoSnapshot };

/**
 * The answer of readUpdatesSince from a snapshot and the rows after `afterRowId` (in id order):
 * the snapshot only when it covers rows the caller lacks, and only the rows past it.
 */
export function sinceFromRows(
  afterRowId: number,
  snapshot: { data: Uint8Array; through: number } | null,
  rows: readonly { id: number; data: Uint8Array }[],
): UpdatesSince {
  const needsSnapshot = snapshot !== null && snapshot.through > afterRowId;
  const floor = needsSnapshot ? snapshot.through : afterRowId;
  const after = rows.filter((r) => r.id > floor);
  return {
    snapshot: needsSnapshot ? snapshot.data : null,
    updates: after.map((r) => new Uint8Array(r.data)),
    lastRowId: Math.max(afterRowId, floor, after.at(-1)?.id ?? 0),
  };
}

/** Copies into a plain ArrayBuffer-backed array, the type Prisma's Bytes columns take. */
function bytes(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(data);
}

/**
 * The BoardStore on Prisma, for SQLite (tests, and the default of createRealtimeServer). Its
 * load is portable and also reads PostgreSQL (history and mural documents use it); its writes
 * rely on SQLite's single writer, so PostgreSQL servers use postgres-board-store.ts instead.
 */
export function createPrismaBoardStore(db: Db): BoardStore {
  return {
    async load(boardId) {
      // Rows first, snapshot second: a compaction between the two reads moves rows into the
      // snapshot we read next, so nothing falls between them even without snapshot isolation.
      const rows = await db.boardUpdate.findMany({
        where: { boardId },
        orderBy: { id: 'asc' },
        select: { id: true, data: true },
      });
      const snapshot = await db.boardSnapshot.findUnique({
        where: { boardId },
        select: { data: true, throughUpdateId: true },
      });
      const through = snapshot?.throughUpdateId ?? 0;
      const updates = rows.filter((r) => r.id > through);
      return {
        snapshot: snapshot ? new Uint8Array(snapshot.data) : null,
        updates: updates.map((r) => new Uint8Array(r.data)),
        lastUpdateId: Math.max(through, rows.at(-1)?.id ?? 0),
      };
    },

    async appendUpdates(boardId, updates) {
      if (updates.length === 0) throw new Error('appendUpdates needs at least one update');
      // The usual case (the room merges each batch): one statement is atomic on its own, and
      // skipping the explicit transaction saves a round of BEGIN/COMMIT per commit.
      const created =
        updates.length === 1
          ? [await db.boardUpdate.create({ data: { boardId, data: bytes(updates[0]) }, select: { id: true } })]
          : await db.$transaction(updates.map((data) => db.boardUpdate.create({ data: { boardId, data: bytes(data) }, select: { id: true } })));
      const first = created[0].id;
      // SQLite hands out ids under its single write lock, so every row below ours has committed
      // by now and the board's highest one is the row before ours. If a compaction has folded it
      // meanwhile, first - 1 is safe (never below the true head; at worst a reader catches up).
      const [before, snapshot] = await Promise.all([
        db.boardUpdate.findFirst({ where: { boardId, id: { lt: first } }, orderBy: { id: 'desc' }, select: { id: true } }),
        db.boardSnapshot.findUnique({ where: { boardId }, select: { throughUpdateId: true } }),
      ]);
      const through = snapshot?.throughUpdateId ?? 0;
      return { rowId: created[created.length - 1].id, prevRowId: Math.max(before?.id ?? 0, through < first ? through : first - 1) };
    },

    async readUpdatesSince(boardId, afterRowId) {
      // Rows first, snapshot second (as in load): a compaction between the reads moves rows into the snapshot.
      const rows = await db.boardUpdate.findMany({
        where: { boardId, id: { gt: afterRowId } },
        orderBy: { id: 'asc' },
        select: { id: true, data: true },
      });
      const snapshot = await db.boardSnapshot.findUnique({ where: { boardId }, select: { data: true, throughUpdateId: true } });
      return sinceFromRows(afterRowId, snapshot ? { data: new Uint8Array(snapshot.data), through: snapshot.throughUpdateId } : null, rows);
    },

    async seed(boardId, update) {
      return db.$transaction(async (tx) => {
        const rows = await tx.boardUpdate.count({ where: { boardId } });
        const snapshot = await tx.boardSnapshot.count({ where: { boardId } });
        if (rows > 0 || snapshot > 0) return null;
        const created = await tx.boardUpdate.create({ data: { boardId, data: bytes(update) }, select: { id: true } });
        return created.id;
      });
    },

    async compact(boardId) {
      // Read without a lock: SQLite assigns row ids under its single write lock, so once the
      // read transaction sees row N it sees every row below N. The write below then checks that
      // no other compaction committed meanwhile and deletes only the rows read here.
      const [snapshot, rows] = await db.$transaction([
        db.boardSnapshot.findUnique({ where: { boardId }, select: { data: true, throughUpdateId: true } }),
        db.boardUpdate.findMany({ where: { boardId }, orderBy: { id: 'asc' }, select: { id: true, data: true } }),
      ]);
      const expectedThrough = snapshot?.throughUpdateId ?? null;
      const fresh = rows.filter((r) => r.id > (expectedThrough ?? 0));
      if (fresh.length === 0) return null;
      const through = fresh[fresh.length - 1].id;
      const folded = foldIntoSnapshot(snapshot ? new Uint8Array(snapshot.data) : null, fresh.map((r) => new Uint8Array(r.data)));
      return db.$transaction(async (tx) => {
        const current = await tx.boardSnapshot.findUnique({ where: { boardId }, select: { throughUpdateId: true } });
        if ((current?.throughUpdateId ?? null) !== expectedThrough) return null;
        await tx.boardSnapshot.upsert({
          where: { boardId },
          create: { boardId, data: bytes(folded), throughUpdateId: through },
          update: { data: bytes(folded), throughUpdateId: through },
        });
        await tx.boardUpdate.deleteMany({ where: { boardId, id: { lte: through } } });
        return through;
      });
    },
  };
}
