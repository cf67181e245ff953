import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

// Prisma config for the PostgreSQL flavour, used to generate its client
// (`prisma generate --config prisma.postgres.config.ts`) and diff its migrations. The JS engine
// with a driver adapter keeps the CLI offline (see prisma.config.ts). Its migrations are applied
// by server/db/postgres-migrate.ts: `prisma migrate deploy` cannot read PostgreSQL through this
// adapter (prisma/orm#27403).
// The schema reads DATABASE_URL and the CLI wants a PostgreSQL one even to generate (without it,
// it reaches for an engine download): point it at the local default unless one is given.
const url = /^postgres(ql)?:\/\//i.test(process.env.DATABASE_URL ?? '') ? (process.env.DATABASE_URL as string) : 'postgresql://postgres@127.0.0.1:5432/postgres';
process.env.DATABASE_URL = url;

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/postgres/schema.prisma',
  migrations: { path: 'prisma/postgres/migrations' },
  adapter: async () => new PrismaPg({ connectionString: url }),
});
