import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPrismaBoardStore, type AppendResult, type BoardStore } from '../../server/realtime/board-store';
import { configureDatabase, createDb, type Db } from '../../server/db/client';
import { createPostgresBoardStore, type PostgresBoardStore } from '../../server/realtime/postgres-board-store';
import { createSqliteBoardStore, type SqliteBoardStore } from '../../server/realtime/sqlite-board-store';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createPostgresTestDatabase, type PostgresTestDatabase } from '../helpers/postgres';
import { seedBoardFixture } from '../helpers/realtime';

/**
 * The BoardStore contract, run against every implementation: PostgreSQL, SQLite through Prisma,
 * and SQLite on better-sqlite3 in a worker. Rule ids (S1...) name what each test pins down.
 */
interface StoreUnderTest {
  name: string;
  open(): Promise<{
    store: BoardStore;
    newBoard(): Promise<string>;
    /** Another store of the same kind on the same database, as a second process would open it (closed with the harness). */
    another(): Promise<BoardStore>;
    /** Makes the database refuse the store's writes until the returned function is called. */
    refuseWrites(): Promise<() => Promise<void>>;
    close(): Promise<void>;
  }>;
}

/** Busy timeout of the worker store under test: short, so a held write lock fails an append quickly. */
const TEST_BUSY_TIMEOUT_MS = 100;

const implementations: StoreUnderTest[] = [
  {
    name: 'PostgreSQL',
    async open() {
      const database: PostgresTestDatabase = await createPostgresTestDatabase();
      const store = createPostgresBoardStore(database.url);
      const others: PostgresBoardStore[] = [];
      return {
        store,
        newBoard: async () => (await seedBoardFixture(database.db)).pairBoardId,
        async another() {
          const second = createPostgresBoardStore(database.url);
          others.push(second);
          return second;
        },
        // A trigger refuses every new log row, as a full disk or a read-only replica would.
        async refuseWrites() {
          await database.db.$executeRawUnsafe(
            `CREATE FUNCTION refuse_board_updates() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'writes refused for the test'; END $$`,
          );
          await database.db.$executeRawUnsafe('CREATE TRIGGER refuse_board_updates BEFORE INSERT ON "BoardUpdate" FOR EACH ROW EXECUTE FUNCTION refuse_board_updates()');
          return async () => {
            await database.db.$executeRawUnsafe('DROP TRIGGER refuse_board_updates ON "BoardUpdate"');
            await database.db.$executeRawUnsafe('DROP FUNCTION refuse_board_updates()');
          };
        },
        async close() {
          for (const other of others) await other.close();
          await store.close();
          await database.cleanup();
        },
      };
    },
  },
  {
    name: 'Prisma on SQLite',
    async open() {
      const database: TestDatabase = await createTestDatabase();
      const others: Db[] = [];
      return {
        store: createPrismaBoardStore(database.db),
        newBoard: async () => (await seedBoardFixture(database.db)).pairBoardId,
        async another() {
          const second = createDb(database.url);
          await configureDatabase(second);
          others.push(second);
          return createPrismaBoardStore(second);
        },
        // SQLITE_READONLY from the store's own connection.
        async refuseWrites() {
          await database.db.$queryRaw`PRAGMA query_only = 1`;
          return async () => {
            await database.db.$queryRaw`PRAGMA query_only = 0`;
          };
        },
        close: () => database.cleanup(),
      };
    },
  },
  {
    name: 'better-sqlite3 in a worker',
    async open() {
      const database: TestDatabase = await createTestDatabase();
      const store = createSqliteBoardStore(database.file, { busyTimeoutMs: TEST_BUSY_TIMEOUT_MS });
      const others: SqliteBoardStore[] = [];
      return {
        store,
        newBoard: async () => (await seedBoardFixture(database.db)).pairBoardId,
        async another() {
          const second = createSqliteBoardStore(database.file, { busyTimeoutMs: TEST_BUSY_TIMEOUT_MS });
          others.push(second);
          return second;
        },
        // The worker's connection is out of reach: another connection holds the write lock (SQLITE_BUSY).
        async refuseWrites() {
          const locker = new Database(database.file);
          locker.exec('BEGIN IMMEDIATE');
          return async () => {
            locker.exec('ROLLBACK');
            locker.close();
          };
        },
        async close() {
          for (const other of others) await other.close();
          await store.close();
          await database.cleanup();
        },
      };
    },
  },
];

