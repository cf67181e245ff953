import pg from 'pg';
import { sinceFromRows, type AppendResult, type BoardStore, type StoredBoardState } from './board-store';
import { createFoldWorker } from './fold-in-worker';

/**
 * The BoardStore on PostgreSQL, with `pg` directly (the same tables Prisma maps; blobs never go
 * through Prisma's conversions). Every query is asynchronous I/O, so a commit never blocks the
 * event loop; appends arriving while a commit is in flight are grouped into the next call (group
 * commit), so one commit serves many boards. An append is one statement, a function in the
 * PostgreSQL migrations (`together_board_append_updates`): one round trip, the lock held for it.
 *
 * Per-board lock: the board's own row. An append holds `FOR NO KEY UPDATE` on it from before its
 * rows get their ids until it commits, so appends to one board (from any node) are serialised:
 * the head it reads under the lock is the row just before its own (`prevRowId`), and a board's
 * rows become visible in id order (PostgreSQL hands out sequence values before commit, so
 * without the lock two nodes could commit ids 11 then 10 and a reader between them would skip
 * 10 for ever). Compaction and seeding take `FOR UPDATE`, which waits for those appends and holds
 * off new ones. The lock does not block the foreign-key checks of other tables (key share), and
 * an ordinary update of the board's columns waits only for an append's short transaction.
 */

/** Most updates one transaction carries (each takes 3 bind parameters; PostgreSQL allows 65535). */
const GROUP_COMMIT_MAX_UPDATES = 500;

/** The time as Prisma stores a DateTime on PostgreSQL: UTC in a `timestamp` column without a zone. */
const UTC_NOW = "(now() AT TIME ZONE 'UTC')";

/** Options of createPostgresBoardStore. */
export interface PostgresBoardStoreOptions {
  /** Connections the store may hold (appends use one at a time; loads and compactions others). */
  maxConnections?: number;
}

/** A BoardStore with its own connection pool: close it when the server stops. */
export interface PostgresBoardStore extends BoardStore {
  /** Finishes the commits in flight, then closes the pool. */
  close(): Promise<void>;
}

interface PendingAppend {
  boardId: string;
  updates: Buffer[];
  resolve(result: AppendResult): void;
  reject(error: Error): void;
}

/** A board's row is missing: the append cannot be stored (the board was deleted). */
class MissingBoardError extends Error {
  constructor(boardId: string) {
    super(`Board ${boardId} does not exist`);
    this.name = 'MissingBoardError';
  }
}

/** A copy the store owns (the caller keeps its bytes), as a Buffer so pg sends it as binary. */
function ownBuffer(data: Uint8Array): Buffer {
  return Buffer.from(data);
}

/** Runs `work` in one transaction on one pooled connection. */
async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Locks the board's row against appends (FOR UPDATE); false when the board does not exist. */
async function lockBoardExclusively(client: pg.PoolClient, boardId: string): Promise<boolean> {
  const locked = await client.query('SELECT 1 FROM "Board" WHERE "id" = $1 FOR UPDATE', [boardId]);
  return locked.rowCount === 1;
}

/**
 * Reads the snapshot and the rows after it in one statement, so both come from one view of the
 * database. With `afterRowId` (a node catching up), only what it lacks: the snapshot only when
 * it goes past that row, and the rows after both.
 */
async function readStoredRows(
  client: pg.Pool | pg.PoolClient,
  boardId: string,
  afterRowId = 0,
): Promise<{ snapshot: Uint8Array | null; snapshotThrough: number | null; rows: { id: number; data: Uint8Array }[] }> {
  const result = await client.query<{ kind: 's' | 'u'; id: number; data: Buffer }>(
    `WITH s AS (SELECT "data", "throughUpdateId" FROM "BoardSnapshot" WHERE "boardId" = $1)
     SELECT 's' AS kind, "throughUpdateId" AS id, "data" FROM s WHERE "throughUpdateId" > $2
     UNION ALL
     SELECT 'u' AS kind, u."id", u."data" FROM "BoardUpdate" u
      WHERE u."boardId" = $1 AND u."id" > GREATEST($2, COALESCE((SELECT "throughUpdateId" FROM s), 0))`,
    [boardId, afterRowId],
  );
  const snapshotRow = result.rows.find((r) => r.kind === 's');
  const rows = result.rows
    .filter((r) => r.kind === 'u')
    .sort((x, y) => x.id - y.id)
    .map((r) => ({ id: r.id, data: new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength) }));
  return {
    snapshot: snapshotRow ? new Uint8Array(snapshotRow.data.buffer, snapshotRow.data.byteOffset, snapshotRow.data.byteLength) : null,
    snapshotThrough: snapshotRow?.id ?? null,
    rows,
  };
}

