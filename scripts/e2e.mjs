#!/usr/bin/env node
// `npm run e2e`: builds into .next-e2e when needed, then runs Playwright. Playwright starts a
// real server on a free port with a fresh SQLite database (see playwright.config.ts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildIfNeeded } from './build-if-needed.mjs';

process.env.NEXT_TELEMETRY_DISABLED = '1';
const distDir = process.env.E2E_DIST_DIR ?? '.next-e2e';
buildIfNeeded(distDir);

/** Asks the OS for a free port. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const port = process.env.E2E_PORT ?? String(await freePort());
const dataDir = process.env.E2E_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'together-board-e2e-'));
const result = spawnSync(path.resolve('node_modules/.bin/playwright'), ['test', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, NEXT_DIST_DIR: distDir, E2E_PORT: port, E2E_DATA_DIR: dataDir },
});
process.exit(result.status ?? 1);
