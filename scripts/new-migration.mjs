#!/usr/bin/env node
// Creates the next migration from a schema change, offline, for both databases.
// `prisma migrate dev` needs a shadow database that the JS engine cannot provide here, so we
// diff each schema as committed at HEAD (or empty, for the first one) against the working copy.
// The models are edited in prisma/sqlite/schema.prisma only; this script copies them into
// prisma/postgres/schema.prisma (a provider is a literal in Prisma, so each database has a file).
// Usage: npm run db:new-migration -- <name>
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SQLITE_SCHEMA = 'prisma/sqlite/schema.prisma';
const POSTGRES_SCHEMA = 'prisma/postgres/schema.prisma';
/** Where the models start in a schema file: everything above is the file's own generator and datasource. */
const MODELS_START = '// ---------- next-auth';

const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_').toLowerCase();
if (!name) {
  console.error('Give the migration a name: npm run db:new-migration -- add_display_links');
  process.exit(2);
}

/** The schema's text from its models on. */
function modelsOf(schema) {
  const start = schema.indexOf(MODELS_START);
  if (start < 0) throw new Error(`A schema must hold the line "${MODELS_START}" before its models`);
  return schema.slice(start);
}

// The PostgreSQL file keeps its own header and takes the SQLite file's models.
const postgres = fs.readFileSync(POSTGRES_SCHEMA, 'utf8');
fs.writeFileSync(POSTGRES_SCHEMA, postgres.slice(0, postgres.indexOf(MODELS_START)) + modelsOf(fs.readFileSync(SQLITE_SCHEMA, 'utf8')));

/** The SQL that takes the schema at HEAD (or nothing) to the working copy, without Prisma's banner. */
function diff(schema, migrations, config) {
  const hasMigrations = fs.existsSync(migrations) && fs.readdirSync(migrations).some((d) => /^\d/.test(d));
  let from = ['--from-empty'];
  if (hasMigrations) {
    const previous = execFileSync('git', ['show', `HEAD:${schema}`], { encoding: 'utf8' });
    const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tb-migration-')), 'schema.prisma');
    fs.writeFileSync(tmp, previous);
    from = ['--from-schema-datamodel', tmp];
  }
  const out = execFileSync('npx', ['prisma', 'migrate', 'diff', ...from, '--to-schema-datamodel', schema, '--script', '--config', config], {
    encoding: 'utf8',
  });
  // `migrate diff` prints "Loaded Prisma config ..." on stdout before the SQL.
  const sql = out
    .split('\n')
    .filter((line) => !line.startsWith('Loaded Prisma config'))
    .join('\n')
    .trim();
  return !sql || /^-- This is an empty migration/.test(sql) ? null : sql;
}

const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
const flavours = [
  { schema: SQLITE_SCHEMA, migrations: 'prisma/sqlite/migrations', config: 'prisma.config.ts', provider: 'sqlite', appliedBy: 'prisma migrate deploy' },
  {
    schema: POSTGRES_SCHEMA,
    migrations: 'prisma/postgres/migrations',
    config: 'prisma.postgres.config.ts',
    provider: 'postgresql',
    appliedBy: 'server/db/postgres-migrate.ts',
  },
];
let wrote = 0;
for (const { schema, migrations, config, provider, appliedBy } of flavours) {
  const sql = diff(schema, migrations, config);
  if (!sql) continue;
  const dir = path.join(migrations, `${stamp}_${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'migration.sql'), sql + '\n');
  if (!fs.existsSync(path.join(migrations, 'migration_lock.toml'))) {
    fs.writeFileSync(path.join(migrations, 'migration_lock.toml'), `provider = "${provider}"\n`);
  }
  console.log(`Wrote ${dir}/migration.sql (applied at the next start by ${appliedBy}).`);
  wrote += 1;
}
if (wrote === 0) console.log('No schema change: no migration written.');
