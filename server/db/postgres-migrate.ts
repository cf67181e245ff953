import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

/**
 * Applies the checked-in PostgreSQL migrations (prisma/postgres/migrations/<stamp>_<name>/migration.sql).
 * `prisma migrate deploy` cannot run against PostgreSQL with Prisma 6.19's JS schema engine
 * (prisma/orm#27403, see shared/docs/ENVIRONMENT.md), so this small runner does its job:
 * - one session-level advisory lock for the whole run, so when several nodes start together one
 *   applies the migrations and the others wait, then find them applied (each applied exactly once);
 * - one transaction per migration, together with its row in the migrations table, so a failed
 *   migration leaves nothing half applied and is tried again at the next start;
 * - a checksum per applied migration: an applied migration edited afterwards stops the start
 *   instead of leaving databases that differ silently.
 */

/** Where the PostgreSQL migrations live (each folder holds one migration.sql, applied in name order). */
export const POSTGRES_MIGRATIONS_DIR = path.resolve('prisma', 'postgres', 'migrations');

/** The table recording applied migrations (Prisma's own `_prisma_migrations` is left to Prisma). */
const MIGRATIONS_TABLE = '"_together_board_migrations"';

/**
 * Key of the advisory lock held while migrating: a constant of our own (the first 8 bytes of
 * sha256("together-board:migrations")), so it cannot collide with the per-board locks, which
 * use hashtext() of a board id in a separate two-key space.
 */
const MIGRATION_LOCK_KEY = BigInt.asIntN(64, BigInt(`0x${createHash('sha256').update('together-board:migrations').digest('hex').slice(0, 16)}`)).toString();

/** One migration file. */
export interface PostgresMigration {
  name: string;
  sql: string;
  checksum: string;
}

/** The migrations in `dir`, oldest first. */
export function readPostgresMigrations(dir = POSTGRES_MIGRATIONS_DIR): PostgresMigration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Brings the database at `url` up to date; resolves with the names of the migrations this call
 * applied (empty when another node had applied them, or nothing was new).
 */
export async function applyPostgresMigrations(url: string, dir = POSTGRES_MIGRATIONS_DIR): Promise<string[]> {
  const migrations = readPostgresMigrations(dir);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const applied: string[] = [];
  try {
    // Session-level, not per transaction: held across every migration's own transaction.
    await client.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const done = new Map(
        (await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM ${MIGRATIONS_TABLE}`)).rows.map((r) => [r.name, r.checksum]),
      );
      for (const migration of migrations) {
        const checksum = done.get(migration.name);
        if (checksum !== undefined) {
          if (checksum !== migration.checksum) {
            throw new Error(`The PostgreSQL migration ${migration.name} was changed after it was applied; write a new migration instead.`);
          }
          continue;
        }
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (name, checksum) VALUES ($1, $2)`, [migration.name, migration.checksum]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`The PostgreSQL migration ${migration.name} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
        applied.push(migration.name);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
  return applied;
}
