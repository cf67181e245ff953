import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configureDatabase, createDb, type Db } from '../../server/db/client';
import type { DatabaseKind } from '../../server/db/location';
import { createPostgresTestDatabase } from './postgres';

export interface TestDatabase {
  engine: DatabaseKind;
  url: string;
  /** The SQLite file (a test that reads it needs SQLite: on PostgreSQL this throws). */
  file: string;
  db: Db;
  cleanup(): Promise<void>;
}

/**
 * The engine this run's test databases use: TEST_DATABASE_ENGINE (set by the
 * `integration-postgres` project in vitest.config.ts), else SQLite.
 */
export function testEngine(): DatabaseKind {
  return process.env.TEST_DATABASE_ENGINE === 'postgresql' ? 'postgresql' : 'sqlite';
}

const urls = new WeakMap<Db, string>();

/** The URL of a test database's client (for a store or a second client on the same database). */
export function testDatabaseUrl(db: Db): string {
  const url = urls.get(db);
  if (!url) throw new Error('Not a client from createTestDatabase');
  return url;
}

/**
 * A fresh, migrated database with an open client, copied from the run's template: a SQLite
 * file, or on PostgreSQL runs (see testEngine) a database of its own, dropped by cleanup.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testEngine() === 'postgresql') {
    const database = await createPostgresTestDatabase();
    urls.set(database.db, database.url);
    return {
      engine: 'postgresql',
      ...database,
      get file(): string {
        throw new Error('This test reads the SQLite file: it cannot run on PostgreSQL');
      },
    };
  }
  const template = process.env.TEST_TEMPLATE_DB;
  if (!template) throw new Error('TEST_TEMPLATE_DB is not set: run through the integration project');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'together-board-test-'));
  const file = path.join(dir, 'test.db');
  fs.copyFileSync(template, file);
  const url = `file:${file}`;
  const db = createDb(url);
  urls.set(db, url);
  await configureDatabase(db);
  return {
    engine: 'sqlite',
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
