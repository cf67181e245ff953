/**
 * `npm run bench [-- --quick] [-- --cpu-prof] [-- --only=commit,fanout,crowd,ack,cold,memory,docsize,cluster,browser]`
 *
 * Starts our realtime server (server/realtime-standalone.ts, fresh temp SQLite, migrated and
 * seeded) and the reference server (@y/websocket-server@0.1.1, no persistence) as child
 * processes, drives both with the same load of stock y-websocket clients from a third process
 * (bench/client-driver.ts), and writes the table to bench/RESULTS.md (bench/RESULTS-quick.md
 * for --quick). `cluster` runs the multi-node section (bench/lib/cluster.ts: several nodes on
 * PostgreSQL and Redis against one node and against Hocuspocus, kill -9, one node's capacity).
 * `browser` runs the browser bench (bench/browser.spec.ts: large boards in Chromium
 * through the real app) and writes its own section of the same file. Never part of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { configureDatabase, createDb } from '../server/db/client';
import { applyMigrations } from '../server/db/migrate';
import { encodeBoardSeed } from '../server/realtime/seed';
import { buildBoardRecords } from '../server/realtime/templates';
import { renderBrowserResults, type BrowserBenchResults } from './lib/browser-report';
import { CLUSTER_CONFIG, clusterBench } from './lib/cluster';
import { renderClusterResults } from './lib/cluster-report';
import { BENCH_ORIGIN } from './lib/client';
import { measureColdParts } from './lib/coldparts';
import { measureCommits } from './lib/commit';
import { bareDocBytes } from './lib/docmem';
import { measureDocSize, type DocSizeResult } from './lib/docsize';
import type { ColdLoadResult, FanoutResult } from './lib/jobs';
import type { MemoryReport } from './lib/memory';
import { startClientDriver, startServer, type ClientDriver, type ServerChild, type ServerKind } from './lib/processes';
import { bigBoardUpdate } from './lib/records';
import { seedWorld, SMALL_BOARD_TEMPLATE, tokensFor, type BenchWorld } from './lib/setup';
import { renderResults, type BenchResults, type MemoryFigures } from './lib/report';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const cpuProf = argv.includes('--cpu-prof');
const onlyArg = argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : null;
const wants = (name: string) => !only || only.has(name);

/** Durations and sizes: the full run (well under 10 minutes) and a smoke run. */
const CONFIG = quick
  ? { fanoutMs: 5_000, crowdMs: 5_000, warmupMs: 1_000, quietAckMs: 3_000, cold1: 5, cold5: 3, smallBoards: 30, idleConns: 300, idleBoards: 3, moves: 10_000, commits: 100 }
  : { fanoutMs: 60_000, crowdMs: 20_000, warmupMs: 3_000, quietAckMs: 10_000, cold1: 20, cold5: 10, smallBoards: 200, idleConns: 2_000, idleBoards: 20, moves: 10_000, commits: 300 };

/**
 * The one latency promise the bench enforces (it used to be asserted in the integration suite,
 * where a busy machine made it flaky and a test cannot say anything about speed): one person
 * editing alone hears "saved" within a second at the 95th percentile. Over it, the run exits 1.
 */
const SAVED_ACK_P95_BUDGET_MS = 1_000;

const started = performance.now();
const stamp = () => `${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s`;
const say = (message: string) => console.log(`[bench ${stamp()}] ${message}`);

/** The single-server scenarios (SQLite, ours against the reference), written between the main markers. */
const SERVER_SCENARIOS = ['commit', 'cold', 'fanout', 'crowd', 'ack', 'memory', 'docsize'];

