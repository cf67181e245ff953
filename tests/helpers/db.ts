import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configureDatabase, createDb, type Db } from '../../server/db/client';

export interface TestDatabase {
  url: string;
  file: string;
  db: Db;
  cleanup(): Promise<void>;
}

/** A fresh, migrated SQLite file (copied from the run's template) with an open client. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env.TEST_TEMPLATE_DB;
  if (!template) throw new Error('TEST_TEMPLATE_DB is not set: run through the integration project');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'together-board-test-'));
  const file = path.join(dir, 'test.db');
  fs.copyFileSync(template, file);
  const url = `file:${file}`;
  const db = createDb(url);
  await configureDatabase(db);
  return {
    url,
    file,
    db,
    async cleanup() {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns truthy or `timeoutMs` passes; never sleeps blindly. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 5000, what = 'condition'): Promise<NonNullable<T>> {
  const started = Date.now();
  let lastError: unknown;
  while (Date.now() - started < timeoutMs) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}
