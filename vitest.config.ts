import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@': path.resolve(import.meta.dirname) };

const integration = {
  environment: 'node' as const,
  globalSetup: ['tests/integration/global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
  // Servers and databases are real; keep files from fighting over two cores.
  maxWorkers: 2,
};

/**
 * Integration tests run a second time on PostgreSQL: the realtime server and the app's data
 * services. Left out: those that inject SQLite failures or kill a SQLite process
 * (realtime-save-failure, adversarial-crash), the timing probe (realtime-latency), the protocol
 * and lifecycle stress tests (about the socket layer, and minutes long: the store contract's
 * S13 races the PostgreSQL store instead), and the store contract, which runs every store itself.
 */
const POSTGRES_TWICE = [
  'tests/integration/realtime-*.test.ts',
  'tests/integration/adversarial-offline.test.ts',
  'tests/integration/{health-route,programme,invitations,auth-email-sign-in,facilitation-*,history-exports,murals,auto-versions,evaluation-route}.test.ts',
];
const POSTGRES_NOT_TWICE = ['tests/integration/realtime-save-failure.test.ts', 'tests/integration/realtime-latency.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], ...integration },
      },
      {
        // The same tests again with every test database on PostgreSQL (tests/helpers/db.ts).
        resolve: { alias },
        test: { name: 'integration-postgres', include: POSTGRES_TWICE, exclude: POSTGRES_NOT_TWICE, env: { TEST_DATABASE_ENGINE: 'postgresql' }, ...integration },
      },
    ],
  },
});
