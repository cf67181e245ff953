import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyMigrations } from '../../server/db/migrate';

/**
 * Migrates one template SQLite database per run; each test copies it (see tests/helpers/db.ts)
 * instead of running `prisma migrate deploy` again.
 */
export default async function setup(): Promise<() => void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'together-board-template-'));
  const file = path.join(dir, 'template.db');
  await applyMigrations(`file:${file}`);
  process.env.TEST_TEMPLATE_DB = file;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
