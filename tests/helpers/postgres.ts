import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb, type Db } from '../../server/db/client';

/**
 * PostgreSQL for the tests, found the way Chromium is: `TEST_DATABASE_URL` when set, else the
 * local service on its default port (127.0.0.1:5432, user postgres), else a throwaway server
 * started here from PostgreSQL's own binaries (Debian's `postgresql` package). Never skipped:
 * with none of the three the run fails and says what to install.
 */

/** The local service the suite tries second. */
const LOCAL_SERVICE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
/** How long connecting to a candidate server may take before the next is tried. */
const CONNECT_TIMEOUT_MS = 2_000;
/** Every database a run creates starts with this, followed by the run's id. */
export const TEST_DATABASE_PREFIX = 'together_board_test_';

/** A PostgreSQL server the tests may create and drop databases on. */
export interface TestPostgresServer {
  /** A URL to a maintenance database on the server (for CREATE/DROP DATABASE). */
  adminUrl: string;
  /** Where it came from, for the run's log. */
  source: 'TEST_DATABASE_URL' | 'local service' | 'throwaway server';
  /** Stops a throwaway server (nothing for the others). */
  stop(): Promise<void>;
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The folder holding initdb and pg_ctl: on PATH, or Debian's /usr/lib/postgresql/<version>/bin. */
function postgresBinDir(): string | null {
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return path.dirname(fs.realpathSync(onPath));
  const debian = '/usr/lib/postgresql';
  if (!fs.existsSync(debian)) return null;
  const versions = fs
    .readdirSync(debian)
    .filter((v) => fs.existsSync(path.join(debian, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(debian, versions[0], 'bin') : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a throwaway server in a temporary folder. initdb refuses to run as root, so as root it
 * runs as the `postgres` user the package creates.
 */
async function startThrowawayServer(binDir: string): Promise<TestPostgresServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'together-board-pg-'));
  const dataDir = path.join(dir, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    fs.chownSync(dir, uid, gid);
  }
  const run = (file: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : path.join(binDir, file), asRoot ? ['-u', 'postgres', '--', path.join(binDir, file), ...args] : args, {
      stdio: 'pipe',
      cwd: dir,
    });
  run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  run('pg_ctl', ['-D', dataDir, '-l', path.join(dir, 'server.log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  return {
    adminUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    source: 'throwaway server',
    async stop() {
      run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Finds or starts PostgreSQL for this run (see the top of this file for the order). */
export async function findTestPostgres(): Promise<TestPostgresServer> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    if (!(await reachable(given))) throw new Error('TEST_DATABASE_URL is set but PostgreSQL does not answer there.');
    return { adminUrl: given, source: 'TEST_DATABASE_URL', stop: async () => undefined };
  }
  if (await reachable(LOCAL_SERVICE_URL)) return { adminUrl: LOCAL_SERVICE_URL, source: 'local service', stop: async () => undefined };
  const binDir = postgresBinDir();
  if (binDir) return startThrowawayServer(binDir);
  throw new Error(
    'The integration tests need PostgreSQL: set TEST_DATABASE_URL, run PostgreSQL on 127.0.0.1:5432 ' +
      '(user postgres), or install its binaries (Debian: apt-get install postgresql) so the tests can start their own.',
  );
}

/** The URL of database `name` on the server behind `adminUrl`. */
export function databaseUrlOn(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs one statement on the server's maintenance database. */
export async function onServer(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated PostgreSQL database (copied from the run's template) with an open client. */
export interface PostgresTestDatabase {
  url: string;
  db: Db;
  cleanup(): Promise<void>;
}

let counter = 0;

/** Creates a database from the run's migrated template (see global-setup.ts); dropped by cleanup. */
export async function createPostgresTestDatabase(): Promise<PostgresTestDatabase> {
  const adminUrl = process.env.TEST_POSTGRES_ADMIN_URL;
  const template = process.env.TEST_POSTGRES_TEMPLATE;
  if (!adminUrl || !template) throw new Error('TEST_POSTGRES_ADMIN_URL is not set: run through the integration project');
  const name = `${template.replace(/_template$/, '')}_${process.pid}_${++counter}`;
  await onServer(adminUrl, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const url = databaseUrlOn(adminUrl, name);
  const db = createDb(url);
  return {
    url,
    db,
    async cleanup() {
      await db.$disconnect();
      await onServer(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
