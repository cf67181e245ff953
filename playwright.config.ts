import path from 'node:path';
import { defineConfig } from '@playwright/test';

// scripts/e2e.mjs picks a free port and a fresh data folder; these defaults are for running
// `npx playwright test` by hand against a build in .next-e2e.
const port = Number(process.env.E2E_PORT ?? 3210);
const dataDir = process.env.E2E_DATA_DIR ?? path.resolve('data', 'e2e');
export const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: 'node_modules/.bin/tsx server/main.ts',
    url: `${baseURL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      NODE_ENV: 'production',
      NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? '.next-e2e',
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_URL: baseURL,
      NEXTAUTH_URL: baseURL,
      DATA_DIR: dataDir,
      DATABASE_URL: `file:${path.join(dataDir, 'e2e.db')}`,
      DEMO: '1',
      // The tests sign the same demo people in many times within 15 minutes.
      SIGN_IN_EMAILS_PER_15_MIN: '100',
      LOG_LEVEL: 'warn',
    },
  },
});
