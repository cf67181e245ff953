import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import pino, { type Logger } from 'pino';
import { RedisLink } from '../../server/cluster/redis-link';

/**
 * Finds a Redis for the tests the way the e2e suite finds Chromium: `TEST_REDIS_URL` when set,
 * else the one at 127.0.0.1:6379 when it answers PING, else a throwaway `redis-server` on a free
 * port that this helper starts (and stops in `close`). Each caller gets its own key prefix, so
 * test files sharing one Redis never read each other's keys or channels.
 */

const DEFAULT_REDIS = 'redis://127.0.0.1:6379';
const INSTALL_HINT =
  'No Redis for the tests: set TEST_REDIS_URL, run Redis on 127.0.0.1:6379, or install Debian\'s ' +
  'redis-server (`apt-get install -y redis-server`, or REDIS_SERVER_PATH=/path/to/redis-server).';
/** How long a Redis we start may take to answer PING. */
const START_TIMEOUT_MS = 10_000;

export interface TestRedis {
  /** redis://host:port of the Redis to use. */
  url: string;
  /** A key and channel prefix unique to this caller, ending in ':'. */
  prefix: string;
  /** Stops the Redis this helper started, if it started one. */
  close(): Promise<void>;
}

/** A key prefix unique to one test file's run. */
export function testKeyPrefix(label = 'test'): string {
  return `together-board-${label}-${process.pid}-${crypto.randomBytes(4).toString('hex')}:`;
}

/** Whether something at `url` answers PING with PONG within `timeoutMs`. */
export function redisAnswersPing(url: string, timeoutMs = 500): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      clearTimeout(timer);
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
    socket.on('error', () => done(false));
  });
}

/** The Redis the tests use (see the file comment). */
export async function useTestRedis(label?: string): Promise<TestRedis> {
  const prefix = testKeyPrefix(label);
  const fromEnv = process.env.TEST_REDIS_URL;
  if (fromEnv) return { url: fromEnv, prefix, close: async () => {} };
  if (await redisAnswersPing(DEFAULT_REDIS)) return { url: DEFAULT_REDIS, prefix, close: async () => {} };
  const server = await startRedisServer();
  return { url: server.url, prefix, close: () => server.stop() };
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function redisServerPath(): string {
  const candidates = [process.env.REDIS_SERVER_PATH, '/usr/bin/redis-server', '/usr/local/bin/redis-server'];
  const found = candidates.find((p): p is string => !!p && fs.existsSync(p));
  if (!found) throw new Error(INSTALL_HINT);
  return found;
}

/** A redis-server this test owns: it can be stopped and started again on the same port. */
export interface DedicatedRedis {
  url: string;
  port: number;
  /** Stops the server (SIGTERM, waits for it to exit); safe to call twice. */
  stop(): Promise<void>;
  /** Starts it again on the same port (after `stop`). */
  start(): Promise<void>;
  /** Hangs the server (SIGSTOP): sockets stay open, nothing is answered. */
  freeze(): void;
  /** Lets a frozen server run again (SIGCONT). */
  thaw(): void;
}

/**
 * Starts Debian's redis-server on a free port with nothing saved to disk, for tests that stop
 * Redis under a running cluster. Throws with the install hint when there is no redis-server.
 */
export async function startRedisServer(): Promise<DedicatedRedis> {
  const binary = redisServerPath();
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  const start = async () => {
    if (child) return;
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'];
    const started = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    started.stderr?.on('data', (chunk) => (stderr += String(chunk)));
    child = started;
    const exited = new Promise<never>((_, reject) =>
      started.once('exit', (code) => reject(new Error(`redis-server on port ${port} exited (${code}): ${stderr}`))),
    );
    exited.catch(() => {});
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await Promise.race([redisAnswersPing(url), exited]))) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`redis-server on port ${port} did not answer PING within ${START_TIMEOUT_MS} ms: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  const stop = async () => {
    const running = child;
    if (!running) return;
    child = null;
    if (running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  };

  await start();
  return {
    url,
    port,
    stop: async () => {
      child?.kill('SIGCONT');
      await stop();
    },
    start,
    freeze: () => child?.kill('SIGSTOP'),
    thaw: () => child?.kill('SIGCONT'),
  };
}

/** A silent logger for cluster objects under test (TEST_LOG_LEVEL=debug to read them). */
export function testLogger(): Logger {
  return pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
}

/**
 * A node's Redis link for tests, with short retry delays so a restarted Redis is found quickly.
 * Resolves once the link is up.
 */
export async function connectTestLink(url: string, prefix: string): Promise<RedisLink> {
  const link = new RedisLink({ url, prefix, log: testLogger(), redisOptions: { connectTimeout: 1000 } });
  await link.whenUp();
  return link;
}
