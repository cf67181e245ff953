import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from './generated/sqlite/client';
import { databaseFileUrl } from './location';

export type Db = PrismaClient;

// The custom server (tsx) and Next's bundled route code run in one process but load this
// module separately: keep one client per process on globalThis so they share a connection.
const globalKey = Symbol.for('together-board.prisma');
type GlobalWithDb = typeof globalThis & { [globalKey]?: PrismaClient };

/** Opens a Prisma client on the embedded SQLite database (or `url`). */
export function createDb(url = databaseFileUrl()): PrismaClient {
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
}

/** The process-wide database client. */
export function db(): PrismaClient {
  const g = globalThis as GlobalWithDb;
  g[globalKey] ??= createDb();
  return g[globalKey];
}

/**
 * Sets SQLite up for a server: WAL so readers never wait for the writer, and
 * synchronous=FULL because "All changes saved" is a promise that must hold even if the
 * machine loses power, not only if the process dies (NORMAL in WAL mode may lose the last
 * commits on power loss). The cost, one fsync per commit, is paid once per batch of updates.
 * busy_timeout lets the app and the realtime server wait for each other instead of failing.
 */
export async function configureSqlite(client: PrismaClient): Promise<void> {
  await client.$queryRaw`PRAGMA journal_mode = WAL`;
  await client.$queryRaw`PRAGMA synchronous = FULL`;
  await client.$queryRaw`PRAGMA busy_timeout = 5000`;
  await client.$queryRaw`PRAGMA foreign_keys = ON`;
}
