import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { databaseFilePath, databaseKind, databaseUrl } from './location';
import { applyPostgresMigrations } from './postgres-migrate';

const run = promisify(execFile);

/**
 * Applies the checked-in migrations to the database at `url`: `prisma migrate deploy` for SQLite,
 * our runner for PostgreSQL (Prisma's JS schema engine cannot migrate PostgreSQL; see
 * postgres-migrate.ts). Safe when several nodes start at once.
 */
export async function applyMigrations(url = databaseUrl()): Promise<void> {
  if (databaseKind(url) === 'postgresql') {
    await applyPostgresMigrations(url).catch((error: unknown) => {
      throw new Error(`Could not prepare the PostgreSQL database: ${error instanceof Error ? error.message : String(error)}`);
    });
    return;
  }
  fs.mkdirSync(path.dirname(path.resolve(databaseFilePath(url))), { recursive: true });
  const prisma = path.resolve('node_modules', '.bin', 'prisma');
  try {
    await run(prisma, ['migrate', 'deploy'], { env: { ...process.env, DATABASE_URL: url } });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`Could not prepare the database at ${url}:\n${e.stderr || e.stdout || String(error)}`);
  }
}
