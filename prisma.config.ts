import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { databaseFileUrl } from './server/db/location';

// The schema reads DATABASE_URL; default it to the embedded database under data/.
process.env.DATABASE_URL ??= databaseFileUrl();

// The JS schema engine (Prisma 6.19 with driver adapters) works offline; the Rust engine
// of Prisma 7 needs a download this network refuses. See ../shared/docs/ENVIRONMENT.md.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/sqlite/schema.prisma',
  migrations: { path: 'prisma/sqlite/migrations' },
  adapter: async () => new PrismaBetterSQLite3({ url: databaseFileUrl() }),
});