function updateSetting(key: string, value: string, doc = new Y.Doc()): { doc: Y.Doc; update: Uint8Array } {
  let update: Uint8Array = new Uint8Array();
  const capture = (u: Uint8Array) => (update = u);
  doc.on('update', capture);
  doc.getMap('records').set(key, value);
  doc.off('update', capture);
  return { doc, update };
}

function contentOf(state: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Record<string, unknown> {
  const doc = new Y.Doc();
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
  for (const u of state.updates) Y.applyUpdate(doc, u);
  return doc.getMap('records').toJSON();
}

for (const impl of implementations) {
  describe(`BoardStore contract: ${impl.name}`, () => {
    let harness: Awaited<ReturnType<StoreUnderTest['open']>>;
    beforeAll(async () => {
      harness = await impl.open();
    });
    afterAll(async () => {
      await harness.close();
    });

    it('S1: a board never written loads empty', async () => {
      const board = await harness.newBoard();
      expect(await harness.store.load(board)).toEqual({ snapshot: null, updates: [], lastUpdateId: 0 });
    });

    it('S2: appended updates load back in order, byte for byte, with increasing ids', async () => {
      const board = await harness.newBoard();
      const a = updateSetting('a', '1');
      const b = updateSetting('b', '2', a.doc);
      const c = updateSetting('c', '3', a.doc);
      const first = (await harness.store.appendUpdates(board, [a.update])).rowId;
      const last = (await harness.store.appendUpdates(board, [b.update, c.update])).rowId;
      expect(last).toBeGreaterThan(first);
      const loaded = await harness.store.load(board);
      expect(loaded.updates.map((u) => Array.from(u))).toEqual([a.update, b.update, c.update].map((u) => Array.from(u)));
      expect(loaded.lastUpdateId).toBe(last);
      expect(contentOf(loaded)).toEqual({ a: '1', b: '2', c: '3' });
    });

    it('S3: boards do not see each other’s updates', async () => {
      const one = await harness.newBoard();
      const two = await harness.newBoard();
      await harness.store.appendUpdates(one, [updateSetting('only-one', 'x').update]);
      expect((await harness.store.load(two)).updates).toEqual([]);
    });

    it('S4: seed writes the first state exactly once', async () => {
      const board = await harness.newBoard();
      const seed = updateSetting('seed', 'template').update;
      const [first, second] = await Promise.all([harness.store.seed(board, seed), harness.store.seed(board, seed)].map((p) => p.catch(() => null)));
      expect([first, second].filter((id) => id !== null)).toHaveLength(1);
      expect((await harness.store.load(board)).updates).toHaveLength(1);
      expect(await harness.store.seed(board, seed)).toBeNull();
    });

    it('S5: seed refuses a board that already has updates', async () => {
      const board = await harness.newBoard();
      await harness.store.appendUpdates(board, [updateSetting('x', '1').update]);
      expect(await harness.store.seed(board, updateSetting('seed', 't').update)).toBeNull();
    });

    it('S6: compaction folds the stored rows into the snapshot, deletes them, and appends continue after it', async () => {
      const board = await harness.newBoard();
      const doc = new Y.Doc();
      await harness.store.appendUpdates(board, [updateSetting('a', '1', doc).update]);
      const { rowId: through } = await harness.store.appendUpdates(board, [updateSetting('b', '2', doc).update]);
      expect(await harness.store.compact(board)).toBe(through);
      const compacted = await harness.store.load(board);
      expect(compacted.snapshot).not.toBeNull();
      expect(compacted.updates).toEqual([]);
      expect(compacted.lastUpdateId).toBe(through);
      const later = updateSetting('c', '3', doc).update;
      const { rowId: laterId, prevRowId } = await harness.store.appendUpdates(board, [later]);
      // Every row was compacted: the head is the snapshot's last row.
      expect(prevRowId).toBe(through);
      expect(laterId).toBeGreaterThan(through);
      const loaded = await harness.store.load(board);
      expect(loaded.updates.map((u) => Array.from(u))).toEqual([Array.from(later)]);
      expect(loaded.lastUpdateId).toBe(laterId);
      expect(contentOf(loaded)).toEqual({ a: '1', b: '2', c: '3' });
    });

    it('S7: compacting a board with nothing new to fold changes nothing', async () => {
      const board = await harness.newBoard();
      expect(await harness.store.compact(board)).toBeNull();
      expect(await harness.store.load(board)).toEqual({ snapshot: null, updates: [], lastUpdateId: 0 });
      const { rowId: id } = await harness.store.appendUpdates(board, [updateSetting('a', '1').update]);
      expect(await harness.store.compact(board)).toBe(id);
      const once = await harness.store.load(board);
      expect(await harness.store.compact(board)).toBeNull();
      expect(await harness.store.load(board)).toEqual(once);
    });

    it('S8: compaction folds rows another store on the same database wrote (never one process’s memory)', async () => {
      const board = await harness.newBoard();
      const other = await harness.another();
      const mine = new Y.Doc();
      const theirs = new Y.Doc();
      await harness.store.appendUpdates(board, [updateSetting('mine-1', '1', mine).update]);
      await other.appendUpdates(board, [updateSetting('theirs-1', '1', theirs).update]);
      const { rowId: last } = await harness.store.appendUpdates(board, [updateSetting('mine-2', '2', mine).update]);
      expect(await harness.store.compact(board)).toBe(last);
      const loaded = await other.load(board);
      expect(loaded.updates).toEqual([]);
      expect(contentOf(loaded)).toEqual({ 'mine-1': '1', 'theirs-1': '1', 'mine-2': '2' });
    });

    it('S9: appending nothing is an error, not a silent success', async () => {
      const board = await harness.newBoard();
      await expect(harness.store.appendUpdates(board, [])).rejects.toThrow();
    });

    it('S10: an append to a board that does not exist fails', async () => {
      await expect(harness.store.appendUpdates('no-such-board', [updateSetting('x', '1').update])).rejects.toThrow();
    });

    it('S11: a write the database refuses rejects (the room retries), and the store writes again afterwards', async () => {
      const board = await harness.newBoard();
      const refused = updateSetting('refused', '1');
      const restore = await harness.refuseWrites();
      try {
        await expect(harness.store.appendUpdates(board, [refused.update])).rejects.toThrow();
      } finally {
        await restore();
      }
      const { rowId: id } = await harness.store.appendUpdates(board, [refused.update]);
      expect((await harness.store.load(board)).lastUpdateId).toBe(id);
      expect(contentOf(await harness.store.load(board))).toEqual({ refused: '1' });
    });

    it('S12: the caller keeps its bytes (a store may not detach or alter what it was given)', async () => {
      const board = await harness.newBoard();
      const { update } = updateSetting('kept', 'yes');
      const before = Array.from(update);
      await harness.store.appendUpdates(board, [update]);
      await harness.store.seed(await harness.newBoard(), update);
      expect(Array.from(update)).toEqual(before);
    });

    it('S13: appends and compactions racing on two stores lose nothing', async () => {
      const board = await harness.newBoard();
      const other = await harness.another();
      const expected: Record<string, string> = {};
      const appends: Promise<AppendResult>[] = [];
      const compactions: Promise<number | null>[] = [];
      for (let i = 0; i < 20; i++) {
        for (const [name, store] of [['one', harness.store], ['two', other]] as const) {
          const key = `${name}-${i}`;
          expected[key] = String(i);
          appends.push(store.appendUpdates(board, [updateSetting(key, String(i)).update]));
          if (i % 4 === 0) compactions.push(store.compact(board));
        }
      }
      await Promise.all(appends);
      // A compaction may fail when it loses a race for the lock (the room tries again later);
      // failing, it must change nothing, which the content check below pins down.
      await Promise.allSettled(compactions);
      await harness.store.compact(board);
      const loaded = await harness.store.load(board);
      expect(loaded.updates).toEqual([]);
      expect(contentOf(loaded)).toEqual(expected);
    });

    it('S14: the snapshot drops deleted content rather than keeping it for ever', async () => {
      const board = await harness.newBoard();
      const doc = new Y.Doc();
      const big = 'x'.repeat(50_000);
      await harness.store.appendUpdates(board, [updateSetting('photo', big, doc).update]);
      let deletion: Uint8Array = new Uint8Array();
      doc.once('update', (u: Uint8Array) => (deletion = u));
      doc.getMap('records').delete('photo');
      await harness.store.appendUpdates(board, [deletion]);
      await harness.store.compact(board);
      const loaded = await harness.store.load(board);
      expect(contentOf(loaded)).toEqual({});
      expect(loaded.snapshot?.byteLength).toBeLessThan(1_000);
    });
    it('S15: each append says which rows it added: prevRowId is the head before it (0 for a new board), rowId its last row', async () => {
      const board = await harness.newBoard();
      const first = await harness.store.appendUpdates(board, [updateSetting('a', '1').update]);
      expect(first.prevRowId).toBe(0);
      const second = await harness.store.appendUpdates(board, [updateSetting('b', '1').update, updateSetting('c', '1').update]);
      expect(second.prevRowId).toBe(first.rowId);
      expect(second.rowId).toBeGreaterThan(first.rowId);
      // Another board's rows in between do not count.
      await harness.store.appendUpdates(await harness.newBoard(), [updateSetting('elsewhere', '1').update]);
      const third = await harness.store.appendUpdates(board, [updateSetting('d', '1').update]);
      expect(third.prevRowId).toBe(second.rowId);
    });

    it('S16: appends racing on two stores chain without gaps or overlaps: (prevRowId, rowId] tile the log', async () => {
      const board = await harness.newBoard();
      const other = await harness.another();
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? harness.store : other).appendUpdates(board, [updateSetting(`k${i}`, String(i)).update])),
      );
      const sorted = [...results].sort((x, y) => x.rowId - y.rowId);
      expect(sorted[0].prevRowId).toBe(0);
      for (let i = 1; i < sorted.length; i++) expect(sorted[i].prevRowId).toBe(sorted[i - 1].rowId);
    });

    it('S17: readUpdatesSince returns the rows after a row id, in order, and the highest id read', async () => {
      const board = await harness.newBoard();
      const doc = new Y.Doc();
      const a = updateSetting('a', '1', doc).update;
      const b = updateSetting('b', '2', doc).update;
      const c = updateSetting('c', '3', doc).update;
      const first = await harness.store.appendUpdates(board, [a]);
      const second = await harness.store.appendUpdates(board, [b]);
      const third = await harness.store.appendUpdates(board, [c]);
      const since = await harness.store.readUpdatesSince(board, first.rowId);
      expect(since.snapshot).toBeNull();
      expect(since.updates.map((u) => Array.from(u))).toEqual([b, c].map((u) => Array.from(u)));
      expect(since.lastRowId).toBe(third.rowId);
      expect(second.rowId).toBeLessThan(third.rowId);
      expect(await harness.store.readUpdatesSince(board, third.rowId)).toEqual({ snapshot: null, updates: [], lastRowId: third.rowId });
    });

    it('S18: readUpdatesSince behind a compaction brings the snapshot and the rows after it', async () => {
      const board = await harness.newBoard();
      const doc = new Y.Doc();
      const first = await harness.store.appendUpdates(board, [updateSetting('a', '1', doc).update]);
      const through = await harness.store.appendUpdates(board, [updateSetting('b', '2', doc).update]);
      expect(await harness.store.compact(board)).toBe(through.rowId);
      const after = updateSetting('c', '3', doc).update;
      const last = await harness.store.appendUpdates(board, [after]);
      const since = await harness.store.readUpdatesSince(board, first.rowId);
      expect(since.snapshot).not.toBeNull();
      expect(since.updates.map((u) => Array.from(u))).toEqual([Array.from(after)]);
      expect(since.lastRowId).toBe(last.rowId);
      expect(contentOf({ snapshot: since.snapshot, updates: since.updates })).toEqual({ a: '1', b: '2', c: '3' });
      // Nothing the caller has not seen: no snapshot.
      expect((await harness.store.readUpdatesSince(board, through.rowId)).snapshot).toBeNull();
    });

    it('S19: a row that cannot be folded fails the compaction and deletes nothing; other boards still compact', async () => {
      const board = await harness.newBoard();
      const good = updateSetting('a', '1').update;
      const damaged = new Uint8Array([1, 2, 3]);
      await harness.store.appendUpdates(board, [good]);
      const { rowId: last } = await harness.store.appendUpdates(board, [damaged]);
      await expect(harness.store.compact(board)).rejects.toThrow(/Unexpected end of array/);
      const kept = await harness.store.load(board);
      expect(kept.snapshot).toBeNull();
      expect(kept.updates.map((u) => Array.from(u))).toEqual([Array.from(good), Array.from(damaged)]);
      expect(kept.lastUpdateId).toBe(last);
      // Whatever folds (a thread, a worker) is still there for the next board.
      const other = await harness.newBoard();
      const { rowId } = await harness.store.appendUpdates(other, [updateSetting('b', '2').update]);
      expect(await harness.store.compact(other)).toBe(rowId);
    });
  });
}

