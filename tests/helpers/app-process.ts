import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from './db';

/** How the app's process ended: its exit code, or the signal that ended it. */
export interface AppExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The whole app (`server/main.ts`: Next's production build plus the realtime server) in a child process. */
export interface AppProcess {
  /** The app's own origin, e.g. http://localhost:41234 (what APP_URL says). */
  origin: string;
  port: number;
  pid: number;
  dataDir: string;
  /** Everything it wrote to stdout and stderr, for failure messages. */
  output(): string;
  /** The process's resident memory now (Linux `VmRSS`), in bytes. */
  memoryBytes(): number;
  /**
   * Stops it and removes its data folder: SIGTERM (the default) lets it save and say goodbye,
   * SIGKILL is a machine dying mid-workshop. Resolves with how it exited.
   */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<AppExit>;
}

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The same build the browser tests use, made by `npm run e2e` or here when sources changed. */
export const APP_DIST_DIR = '.next-e2e';
/** How long the built app may take to start on a busy two-core machine. */
const START_TIMEOUT_MS = 120_000;

/** Builds the app into APP_DIST_DIR unless that build is up to date (minutes on first run). */
export async function buildAppIfNeeded(): Promise<void> {
  const { buildIfNeeded } = (await import(path.join(ROOT, 'scripts/build-if-needed.mjs'))) as { buildIfNeeded(distDir: string): void };
  const previous = process.cwd();
  process.chdir(ROOT);
  try {
    buildIfNeeded(APP_DIST_DIR);
  } finally {
    process.chdir(previous);
  }
}

/** Asks the OS for a free port (the app needs to know its own port before it listens). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the built app against `databaseUrl`, and waits until /api/health answers: on a free
 * port, or `port` (a restart where browsers already are, or a node behind a balancer started
 * again on its own address), with its own data folder (removed when it stops), or `dataDir`
 * (the caller's, kept: a restart finds its outbox and files).
 */
export async function startAppProcess(options: { databaseUrl: string; env?: Record<string, string>; port?: number; dataDir?: string }): Promise<AppProcess> {
  const port = options.port ?? (await freePort());
  const origin = `http://localhost:${port}`;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'together-board-app-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_DIST_DIR: APP_DIST_DIR,
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_URL: origin,
      NEXTAUTH_URL: origin,
      DATA_DIR: dataDir,
      DATABASE_URL: options.databaseUrl,
      DEMO: '0',
      NEXTAUTH_SECRET: 'test-nextauth-secret-0123456789abcdef',
      BOARD_TOKEN_SECRET: 'test-board-token-secret-0123456789abcdef',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<AppExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let running = true;
  void exited.then(() => (running = false));
  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    if (running) child.kill(signal);
    const exit = await exited;
    if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    return exit;
  };
  try {
    await waitFor(
      async () => {
        if (!running) throw new Error(`the app exited before answering:\n${output}`);
        return (await fetch(`${origin}/api/health`)).ok;
      },
      START_TIMEOUT_MS,
      'the app to answer /api/health',
    );
  } catch (error) {
    await stop();
    throw new Error(`${String(error)}\n${output}`);
  }
  return {
    origin,
    port,
    pid: child.pid as number,
    dataDir,
    output: () => output,
    memoryBytes() {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const match = /VmRSS:\s+(\d+) kB/.exec(status);
      if (!match) throw new Error('VmRSS not found in /proc/<pid>/status');
      return Number(match[1]) * 1024;
    },
    stop,
  };
}