async function main(): Promise<void> {
  if (wants('browser')) browserBench();
  const wantsServer = SERVER_SCENARIOS.some(wants);
  if (!wantsServer && !wants('cluster')) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'together-board-bench-'));
  const dbFile = path.join(dir, 'bench.db');
  const url = `file:${dbFile}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: url,
    DATA_DIR: dir,
    APP_URL: BENCH_ORIGIN,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    BOARD_TOKEN_SECRET: crypto.randomBytes(24).toString('base64url'),
    NEXTAUTH_SECRET: crypto.randomBytes(24).toString('base64url'),
  };
  delete env.YPERSISTENCE;
  Object.assign(process.env, { BOARD_TOKEN_SECRET: env.BOARD_TOKEN_SECRET, NEXTAUTH_SECRET: env.NEXTAUTH_SECRET, DATABASE_URL: url, DATA_DIR: dir });
  const profDir = path.resolve('bench/profiles');
  if (cpuProf) fs.mkdirSync(profDir, { recursive: true });
  say(`${quick ? 'quick' : 'full'} run on ${os.cpus().length} cores, Node ${process.version}; temp dir ${dir}`);
  if (wantsServer) await serverBench(dir, url, env, profDir);
  if (wants('cluster')) await clusterSection(dir, env, profDir);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The single-server scenarios on a fresh SQLite file in `dir`. */
async function serverBench(dir: string, url: string, env: NodeJS.ProcessEnv, profDir: string): Promise<void> {
  await applyMigrations(url);
  const big = [
    { label: '1 MB', ...bigBoardUpdate(1_000_000) },
    { label: '5 MB', ...bigBoardUpdate(5_000_000) },
  ];
  const db = createDb(url);
  await configureDatabase(db);
  const world = await seedWorld(db, { users: 100, smallBoards: CONFIG.smallBoards, idleBoards: CONFIG.idleBoards, big });
  await db.$disconnect();
  say(`database migrated and seeded (${world.users.length} people, ${3 + world.boards.small.length + world.boards.idle.length + big.length} boards)`);

  const results: BenchResults = {
    date: new Date().toISOString(),
    quick,
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    loadAvgStart: os.loadavg(),
    loadAvgEnd: [],
    durationS: 0,
    config: CONFIG,
    fanout: {},
    crowd: {},
    quietAck: null,
    cold: {},
    memory: {},
    docSize: null,
    commit: null,
    coldParts: [],
    bareDocBytes: null,
  };

  if (wants('commit')) {
    say(`commit timings on this disk (${CONFIG.commits} single-update commits each way)`);
    results.commit = await measureCommits(url, world.boards.commit, CONFIG.commits);
    const c = results.commit;
    say(`  BoardStore (Prisma, FULL) p50 ${fmt(c.prismaFull.p50)} p99 ${fmt(c.prismaFull.p99)} ms, event loop busy ${(c.prismaFullLoopUtilization * 100).toFixed(0)}%; raw FULL p50 ${fmt(c.rawFull.p50)} p99 ${fmt(c.rawFull.p99)}; raw NORMAL p50 ${fmt(c.rawNormal.p50)} p99 ${fmt(c.rawNormal.p99)}`);
  }

  if (wants('cold')) {
    say('cold load, server-side parts in this process (best of 3)');
    results.coldParts = await measureColdParts(url, world.boards.big, 3);
    for (const p of results.coldParts) {
      say(`  ${p.label}: BoardStore.load ${fmt(p.storeLoadMs)} ms (raw read ${fmt(p.rawReadMs)}), Y.applyUpdate ${fmt(p.applyMs)}, sync step 2 ${fmt(p.syncStep2Ms)}`);
    }
  }

  const clients = startClientDriver(env);
  const servers: ServerChild[] = [];
  const start = async (kind: ServerKind, opts: { exposeGc?: boolean; prof?: boolean } = {}) => {
    const s = await startServer(kind, env, { logDir: dir, exposeGc: opts.exposeGc, cpuProfDir: opts.prof ? profDir : undefined });
    servers.push(s);
    return s;
  };
  const stop = async (s: ServerChild) => {
    await s.stop();
    servers.splice(servers.indexOf(s), 1);
  };

  try {
    if (wants('fanout') || wants('crowd') || wants('ack') || wants('cold')) {
      const ours = await start('ours', { prof: cpuProf });
      const reference = await start('reference');
      const pair = { ours, reference } as const;

      if (wants('fanout')) {
        for (const name of ['ours', 'reference'] as const) {
          say(`fan-out on ${name}: 30 clients, 10 writing at 30 Hz for ${CONFIG.fanoutMs / 1000} s`);
          results.fanout[name] = await fanout(clients, pair[name], world, world.boards.fanout, 30, 10, 30, CONFIG.fanoutMs);
          logFanout(results.fanout[name]!);
        }
      }
      if (wants('crowd')) {
        for (const name of ['ours', 'reference'] as const) {
          say(`crowd on ${name}: 100 clients, 10 writing at 30 Hz for ${CONFIG.crowdMs / 1000} s`);
          results.crowd[name] = await fanout(clients, pair[name], world, world.boards.crowd, 100, 10, 30, CONFIG.crowdMs);
          logFanout(results.crowd[name]!);
        }
      }
      if (wants('ack')) {
        say(`saved acknowledgement on ours: 1 client editing at 10 Hz for ${CONFIG.quietAckMs / 1000} s`);
        results.quietAck = await fanout(clients, ours, world, world.boards.ack, 1, 1, 10, CONFIG.quietAckMs);
        say(`  saved p50 ${fmt(results.quietAck.saved.p50)} ms, p95 ${fmt(results.quietAck.saved.p95)} ms`);
        if ((results.quietAck.saved.p95 ?? Infinity) > SAVED_ACK_P95_BUDGET_MS) {
          say(`  OVER BUDGET: saved p95 above ${SAVED_ACK_P95_BUDGET_MS} ms`);
          process.exitCode = 1;
        }
      }
      if (wants('cold')) {
        for (const b of world.boards.big) {
          const samples = b.label.startsWith('1') ? CONFIG.cold1 : CONFIG.cold5;
          const [token] = await tokensFor(world, [b.id]);
          say(`cold load of the ${b.label} board on ours (${samples} loads, each after the board unloaded)`);
          const o = await clients.run({ type: 'coldLoad', url: ours.collabUrl, boardId: b.id, token, samples, healthUrl: `${ours.httpUrl}/health` });
          // The reference has no store: its best case is the same board already in its memory.
          say(`load of the ${b.label} board from the reference's memory (${samples} loads)`);
          const update = big.find((x) => x.label === b.label)!.update;
          await clients.run({ type: 'open', url: reference.collabUrl, conns: [{ boardId: b.id, token }], seedUpdateBase64: Buffer.from(update).toString('base64'), batch: 1, deadlineMs: 90_000 });
          await new Promise((r) => setTimeout(r, 500));
          await clients.run({ type: 'closeAll' });
          const r = await clients.run({ type: 'coldLoad', url: reference.collabUrl, boardId: b.id, token, samples, healthUrl: null });
          results.cold[b.label] = { ours: o, reference: r, storedBytes: b.bytes };
          say(`  ours to state p95 ${fmt(o.toState.p95)} ms (synced ${fmt(o.toSynced.p95)}), reference ${fmt(r.toState.p95)} ms (synced ${fmt(r.toSynced.p95)}); ${o.bytes} / ${r.bytes} bytes`);
        }
      }
      await stop(ours);
      await stop(reference);
    }

    if (wants('memory')) {
      const seed = encodeBoardSeed(buildBoardRecords({ template: SMALL_BOARD_TEMPLATE, title: 'Small' }));
      results.bareDocBytes = await bareDocBytes(seed, 200);
      say(`a bare Y.Doc holding a small board (${seed.length} B encoded): ${kib(results.bareDocBytes)}`);
      for (const kind of ['ours-probe', 'reference'] as const) {
        const name = kind === 'reference' ? 'reference' : 'ours';
        const server = await start(kind, { exposeGc: true });
        say(`memory on ${name}: ${world.boards.small.length} small boards, then ${CONFIG.idleConns} idle connections`);
        results.memory[name] = await memory(clients, server, world, name === 'reference' ? seed : null);
        const m = results.memory[name]!;
        say(`  ${m.connections} sockets opened in ${(m.openMs / 1000).toFixed(1)} s (${m.failed} failed)`);
        say(`  per board ${kib(m.perBoardBytes)} (encoded ${kib(m.boardEncodedBytes)}), per idle connection ${kib(m.perConnectionBytes)} (RSS ${kib(m.perConnectionRssBytes)})`);
        await stop(server);
      }
    }

    if (wants('docsize')) {
      say(`document size after ${CONFIG.moves} moves of one note`);
      results.docSize = measureDocSize(CONFIG.moves);
      say(`  ${results.docSize.oneClientBytes} bytes (two clients ${results.docSize.twoClientsBytes}) vs JSON ${results.docSize.jsonBytes}`);
    }
  } finally {
    for (const s of servers.splice(0)) await s.stop();
    await clients.stop();
  }

  results.loadAvgEnd = os.loadavg();
  results.durationS = (performance.now() - started) / 1000;
  const file = path.resolve(quick ? 'bench/RESULTS-quick.md' : 'bench/RESULTS.md');
  const rendered = renderResults(results);
  writeBetweenMarkers(file, rendered.markdown);
  fs.writeFileSync(file.replace(/\.md$/, '.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${rendered.table}\n`);
  say(`written to ${path.relative(process.cwd(), file)}`);
  if (cpuProf) say(`CPU profiles of our server in ${path.relative(process.cwd(), profDir)} (summarise with: npx tsx bench/profile-summary.ts <file>)`);
}

/**
 * The multi-node section (issue 15): three nodes of ours on a throwaway PostgreSQL database and
 * one Redis, one node, Hocuspocus with its Redis extension, kill -9 behind nginx, one node's
 * capacity (bench/lib/cluster.ts). Written between the cluster markers of the results file.
 */
async function clusterSection(dir: string, env: NodeJS.ProcessEnv, profDir: string): Promise<void> {
  const clients = startClientDriver(env);
  try {
    const results = await clusterBench({ config: quick ? CLUSTER_CONFIG.quick : CLUSTER_CONFIG.full, clients, env, logDir: dir, cpuProfDir: cpuProf ? profDir : undefined, say });
    const file = path.resolve(quick ? 'bench/RESULTS-quick.md' : 'bench/RESULTS.md');
    const rendered = renderClusterResults(results);
    writeBetweenMarkers(file, rendered.markdown, CLUSTER_MARKERS);
    fs.writeFileSync(file.replace(/\.md$/, '-cluster.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\n${rendered.table}\n`);
    say(`multi-node section written to ${path.relative(process.cwd(), file)}`);
  } finally {
    await clients.stop();
  }
}

/**
 * The browser bench: Playwright and Chromium against the real app (built into .next-e2e when
 * needed, by scripts/e2e.mjs), boards of 10 to 5,000 notes. Writes its section of the results file.
 */
function browserBench(): void {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'together-board-browser-bench-')), 'results.json');
  const env: NodeJS.ProcessEnv = { ...process.env, BENCH_BROWSER_OUT: out, BENCH_CPU_PROF: cpuProf ? '1' : '0' };
  if (quick) Object.assign(env, { BENCH_BROWSER_SIZES: '10,1000', BENCH_BROWSER_MURAL: '50', BENCH_BROWSER_OPENS: '1', BENCH_BROWSER_EDITS: '20' });
  say(`browser bench (Playwright + Chromium, boards of ${env.BENCH_BROWSER_SIZES ?? '10,100,1000,5000'} notes)`);
  const run = spawnSync(process.execPath, ['scripts/e2e.mjs', '-c', 'bench/browser.config.ts'], { stdio: 'inherit', env });
  if (!fs.existsSync(out)) throw new Error(`the browser bench wrote no results (exit ${run.status})`);
  const results = JSON.parse(fs.readFileSync(out, 'utf8')) as BrowserBenchResults;
  const file = path.resolve(quick ? 'bench/RESULTS-quick.md' : 'bench/RESULTS.md');
  writeBetweenMarkers(file, renderBrowserResults(results), BROWSER_MARKERS);
  fs.writeFileSync(file.replace(/\.md$/, '-browser.json'), `${JSON.stringify(results, null, 2)}\n`);
  if (run.status !== 0) throw new Error(`the browser bench failed (exit ${run.status}); partial results written`);
  say(`browser bench written to ${path.relative(process.cwd(), file)}`);
}

