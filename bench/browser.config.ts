// Playwright config for the browser bench (bench/browser.spec.ts): the edit-latency bench's
// set-up (a real server on a free port, fresh SQLite with demo data, Debian's Chromium, no trace).
// Run through `npm run bench -- --only=browser`, which builds the app into .next-e2e when needed.
import { defineConfig } from '@playwright/test';
import editLatency from './edit-latency.config';

export default defineConfig({ ...editLatency, testMatch: 'browser.spec.ts', timeout: 60 * 60_000 });
