import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb } from '../../server/db/client';
import { seedDemoIfEmpty } from '../../server/db/demo-seed';
import { applyPostgresMigrations, readPostgresMigrations } from '../../server/db/postgres-migrate';
import { createPostgresTestDatabase, databaseUrlOn, onServer } from '../helpers/postgres';

/** How many nodes start at once in the concurrency test. */
const NODES = 6;

const created: string[] = [];
let counter = 0;

/** A new, empty database (not the migrated template): what a first deployment starts on. */
async function emptyDatabase(): Promise<string> {
  const adminUrl = process.env.TEST_POSTGRES_ADMIN_URL;
  const template = process.env.TEST_POSTGRES_TEMPLATE;
  if (!adminUrl || !template) throw new Error('TEST_POSTGRES_ADMIN_URL is not set: run through the integration project');
  const name = `${template.replace(/_template$/, '')}_migrate_${process.pid}_${++counter}`;
  await onServer(adminUrl, `CREATE DATABASE "${name}"`);
  created.push(name);
  return databaseUrlOn(adminUrl, name);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function migrationsDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'together-board-migrations-'));
  for (const [name, sql] of Object.entries(files)) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

afterEach(async () => {
  const adminUrl = process.env.TEST_POSTGRES_ADMIN_URL as string;
  for (const name of created.splice(0)) await onServer(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe('PostgreSQL migrations at start', () => {
  it('applies each checked-in migration exactly once when several nodes start together', async () => {
    const url = await emptyDatabase();
    const results = await Promise.all(Array.from({ length: NODES }, () => applyPostgresMigrations(url)));
    const names = readPostgresMigrations().map((m) => m.name);
    expect(names.length).toBeGreaterThan(0);
    // One node applied everything; the others waited on the lock and found nothing left to do.
    expect(results.filter((r) => r.length > 0)).toEqual([names]);
    const recorded = await query<{ name: string }>(url, 'SELECT name FROM "_together_board_migrations" ORDER BY name');
    expect(recorded.map((r) => r.name)).toEqual(names);
    const tables = await query<{ table_name: string }>(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['Board', 'BoardUpdate', 'BoardSnapshot', 'User', 'Session', 'Invitation']));
    expect(await applyPostgresMigrations(url)).toEqual([]);
  });

  it('leaves nothing of a failing migration behind, stops there, and applies it once fixed', async () => {
    const url = await emptyDatabase();
    const good = '20260101000000_first';
    const bad = '20260102000000_second';
    const dir = migrationsDir({ [good]: 'CREATE TABLE one (id int);', [bad]: 'CREATE TABLE two (id int); SELECT no_such_function();' });
    await expect(applyPostgresMigrations(url, dir)).rejects.toThrow(/20260102000000_second failed/);
    const tables = async () => (await query<{ table_name: string }>(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")).map((t) => t.table_name);
    expect(await tables()).toEqual(['_together_board_migrations', 'one']);
    fs.writeFileSync(path.join(dir, bad, 'migration.sql'), 'CREATE TABLE two (id int);');
    expect(await applyPostgresMigrations(url, dir)).toEqual([bad]);
    expect(await tables()).toEqual(['_together_board_migrations', 'one', 'two']);
  });

  it('refuses to start when an applied migration was edited afterwards', async () => {
    const url = await emptyDatabase();
    const dir = migrationsDir({ '20260101000000_first': 'CREATE TABLE one (id int);' });
    await applyPostgresMigrations(url, dir);
    fs.writeFileSync(path.join(dir, '20260101000000_first', 'migration.sql'), 'CREATE TABLE one (id bigint);');
    await expect(applyPostgresMigrations(url, dir)).rejects.toThrow(/changed after it was applied/);
  });
});

describe('PostgreSQL demo data at start', () => {
  it('is seeded once when several nodes start together on an empty database', async () => {
    const database = await createPostgresTestDatabase();
    // Each node has its own client (its own connections), as separate processes would.
    const nodes = Array.from({ length: 3 }, () => createDb(database.url));
    try {
      const results = await Promise.all(nodes.map((node) => seedDemoIfEmpty(node)));
      expect(results.filter((r) => r.seeded)).toHaveLength(1);
      expect(await database.db.programme.count()).toBe(1);
      expect(await database.db.cohort.count()).toBe(6);
    } finally {
      for (const node of nodes) await node.$disconnect();
      await database.cleanup();
    }
  });
});
