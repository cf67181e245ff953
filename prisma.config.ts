import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { databaseFilePath, databaseKind, databaseUrl, embeddedDatabaseUrl } from './server/db/location';

// Prisma config for the SQLite flavour (the PostgreSQL one is prisma.postgres.config.ts). The
// schema reads DATABASE_URL: the embedded database under data/ unless a SQLite URL is given (with
// a PostgreSQL one set, `prisma generate` still needs a SQLite URL here, or it reaches for a download).
const url = databaseKind() === 'sqlite' ? databaseUrl() : embeddedDatabaseUrl();
process.env.DATABASE_URL = url;

// The JS schema engine (Prisma 6.19 with driver adapters) works offline; the Rust engine
// of Prisma 7 needs a download this network refuses. See ../shared/docs/ENVIRONMENT.md.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/sqlite/schema.prisma',
  migrations: { path: 'prisma/sqlite/migrations' },
  adapter: async () => {
    // The CLI opens the file even to diff two schemas: its folder must exist.
    fs.mkdirSync(path.dirname(path.resolve(databaseFilePath(url))), { recursive: true });
    return new PrismaBetterSQLite3({ url });
  },
});
