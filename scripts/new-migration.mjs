#!/usr/bin/env node
// Creates the next migration from a schema change, offline.
// `prisma migrate dev` needs a shadow database that the JS engine cannot provide here, so we
// diff the schema as committed at HEAD (or empty, for the first one) against the working copy.
// Usage: npm run db:new-migration -- <name>
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SCHEMA = 'prisma/sqlite/schema.prisma';
const MIGRATIONS = 'prisma/sqlite/migrations';
const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_').toLowerCase();
if (!name) {
  console.error('Give the migration a name: npm run db:new-migration -- add_display_links');
  process.exit(2);
}

const hasMigrations = fs.existsSync(MIGRATIONS) && fs.readdirSync(MIGRATIONS).some((d) => /^\d/.test(d));
let from = ['--from-empty'];
if (hasMigrations) {
  const previous = execFileSync('git', ['show', `HEAD:${SCHEMA}`], { encoding: 'utf8' });
  const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tb-migration-')), 'schema.prisma');
  fs.writeFileSync(tmp, previous);
  from = ['--from-schema-datamodel', tmp];
}

const out = execFileSync(
  'npx',
  ['prisma', 'migrate', 'diff', ...from, '--to-schema-datamodel', SCHEMA, '--script'],
  { encoding: 'utf8', env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? 'file:./data/together-board.db' } },
);
// `migrate diff` prints "Loaded Prisma config ..." on stdout before the SQL.
const sql = out
  .split('\n')
  .filter((line) => !line.startsWith('Loaded Prisma config'))
  .join('\n')
  .trim();
if (!sql || /^-- This is an empty migration/.test(sql)) {
  console.log('No schema change: no migration written.');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
const dir = path.join(MIGRATIONS, `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'migration.sql'), sql + '\n');
if (!fs.existsSync(path.join(MIGRATIONS, 'migration_lock.toml'))) {
  fs.writeFileSync(path.join(MIGRATIONS, 'migration_lock.toml'), 'provider = "sqlite"\n');
}
console.log(`Wrote ${dir}/migration.sql. It is applied at the next start (prisma migrate deploy).`);
