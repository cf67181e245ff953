import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { applyMigrations } from '../../server/db/migrate';
import { databaseUrlOn, findTestPostgres, onServer, TEST_DATABASE_PREFIX } from '../helpers/postgres';

/** A run older than this was killed before its teardown (runs take minutes); its databases can go. */
const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Drops the databases of runs killed before their teardown. Only old ones: other runs (another
 * worktree, a parallel CI job) may be using the server right now. A run's name carries its start
 * time in base 36.
 */
async function dropAbandonedDatabases(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const all = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [TEST_DATABASE_PREFIX]);
    for (const { datname } of all.rows) {
      const started = parseInt(datname.slice(TEST_DATABASE_PREFIX.length).split('_')[0], 36);
      if (Number.isFinite(started) && Date.now() - started > ABANDONED_AFTER_MS) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

/**
 * Migrates one template database per run for each engine; each test copies it (see
 * tests/helpers/db.ts and tests/helpers/postgres.ts) instead of migrating again. SQLite: a file.
 * PostgreSQL: a database named after the run, on the server tests/helpers/postgres.ts finds;
 * every database the run created is dropped at the end.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'together-board-template-'));
  const file = path.join(dir, 'template.db');
  await applyMigrations(`file:${file}`);
  process.env.TEST_TEMPLATE_DB = file;

  const server = await findTestPostgres();
  await dropAbandonedDatabases(server.adminUrl);
  const run = `${TEST_DATABASE_PREFIX}${Date.now().toString(36)}_${process.pid}`;
  const template = `${run}_template`;
  await onServer(server.adminUrl, `CREATE DATABASE "${template}"`);
  await applyMigrations(databaseUrlOn(server.adminUrl, template));
  process.env.TEST_POSTGRES_ADMIN_URL = server.adminUrl;
  process.env.TEST_POSTGRES_TEMPLATE = template;

  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    // Whatever a crashed or interrupted test left behind in this run goes too.
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    try {
      const left = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [run]);
      for (const { datname } of left.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
    await server.stop();
  };
}
