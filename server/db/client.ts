import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as PostgresPrismaClient } from './generated/postgres/client';
import { PrismaClient } from './generated/sqlite/client';
import { databaseKind, databaseUrl, type DatabaseKind } from './location';

/**
 * The database client the app uses. Typed as the SQLite flavour's client: both flavours are
 * generated from the same models (tests/unit/prisma-schemas.test.ts keeps them equal), so a
 * PostgreSQL client answers the same calls with the same types.
 */
export type Db = PrismaClient;

// The custom server (tsx) and Next's bundled route code run in one process but load this
// module separately: keep one client per process on globalThis so they share a connection.
const globalKey = Symbol.for('together-board.prisma');
type GlobalWithDb = typeof globalThis & { [globalKey]?: PrismaClient };

/**
 * Marks each client with the database it talks to. A registered symbol on the client itself,
 * not a module-level map: Next's route code loads this module a second time and must still
 * read the mark on the process-wide client the server created.
 */
const kindKey = Symbol.for('together-board.database-kind');
type MarkedDb = Db & { [kindKey]?: DatabaseKind };

/** Opens a Prisma client on the database at `url` (SQLite `file:` or `postgresql://`); defaults to DATABASE_URL or the embedded file. */
export function createDb(url = databaseUrl()): Db {
  const kind = databaseKind(url);
  const client =
    kind === 'postgresql'
      ? (new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db)
      : new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
  Object.defineProperty(client, kindKey, { value: kind });
  return client;
}

/** The database a client from createDb talks to. */
export function databaseKindOf(client: Db): DatabaseKind {
  return (client as MarkedDb)[kindKey] ?? 'sqlite';
}

/** The process-wide database client. */
export function db(): Db {
  const g = globalThis as GlobalWithDb;
  g[globalKey] ??= createDb();
  return g[globalKey];
}

/**
 * Prepares a connection for a server. PostgreSQL needs nothing here. SQLite gets WAL so readers
 * never wait for the writer, and synchronous=FULL because "All changes saved" is a promise that
 * must hold even if the machine loses power, not only if the process dies (NORMAL in WAL mode
 * may lose the last commits on power loss). The cost, one fsync per commit, is paid once per
 * batch of updates. busy_timeout lets the app and the realtime server wait for each other.
 */
export async function configureDatabase(client: Db): Promise<void> {
  if (databaseKindOf(client) !== 'sqlite') return;
  await client.$queryRaw`PRAGMA journal_mode = WAL`;
  await client.$queryRaw`PRAGMA synchronous = FULL`;
  await client.$queryRaw`PRAGMA busy_timeout = 5000`;
  await client.$queryRaw`PRAGMA foreign_keys = ON`;
}