describe('better-sqlite3 store and Prisma share the tables', () => {
  it('Prisma reads the rows and snapshot the worker store wrote, timestamps included, and the other way round', async () => {
    const database = await createTestDatabase();
    const store = createSqliteBoardStore(database.file);
    try {
      const board = (await seedBoardFixture(database.db)).pairBoardId;
      const doc = new Y.Doc();
      const startedAt = Date.now();
      const { rowId: first } = await store.appendUpdates(board, [updateSetting('a', '1', doc).update]);
      const rows = await database.db.boardUpdate.findMany({ where: { boardId: board } });
      expect(rows.map((r) => r.id)).toEqual([first]);
      expect(Math.abs(rows[0].createdAt.getTime() - startedAt)).toBeLessThan(60_000);

      await store.compact(board);
      const snapshot = await database.db.boardSnapshot.findUniqueOrThrow({ where: { boardId: board } });
      expect(snapshot.throughUpdateId).toBe(first);
      expect(Math.abs(snapshot.updatedAt.getTime() - startedAt)).toBeLessThan(60_000);

      const { rowId: viaPrisma } = await createPrismaBoardStore(database.db).appendUpdates(board, [updateSetting('b', '2', doc).update]);
      const loaded = await store.load(board);
      expect(loaded.lastUpdateId).toBe(viaPrisma);
      expect(contentOf(loaded)).toEqual({ a: '1', b: '2' });
      expect(contentOf(await createPrismaBoardStore(database.db).load(board))).toEqual({ a: '1', b: '2' });
    } finally {
      await store.close();
      await database.cleanup();
    }
  });
});