async function fanout(clients: ClientDriver, server: ServerChild, world: BenchWorld, boardId: string, n: number, writers: number, hz: number, durationMs: number): Promise<FanoutResult & { serverCpuPercent: number }> {
  const tokens = await tokensFor(world, Array.from({ length: n }, () => boardId));
  const cpu0 = server.cpuSeconds();
  const t0 = performance.now();
  const boards = [{ boardId, clients: tokens.map((token) => ({ url: server.collabUrl, token, node: 0 })) }];
  const result = await clients.run({ type: 'fanout', protocol: 'y-websocket', boards, writers, hz, warmupMs: CONFIG.warmupMs, durationMs });
  const serverCpuPercent = ((server.cpuSeconds() - cpu0) / ((performance.now() - t0) / 1000)) * 100;
  return { ...result, serverCpuPercent };
}

async function memory(clients: ClientDriver, server: ServerChild, world: BenchWorld, seed: Uint8Array | null): Promise<MemoryFigures> {
  const seedUpdateBase64 = seed ? Buffer.from(seed).toString('base64') : undefined;
  const settle = () => new Promise((r) => setTimeout(r, 1_500));
  const js = (m: MemoryReport) => m.heapUsed + m.external;
  const waitUnloaded = async () => {
    for (let i = 0; i < 100 && server.kind !== 'reference' && (await server.memory()).boards > 0; i++) await settle();
  };
  // Warm up first (query plans, lazily loaded modules, JIT): one-time costs are not per board.
  const [warmToken] = await tokensFor(world, [world.boards.ack]);
  await clients.run({ type: 'open', url: server.collabUrl, conns: [{ boardId: world.boards.ack, token: warmToken }], seedUpdateBase64, batch: 1, deadlineMs: 90_000 });
  await clients.run({ type: 'closeAll' });
  await waitUnloaded();
  await settle();
  const baseline = await server.memory();

  // Loaded small boards, one socket each.
  const small = world.boards.small;
  const smallTokens = await tokensFor(world, small);
  const boards = await clients.run({ type: 'open', url: server.collabUrl, conns: small.map((boardId, i) => ({ boardId, token: smallTokens[i] })), seedUpdateBase64, batch: 20, deadlineMs: 90_000 });
  await settle();
  const withBoards = await server.memory();
  await clients.run({ type: 'closeAll' });
  // Ours unloads an empty board once its writes are committed; wait for that.
  await waitUnloaded();

  // Idle sockets spread over a few boards (a stock client's presence is broadcast to its board).
  const idleBoards = world.boards.idle;
  const firstTokens = await tokensFor(world, idleBoards);
  await clients.run({ type: 'open', url: server.collabUrl, conns: idleBoards.map((boardId, i) => ({ boardId, token: firstTokens[i] })), seedUpdateBase64, batch: 20, deadlineMs: 90_000 });
  await settle();
  const idleBase = await server.memory();
  const more = Array.from({ length: CONFIG.idleConns - idleBoards.length }, (_, i) => idleBoards[i % idleBoards.length]);
  const moreTokens = await tokensFor(world, more);
  const idle = await clients.run({ type: 'open', url: server.collabUrl, conns: more.map((boardId, i) => ({ boardId, token: moreTokens[i] })), batch: 50, deadlineMs: 90_000 });
  // Past the server's handshake deadline timers (10 s), so only what an idle socket keeps is counted.
  await new Promise((r) => setTimeout(r, 12_000));
  const idleLoaded = await server.memory();
  await clients.run({ type: 'closeAll' });

  const added = Math.max(1, idleLoaded.connections - idleBase.connections);
  const perConnectionBytes = (js(idleLoaded) - js(idleBase)) / added;
  const perBoardGrossBytes = (js(withBoards) - js(baseline)) / small.length;
  return {
    baseline,
    withBoards,
    boards: small.length,
    boardEncodedBytes: boards.encodedBytes,
    perBoardBytes: perBoardGrossBytes - perConnectionBytes,
    perBoardGrossBytes,
    perBoardRssBytes: (withBoards.rss - baseline.rss) / small.length,
    idleBase,
    idleLoaded,
    connections: idleLoaded.connections,
    perConnectionBytes,
    perConnectionRssBytes: (idleLoaded.rss - idleBase.rss) / added,
    openMs: idle.ms,
    failed: boards.failed + idle.failed,
  };
}

