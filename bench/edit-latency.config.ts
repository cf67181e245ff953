// Playwright config for the browser edit-latency bench: the e2e set-up (a real server on a free
// port, fresh SQLite with demo data, Debian's Chromium), pointed at bench/ instead of tests/.
// Run: E2E_DIST_DIR=.next-e2e-canvas npm run e2e -- -c bench/edit-latency.config.ts
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import base from '../playwright.config';

const server = base.webServer;
if (!server || Array.isArray(server)) throw new Error('playwright.config.ts should start one web server');

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: 'edit-latency.spec.ts',
  // No Playwright trace: its DOM snapshot before every action costs time proportional to the
  // page's DOM (a large board's), in the very pages being measured.
  use: { ...base.use, trace: 'off' },
  timeout: 600_000,
  // Playwright runs the server from the config's folder; the server's paths are from the repository root.
  webServer: { ...server, cwd: path.resolve(import.meta.dirname, '..') },
});