describe('PostgreSQL store: group commit', () => {
  it('P1: appends arriving while a commit is in flight share the next transaction', async () => {
    const database = await createPostgresTestDatabase();
    const store = createPostgresBoardStore(database.url);
    try {
      const fixture = await seedBoardFixture(database.db);
      const boards = [fixture.pairBoardId, fixture.workshopBoardId, fixture.otherCohortBoardId];
      const appends = Array.from({ length: 30 }, (_, i) => store.appendUpdates(boards[i % 3], [updateSetting(`k${i}`, String(i)).update]));
      const ids = await Promise.all(appends);
      expect(new Set(ids).size).toBe(30);
      // Rows written by one transaction share its xmin: the first append commits alone, the
      // 29 queued behind it go together.
      const [{ transactions }] = await database.db.$queryRawUnsafe<{ transactions: number }[]>(
        'SELECT count(DISTINCT xmin::text)::int AS transactions FROM "BoardUpdate"',
      );
      expect(transactions).toBe(2);
      for (const board of boards) expect(Object.keys(contentOf(await store.load(board)))).toHaveLength(10);
    } finally {
      await store.close();
      await database.cleanup();
    }
  });

  it('P2: an append to a missing board fails alone, not the others in its transaction', async () => {
    const database = await createPostgresTestDatabase();
    const store = createPostgresBoardStore(database.url);
    try {
      const board = (await seedBoardFixture(database.db)).pairBoardId;
      const first = store.appendUpdates(board, [updateSetting('first', '1').update]);
      const [good, missing] = await Promise.allSettled([
        store.appendUpdates(board, [updateSetting('good', '1').update]),
        store.appendUpdates('no-such-board', [updateSetting('lost', '1').update]),
      ]);
      await first;
      expect(good.status).toBe('fulfilled');
      expect(missing.status).toBe('rejected');
      expect(contentOf(await store.load(board))).toEqual({ first: '1', good: '1' });
    } finally {
      await store.close();
      await database.cleanup();
    }
  });
});
