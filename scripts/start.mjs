#!/usr/bin/env node
// `npm start`: builds when needed, then runs the app and the realtime server on one port.
// `npm run dev` (--dev) skips the build and runs Next in development mode.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildIfNeeded } from './build-if-needed.mjs';

const dev = process.argv.includes('--dev');
process.env.NEXT_TELEMETRY_DISABLED = '1';
if (!dev) {
  process.env.NODE_ENV = 'production';
  buildIfNeeded();
}
const child = spawn(path.resolve('node_modules/.bin/tsx'), ['server/main.ts', ...(dev ? ['--dev'] : [])], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: dev ? 'development' : 'production' },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