function logFanout(r: FanoutResult & { serverCpuPercent: number }): void {
  say(
    `  latency p50 ${fmt(r.latency.p50)} ms, p99 ${fmt(r.latency.p99)} ms (${r.latency.count} deliveries); saved p50 ${fmt(r.saved.p50)} p95 ${fmt(r.saved.p95)} ms; dropped ${r.dropped}, disconnects ${r.disconnects}, converged ${r.converged}; server CPU ${r.serverCpuPercent.toFixed(0)}%, clients CPU ${r.clientCpuPercent.toFixed(0)}%, client loop delay p99 ${fmt(r.clientLoopDelayP99Ms)} ms`,
  );
}

export function fmt(v: number | null | undefined, digits = 2): string {
  return v === null || v === undefined ? 'n/a' : v.toFixed(digits);
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

const SERVER_MARKERS = {
  begin: '<!-- bench:begin (written by npm run bench; edit outside the markers) -->',
  end: '<!-- bench:end -->',
};
const CLUSTER_MARKERS = {
  begin: '<!-- bench:cluster:begin (written by npm run bench -- --only=cluster; edit outside the markers) -->',
  end: '<!-- bench:cluster:end -->',
};
const BROWSER_MARKERS = {
  begin: '<!-- bench:browser:begin (written by npm run bench -- --only=browser; edit outside the markers) -->',
  end: '<!-- bench:browser:end -->',
};

/** Replaces one generated part of the results file, keeping notes written around it. */
function writeBetweenMarkers(file: string, generated: string, markers = SERVER_MARKERS): void {
  const { begin: BEGIN, end: END } = markers;
  const block = `${BEGIN}\n${generated.trim()}\n${END}`;
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : `# Benchmarks\n\n${BEGIN}\n${END}\n`;
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  text = a >= 0 && b > a ? text.slice(0, a) + block + text.slice(b + END.length) : `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, text);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

export type { ColdLoadResult, DocSizeResult };
