import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { databaseFilePath, databaseFileUrl } from './location';

const run = promisify(execFile);

/** Applies the checked-in migrations (`prisma migrate deploy`) to the database at `url`. */
export async function applyMigrations(url = databaseFileUrl()): Promise<void> {
  fs.mkdirSync(path.dirname(path.resolve(databaseFilePath(url))), { recursive: true });
  const prisma = path.resolve('node_modules', '.bin', 'prisma');
  try {
    await run(prisma, ['migrate', 'deploy'], { env: { ...process.env, DATABASE_URL: url } });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`Could not prepare the database at ${url}:\n${e.stderr || e.stdout || String(error)}`);
  }
}
