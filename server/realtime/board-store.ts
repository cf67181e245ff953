import type { Db } from '../db/client';

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
  /** Appends updates to the board's log in one transaction; resolves with the last row id once committed. */
  appendUpdates(boardId: string, updates: Uint8Array[]): Promise<number>;
  /**
   * Writes the board's first state (its template) unless it already has any: the new row's id
   * when this call wrote it, null when the board had state. Seeding twice would duplicate the
   * template, so check and write are one transaction.
   */
  seed(boardId: string, update: Uint8Array): Promise<number | null>;
  /**
   * Replaces the snapshot with `snapshot` (which covers every row up to `throughUpdateId`) and
   * deletes those rows, in one transaction. An older compaction never overwrites a newer one.
   */
  compact(boardId: string, snapshot: Uint8Array, throughUpdateId: number): Promise<void>;
}

/** Copies into a plain ArrayBuffer-backed array, the type Prisma's Bytes columns take. */
function bytes(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(data);
}

/** The BoardStore on Prisma (portable queries only: runs on SQLite and PostgreSQL). */
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
      if (updates.length === 1) {
        const row = await db.boardUpdate.create({ data: { boardId, data: bytes(updates[0]) }, select: { id: true } });
        return row.id;
      }
      const created = await db.$transaction(
        updates.map((data) => db.boardUpdate.create({ data: { boardId, data: bytes(data) }, select: { id: true } })),
      );
      return created[created.length - 1].id;
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

    async compact(boardId, snapshot, throughUpdateId) {
      await db.$transaction(async (tx) => {
        const existing = await tx.boardSnapshot.findUnique({ where: { boardId }, select: { throughUpdateId: true } });
        if (existing && existing.throughUpdateId >= throughUpdateId) return;
        await tx.boardSnapshot.upsert({
          where: { boardId },
          create: { boardId, data: bytes(snapshot), throughUpdateId },
          update: { data: bytes(snapshot), throughUpdateId },
        });
        await tx.boardUpdate.deleteMany({ where: { boardId, id: { lte: throughUpdateId } } });
      });
    },
  };
}
