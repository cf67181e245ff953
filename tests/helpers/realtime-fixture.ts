import { test as base } from 'vitest';
import type * as Y from 'yjs';
import type { BoardRealtimeOptions } from '../../server/board-realtime';
import type { BoardAccess } from '../../server/domain/permissions';
import { createTestDatabase, waitFor, type TestDatabase } from './db';
import {
  connectClient,
  openRaw,
  seedBoardFixture,
  startTestRealtime,
  tokenFor,
  type BoardFixture,
  type FixtureUser,
  type RawConnection,
  type TestClient,
  type TestRealtime,
} from './realtime';

/** Options of a test server: anything createBoardRealtimeServer takes except the database. */
export type TestServerOptions = Omit<BoardRealtimeOptions, 'db'>;

/** The realtime world one test works in: a server on a free port and the clients it opened. */
export interface RealtimeWorld {
  /** The running server (started with default limits for each test, or again by `start`). */
  readonly server: TestRealtime;
  /** Starts a server with these options (closing the one running first): limits, a store... */
  start(options?: TestServerOptions): Promise<TestRealtime>;
  /** Stops the running server (its shutdown saves what it holds); the next `connect` starts one. */
  stop(): Promise<void>;
  /** Starts another server on the same database (its own memory and store), closed after the test. */
  also(options?: TestServerOptions): Promise<TestRealtime>;
  /**
   * Connects a stock y-websocket client as `user` (to `server`, else the running one) and waits
   * until it is synced and told its status; `doc` carries a document the client already holds
   * (a reload from the browser's storage).
   */
  connect(user: FixtureUser, boardId: string, options?: ConnectOptions & { access?: BoardAccess }): Promise<TestClient>;
  /** The same with a given token (an expired one, a projector's display token...). */
  join(boardId: string, token: string, options?: ConnectOptions): Promise<TestClient>;
  /**
   * Closes something the test opened (a store, a child process) after the servers, before the
   * database goes; with `first`, before the clients and servers go (undoing a fault it injected).
   */
  defer(close: () => unknown, options?: { first?: boolean }): void;
  /** A raw socket for hand-built frames, closed after the test. */
  raw(user: FixtureUser, boardId: string): Promise<RawConnection>;
}

export interface ConnectOptions {
  synced?: boolean;
  doc?: Y.Doc;
  /** Another server than the running one: a second one, a child process... */
  server?: Pick<TestRealtime, 'collabUrl'>;
}

/** What every realtime integration test gets: `database`, `boards` (seeded people and boards), `realtime`. */
export interface RealtimeFixtures {
  database: TestDatabase;
  boards: BoardFixture;
  realtime: RealtimeWorld;
}

/**
 * The one realtime test fixture (vitest `test.extend`): a fresh migrated SQLite file, the
 * seeded programme (two cohorts, a pair, three boards), and a realtime server, all torn down
 * after each test with every client it opened. Test files hold only what they check.
 */
export const realtimeTest = base.extend<RealtimeFixtures>({
  database: async ({}, provide) => {
    const database = await createTestDatabase();
    await provide(database);
    await database.cleanup();
  },
  boards: async ({ database }, provide) => {
    await provide(await seedBoardFixture(database.db));
  },
  realtime: async ({ database }, provide) => {
    let current: TestRealtime | null = null;
    const others: TestRealtime[] = [];
    const clients: TestClient[] = [];
    const raws: RawConnection[] = [];
    const deferred: (() => unknown)[] = [];
    const first: (() => unknown)[] = [];
    const start = async (options: TestServerOptions = {}) => {
      if (current) await current.close();
      current = await startTestRealtime({ db: database.db, ...options });
      return current;
    };
    current = await startTestRealtime({ db: database.db });
    const running = async () => current ?? (await start());
    const join = async (boardId: string, token: string, { synced = true, doc, server }: ConnectOptions = {}, who = 'client') => {
      const client = connectClient((server ?? (await running())).collabUrl, boardId, token, doc);
      clients.push(client);
      if (synced) await waitFor(() => client.provider.synced && client.status, 5000, `${who} synced`);
      return client;
    };
    const world: RealtimeWorld = {
      get server() {
        if (!current) throw new Error('The realtime server has stopped');
        return current;
      },
      start,
      async stop() {
        const stopping = current;
        current = null;
        await stopping?.close();
      },
      async also(options = {}) {
        const server = await startTestRealtime({ db: database.db, ...options });
        others.push(server);
        return server;
      },
      async connect(user, boardId, { access = 'edit', ...options } = {}) {
        return join(boardId, await tokenFor(user, boardId, access), options, user.name);
      },
      join: (boardId, token, options) => join(boardId, token, options),
      async raw(user, boardId) {
        const server = await running();
        const connection = await openRaw(server.collabUrl, boardId, await tokenFor(user, boardId));
        raws.push(connection);
        return connection;
      },
      defer(close, options = {}) {
        (options.first ? first : deferred).push(close);
      },
    };
    await provide(world);
    for (const close of first.reverse()) await close();
    for (const raw of raws) raw.ws.terminate();
    for (const client of clients) client.destroy();
    if (current) await (current as TestRealtime).close();
    for (const server of others) await server.close();
    for (const close of deferred.reverse()) await close();
  },
});