/** Creates the PostgreSQL board store on the database at `connectionString`. */
export function createPostgresBoardStore(connectionString: string, options: PostgresBoardStoreOptions = {}): PostgresBoardStore {
  const pool = new pg.Pool({ connectionString, max: options.maxConnections ?? 10 });
  // An idle connection the server drops (restart, failover) must not crash the process; the
  // next query opens a new one and a failing commit is retried by the room.
  pool.on('error', () => undefined);
  let queue: PendingAppend[] = [];
  let committing: Promise<void> | null = null;
  let closed = false;
  const folds = createFoldWorker();

  /**
   * Inserts the appends' rows in order under locks on their boards, in one statement
   * (`together_board_append_updates`, a PostgreSQL migration: lock, head, insert), so a board's
   * lock is held for that statement and its commit, not across round trips; returns each
   * append's rows.
   */
  async function insertAppends(appends: PendingAppend[]): Promise<Map<PendingAppend, AppendResult | MissingBoardError>> {
    const boardIds: string[] = [];
    const payloads: Buffer[] = [];
    for (const append of appends) {
      for (const update of append.updates) {
        boardIds.push(append.boardId);
        payloads.push(update);
      }
    }
    const result = await pool.query<{ board: string; head: number; rowIds: number[] }>(
      'SELECT "board", "head", "rowIds" FROM "together_board_append_updates"($1::text[], $2::bytea[])',
      [boardIds, payloads],
    );
    const stored = new Map(result.rows.map((r) => [r.board, { head: r.head, rowIds: r.rowIds, used: 0 }]));
    const outcome = new Map<PendingAppend, AppendResult | MissingBoardError>();
    for (const append of appends) {
      const board = stored.get(append.boardId);
      if (!board) {
        outcome.set(append, new MissingBoardError(append.boardId));
        continue;
      }
      board.used += append.updates.length;
      const rowId = board.rowIds[board.used - 1];
      // Two appends of one board in this group: the second follows the first.
      outcome.set(append, { rowId, prevRowId: board.head });
      board.head = rowId;
    }
    return outcome;
  }

  function settle(outcome: Map<PendingAppend, AppendResult | MissingBoardError>): void {
    for (const [append, result] of outcome) {
      if (!(result instanceof Error)) append.resolve(result);
      else append.reject(result);
    }
  }

  /** Takes the next group of appends off the queue (whole appends, at most GROUP_COMMIT_MAX_UPDATES rows unless one append is bigger). */
  function takeGroup(): PendingAppend[] {
    let rows = 0;
    let count = 0;
    while (count < queue.length && (count === 0 || rows + queue[count].updates.length <= GROUP_COMMIT_MAX_UPDATES)) {
      rows += queue[count].updates.length;
      count += 1;
    }
    const group = queue.slice(0, count);
    queue = queue.slice(count);
    return group;
  }

  async function commitLoop(): Promise<void> {
    while (queue.length > 0) {
      const group = takeGroup();
      try {
        settle(await insertAppends(group));
      } catch (error) {
        if (group.length === 1) {
          group[0].reject(error instanceof Error ? error : new Error(String(error)));
          continue;
        }
        // One append's failure must not fail the others: try each alone.
        for (const append of group) {
          try {
            settle(await insertAppends([append]));
          } catch (alone) {
            append.reject(alone instanceof Error ? alone : new Error(String(alone)));
          }
        }
      }
    }
  }

  /** Starts the commit loop unless it runs; an append queued as the loop was ending starts it again. */
  function scheduleCommit(): void {
    if (committing) return;
    committing = commitLoop().finally(() => {
      committing = null;
      if (queue.length > 0) scheduleCommit();
    });
  }

  return {
    async load(boardId): Promise<StoredBoardState> {
      const stored = await readStoredRows(pool, boardId);
      return {
        snapshot: stored.snapshot,
        updates: stored.rows.map((r) => r.data),
        lastUpdateId: Math.max(stored.snapshotThrough ?? 0, stored.rows.at(-1)?.id ?? 0),
      };
    },

    appendUpdates(boardId, updates) {
      if (updates.length === 0) return Promise.reject(new Error('appendUpdates needs at least one update'));
      if (closed) return Promise.reject(new Error('The board store is closed'));
      return new Promise<AppendResult>((resolve, reject) => {
        // Copied now: the caller may reuse its bytes as soon as this returns.
        queue.push({ boardId, updates: updates.map(ownBuffer), resolve, reject });
        scheduleCommit();
      });
    },

    async readUpdatesSince(boardId, afterRowId) {
      // No lock needed: appends to a board are serialised, so its rows become visible in id order.
      const stored = await readStoredRows(pool, boardId, afterRowId);
      const snapshot = stored.snapshot && stored.snapshotThrough !== null ? { data: stored.snapshot, through: stored.snapshotThrough } : null;
      return sinceFromRows(afterRowId, snapshot, stored.rows);
    },

    async seed(boardId, update) {
      return inTransaction(pool, async (client) => {
        if (!(await lockBoardExclusively(client, boardId))) throw new MissingBoardError(boardId);
        const present = await client.query(
          'SELECT 1 FROM "BoardUpdate" WHERE "boardId" = $1 UNION ALL SELECT 1 FROM "BoardSnapshot" WHERE "boardId" = $1 LIMIT 1',
          [boardId],
        );
        if (present.rowCount) return null;
        const created = await client.query<{ id: number }>(
          `INSERT INTO "BoardUpdate" ("boardId", "data", "createdAt") VALUES ($1, $2, ${UTC_NOW}) RETURNING "id"`,
          [boardId, ownBuffer(update)],
        );
        return created.rows[0].id;
      });
    },

    async compact(boardId) {
      // Read under the lock (so every id handed out is visible), fold without it (a big board
      // takes a while and its appends should not wait) in the fold worker (never on the event
      // loop, which every board on the node shares), then lock again to commit.
      const stored = await inTransaction(pool, async (client) => ((await lockBoardExclusively(client, boardId)) ? readStoredRows(client, boardId) : null));
      if (!stored || stored.rows.length === 0) return null;
      const through = stored.rows[stored.rows.length - 1].id;
      const folded = await folds.fold(
        stored.snapshot,
        stored.rows.map((r) => r.data),
      );
      return inTransaction(pool, async (client) => {
        if (!(await lockBoardExclusively(client, boardId))) return null;
        const current = await client.query<{ throughUpdateId: number }>('SELECT "throughUpdateId" FROM "BoardSnapshot" WHERE "boardId" = $1', [boardId]);
        if ((current.rows[0]?.throughUpdateId ?? null) !== stored.snapshotThrough) return null;
        await client.query(
          `INSERT INTO "BoardSnapshot" ("boardId", "data", "throughUpdateId", "updatedAt") VALUES ($1, $2, $3, ${UTC_NOW})
           ON CONFLICT ("boardId") DO UPDATE SET "data" = EXCLUDED."data", "throughUpdateId" = EXCLUDED."throughUpdateId", "updatedAt" = EXCLUDED."updatedAt"`,
          [boardId, Buffer.from(folded.buffer, folded.byteOffset, folded.byteLength), through],
        );
        await client.query('DELETE FROM "BoardUpdate" WHERE "boardId" = $1 AND "id" <= $2', [boardId, through]);
        return through;
      });
    },

    async close() {
      if (closed) return;
      closed = true;
      while (committing) await committing;
      await folds.close();
      await pool.end();
    },
  };
}
