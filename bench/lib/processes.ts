import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Job, JobReply, JobRequest, JobResultMap } from './jobs';
import type { MemoryReport } from './memory';

export type ServerKind = 'ours' | 'ours-probe' | 'reference' | 'hocuspocus';

const ENTRY: Record<ServerKind, string> = {
  // Our server exactly as `npm run realtime` runs it.
  ours: 'server/realtime-standalone.ts',
  // Same createRealtimeServer plus a GC-and-measure endpoint (bench/our-server-probe.ts).
  'ours-probe': 'bench/our-server-probe.ts',
  reference: 'bench/reference-server.ts',
  // @hocuspocus/server with its Redis extension (bench/hocuspocus-server.ts).
  hocuspocus: 'bench/hocuspocus-server.ts',
};

export interface ServerChild {
  kind: ServerKind;
  pid: number;
  port: number;
  /** ws://127.0.0.1:<port>/collab */
  collabUrl: string;
  httpUrl: string;
  /** Where its stdout and stderr go (pino's JSON lines). */
  logFile: string;
  /** CPU seconds (user + system) the process has used so far, from /proc (the last reading once it has exited). */
  cpuSeconds(): number;
  /** Resident memory now, from /proc (0 once it has exited). */
  rssBytes(): number;
  memory(): Promise<MemoryReport>;
  stop(): Promise<void>;
}

/** Starts a server as its own Node process (no tsx wrapper process, so the pid is the server's). */
export async function startServer(
  kind: ServerKind,
  env: NodeJS.ProcessEnv,
  options: { logDir: string; exposeGc?: boolean; cpuProfDir?: string; env?: Record<string, string>; name?: string },
): Promise<ServerChild> {
  const args = ['--import', 'tsx'];
  if (options.exposeGc) args.push('--expose-gc');
  if (options.cpuProfDir) args.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`);
  args.push(ENTRY[kind]);
  const logFile = path.join(options.logDir, `${options.name ?? kind}-${Date.now()}.log`);
  const log = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, args, { env: { ...env, REALTIME_PORT: '0', ...options.env }, stdio: ['ignore', 'pipe', log] });
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`${kind} did not start within 60 s; see ${logFile}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      fs.appendFileSync(logFile, chunk);
      buffered += chunk.toString('utf8');
      for (const line of buffered.split('\n')) {
        try {
          const parsed = JSON.parse(line) as { realtimePort?: number; port?: number };
          const p = parsed.realtimePort ?? parsed.port;
          if (typeof p === 'number' && !('level' in parsed)) {
            clearTimeout(timer);
            resolve(p);
          }
        } catch {
          // not a whole JSON line yet
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} exited with ${code} before listening; see ${logFile}`));
    });
  });
  // Keep draining stdout (pino logs) so the child never blocks on a full pipe.
  child.stdout!.removeAllListeners('data');
  child.stdout!.on('data', (chunk: Buffer) => fs.appendFileSync(logFile, chunk));
  const pid = child.pid!;
  const httpUrl = `http://127.0.0.1:${port}`;
  let lastCpu = 0;
  return {
    kind,
    pid,
    port,
    // Hocuspocus takes the document name from its own message, not from the path.
    collabUrl: kind === 'hocuspocus' ? `ws://127.0.0.1:${port}` : `ws://127.0.0.1:${port}/collab`,
    httpUrl,
    logFile,
    cpuSeconds: () => (lastCpu = readProc(() => cpuSecondsOf(pid)) ?? lastCpu),
    rssBytes: () => readProc(() => rssOf(pid)) ?? 0,
    async memory() {
      const res = await fetch(`${httpUrl}/stats`);
      if (!res.ok) throw new Error(`${kind} /stats answered ${res.status}`);
      return (await res.json()) as MemoryReport;
    },
    stop: () => stopChild(child),
  };
}

export function cpuSecondsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at ") ".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / 100; // USER_HZ is 100 on Linux
}

/** A /proc reading, or null once the process is gone (the bench may kill a node with SIGKILL). */
function readProc<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return kb ? Number(kb[1]) * 1024 : 0;
}

/** SIGTERM, then SIGKILL after 15 s; resolves when the child has exited. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The client process (bench/client-driver.ts), driven job by job over IPC. */
export interface ClientDriver {
  run<J extends Job>(job: J): Promise<JobResultMap[J['type']]>;
  stop(): Promise<void>;
}

export function startClientDriver(env: NodeJS.ProcessEnv): ClientDriver {
  const child = fork('bench/client-driver.ts', [], {
    execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (reply: JobReply) => {
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if (reply.error !== undefined) w.reject(new Error(`client process: ${reply.error}`));
    else w.resolve(reply.result);
  });
  child.on('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`client process exited with ${code}`));
    waiting.clear();
  });
  return {
    run<J extends Job>(job: J) {
      const id = nextId++;
      return new Promise<JobResultMap[J['type']]>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, job } satisfies JobRequest);
      });
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.disconnect();
      await exited;
    },
  };
}
