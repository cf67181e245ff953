import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { COLLAB_PATH } from '../../lib/collab-protocol';
import { TEST_ORIGIN } from './realtime';

/** How long the standalone server may take to start (tsx compiles it on the fly). */
const START_TIMEOUT_MS = 30_000;

/** `npm run realtime` as a child process, so tests can SIGKILL or SIGTERM it. */
export interface RealtimeProcess {
  child: ChildProcess;
  port: number;
  collabUrl: string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it wrote to stdout and stderr, for failure messages. */
  output(): string;
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; elapsedMs: number }>;
}

/** Starts server/realtime-standalone.ts on the given database file and port (0: a free one). */
export async function startRealtimeProcess(options: { databaseUrl: string; port?: number; env?: Record<string, string> }): Promise<RealtimeProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'together-board-realtime-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/realtime-standalone.ts'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      REALTIME_PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      APP_URL: TEST_ORIGIN,
      DATA_DIR: dataDir,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      NODE_ENV: 'test',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, signal });
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`realtime process did not start:\n${output}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /\{"realtimePort":(\d+)\}/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`realtime process exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  return {
    child,
    port,
    collabUrl: `ws://127.0.0.1:${port}${COLLAB_PATH}`,
    exited,
    output: () => output,
    async stop(signal) {
      const started = Date.now();
      child.kill(signal);
      const result = await exited;
      return { ...result, elapsedMs: Date.now() - started };
    },
  };
}
