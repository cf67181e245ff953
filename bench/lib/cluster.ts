/**
 * The multi-node section of the bench (issue 15, `--only=cluster`): our realtime server as
 * three `npm run realtime` processes on one throwaway PostgreSQL database and one Redis (a key
 * prefix per run), against the same load on one node and against three Hocuspocus processes with
 * their Redis extension on the same Redis; kill -9 of a node behind nginx; how much one node holds.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Redis as IORedis } from 'ioredis';
import pg from 'pg';
import * as Y from 'yjs';
import { createDb } from '../../server/db/client';
import { applyMigrations } from '../../server/db/migrate';
import { createPostgresBoardStore } from '../../server/realtime/postgres-board-store';
import { startNginx } from '../../tests/helpers/nginx';
import { databaseUrlOn, findTestPostgres, onServer } from '../../tests/helpers/postgres';
// (Renamed: a name starting with "use" reads as a React hook to the linter.)
import { useTestRedis as findTestRedis } from '../../tests/helpers/redis';
import { withinBudget, type CapacityStep, type ClusterResults, type LostCheck, type PostgresWaits, type Probe, type RunFigures } from './cluster-report';
import type { ClientProtocol, FanoutClient, FanoutResult } from './jobs';
import { cpuSecondsOf, startServer, type ClientDriver, type ServerChild } from './processes';
import { Samples } from './stats';
import { createBoard, seedWorld, tokensFor, type BenchWorld } from './setup';

/** Same client count, write rate and payload for every comparison run (issue 15). */
const LOAD = { clients: 30, writers: 10, hz: 30, nodes: 3 };

/** One node's capacity: boards of a small group, one person moving a note on each. */
const CAPACITY = { clientsPerBoard: 4, writersPerBoard: 1, hz: 10, p99BudgetMs: 100, rssBudgetBytes: 1.5 * 1024 ** 3 };

export interface ClusterConfig {
  runMs: number;
  warmupMs: number;
  killAfterMs: number;
  capacitySteps: number[];
  capacityStepMs: number;
}

export const CLUSTER_CONFIG = {
  quick: { runMs: 6_000, warmupMs: 1_000, killAfterMs: 3_000, capacitySteps: [10, 50], capacityStepMs: 4_000 },
  full: { runMs: 25_000, warmupMs: 3_000, killAfterMs: 10_000, capacitySteps: [10, 25, 50, 100, 200, 400], capacityStepMs: 10_000 },
} satisfies Record<string, ClusterConfig>;

interface Context {
  config: ClusterConfig;
  clients: ClientDriver;
  world: BenchWorld;
  databaseUrl: string;
  say(message: string): void;
}

export async function clusterBench(options: {
  config: ClusterConfig;
  clients: ClientDriver;
  env: NodeJS.ProcessEnv;
  logDir: string;
  cpuProfDir?: string;
  say(message: string): void;
}): Promise<ClusterResults> {
  const { config, say } = options;
  const postgres = await findTestPostgres();
  const dbName = `together_board_bench_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  await onServer(postgres.adminUrl, `CREATE DATABASE "${dbName}"`);
  const databaseUrl = databaseUrlOn(postgres.adminUrl, dbName);
  const redis = await findTestRedis('bench');
  const redisCpu = await redisServerCpu(redis.url);
  say(`cluster: PostgreSQL (${postgres.source}) database ${dbName}, Redis ${redis.url} prefix ${redis.prefix}`);
  const nodes: ServerChild[] = [];
  const stopAll = async () => {
    for (const node of nodes.splice(0)) await node.stop();
  };
  try {
    await applyMigrations(databaseUrl);
    const db = createDb(databaseUrl);
    const world = await seedWorld(db, { users: 100, smallBoards: Math.max(...config.capacitySteps), idleBoards: 0, big: [] });
    const boards = { single: world.boards.fanout, cross: world.boards.crowd, kill: world.boards.ack, hocusSingle: await createBoard(db, world.place, 'Hocuspocus one node'), hocusCross: await createBoard(db, world.place, 'Hocuspocus three nodes') };
    await db.$disconnect();
    const ctx: Context = { config, clients: options.clients, world, databaseUrl, say };
    const start = async (kind: 'ours' | 'hocuspocus', id: string, prefix = redis.prefix) => {
      const env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix, NODE_ID: id };
      const node = await startServer(kind, options.env, { logDir: options.logDir, env, name: id, cpuProfDir: kind === 'ours' ? options.cpuProfDir : undefined });
      nodes.push(node);
      return node;
    };

    const results: ClusterResults = {
      date: new Date().toISOString(),
      cores: os.cpus().length,
      loadAvgStart: os.loadavg(),
      loadAvgEnd: [],
      config,
      load: LOAD,
      capacityLoad: CAPACITY,
      postgres: postgres.source,
      runs: {},
      kill: null,
      capacity: [],
    };

    const ours = [];
    for (let k = 0; k < LOAD.nodes; k++) ours.push(await start('ours', `bench-node-${k + 1}`));
    say(`  ${LOAD.nodes} nodes of ours up`);
    results.runs.oursSingle = await comparisonRun(ctx, 'ours, one node', 'y-websocket', boards.single, [ours[0]], ours, redis.url);
    results.runs.oursCross = await comparisonRun(ctx, 'ours, three nodes', 'y-websocket', boards.cross, ours, ours, redis.url, redisCpu);

    say(`kill -9 of a node: ${LOAD.clients} clients behind nginx (round robin over ${LOAD.nodes} nodes), ${LOAD.writers} writing at ${LOAD.hz} Hz; node 1 killed ${config.killAfterMs / 1000} s in`);
    const nginx = await startNginx(ours.map((n) => n.port));
    try {
      const behind = { collabUrl: `ws://127.0.0.1:${nginx.port}/collab`, index: -1 };
      results.kill = await comparisonRun(ctx, 'ours, kill -9 behind nginx', 'y-websocket', boards.kill, [behind], ours, redis.url, null, { pid: ours[0].pid, afterMs: config.killAfterMs });
    } finally {
      await nginx.stop();
    }
    await stopAll();

    const hocus = [];
    for (let k = 0; k < LOAD.nodes; k++) hocus.push(await start('hocuspocus', `bench-hocuspocus-${k + 1}`, `${redis.prefix}hocuspocus`));
    say(`  ${LOAD.nodes} Hocuspocus processes up`);
    results.runs.hocusSingle = await comparisonRun(ctx, 'Hocuspocus, one node', 'hocuspocus', boards.hocusSingle, [hocus[0]], hocus, redis.url);
    results.runs.hocusCross = await comparisonRun(ctx, 'Hocuspocus, three nodes', 'hocuspocus', boards.hocusCross, hocus, hocus, redis.url, redisCpu);
    await stopAll();

    const lone = await start('ours', 'bench-capacity');
    results.capacity = await capacity(ctx, lone);
    await stopAll();
    results.loadAvgEnd = os.loadavg();
    return results;
  } finally {
    await stopAll();
    await redis.close();
    await onServer(postgres.adminUrl, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
    await postgres.stop();
  }
}

/**
 * One comparison run: LOAD.clients clients placed round robin over `placement` (client i on
 * placement[i % n]), the first LOAD.writers writing; with a Redis probe and a commit probe
 * running beside it, every node's CPU, and (ours) the lost-update check against the database.
 */
async function comparisonRun(
  ctx: Context,
  label: string,
  protocol: ClientProtocol,
  boardId: string,
  placement: { collabUrl: string; index?: number }[],
  allNodes: ServerChild[],
  redisUrl: string,
  redisCpu: (() => number) | null = null,
  kill?: { pid: number; afterMs: number },
): Promise<RunFigures> {
  const { config, clients, world } = ctx;
  if (!kill) ctx.say(`${label}: ${LOAD.clients} clients on ${placement.length} node(s), ${LOAD.writers} writing at ${LOAD.hz} Hz for ${config.runMs / 1000} s`);
  const tokens = await tokensFor(world, Array.from({ length: LOAD.clients }, () => boardId));
  const fanoutClients: FanoutClient[] = tokens.map((token, i) => {
    const at = placement[i % placement.length];
    return { url: at.collabUrl, token, node: at.index ?? allNodes.findIndex((n) => n.collabUrl === at.collabUrl) };
  });
  const cpu0 = allNodes.map((n) => n.cpuSeconds());
  const redisCpu0 = redisCpu?.() ?? 0;
  const redisProbe = startRedisProbe(redisUrl);
  const commitProbe = await startCommitProbe(ctx.databaseUrl);
  const waits = await startWaitSampler(ctx.databaseUrl);
  const t0 = performance.now();
  const result = await clients.run({ type: 'fanout', protocol, boards: [{ boardId, clients: fanoutClients }], writers: LOAD.writers, hz: LOAD.hz, warmupMs: config.warmupMs, durationMs: config.runMs, kill });
  const seconds = (performance.now() - t0) / 1000;
  const figures: RunFigures = {
    label,
    nodes: placement.length,
    result,
    nodeCpuPercent: allNodes.map((n, k) => ((n.cpuSeconds() - cpu0[k]) / seconds) * 100),
    redisCpuPercent: redisCpu ? ((redisCpu() - redisCpu0) / seconds) * 100 : null,
    redisProbe: await redisProbe.stop(),
    commitProbe: await commitProbe.stop(),
    postgresWaits: await waits.stop(),
    lost: protocol === 'y-websocket' ? await lostCheck(ctx.databaseUrl, result) : null,
  };
  logRun(ctx, figures);
  return figures;
}

function logRun(ctx: Context, f: RunFigures): void {
  const r = f.result;
  const ms = (v: number | null) => (v === null ? 'n/a' : v.toFixed(2));
  ctx.say(
    `  all p50 ${ms(r.latency.p50)} p99 ${ms(r.latency.p99)} ms; cross-node p50 ${ms(r.crossNode.p50)} p99 ${ms(r.crossNode.p99)} (${r.crossNode.count}); same-node p50 ${ms(r.sameNode.p50)} p99 ${ms(r.sameNode.p99)} (${r.sameNode.count}); saved p50 ${ms(r.saved.p50)} p95 ${ms(r.saved.p95)}; dropped ${r.dropped}, disconnects ${r.disconnects}, converged ${r.converged}`,
  );
  ctx.say(
    `  node CPU ${f.nodeCpuPercent.map((c) => c.toFixed(0)).join(' / ')} %, Redis ${f.redisCpuPercent?.toFixed(0) ?? 'n/a'} %, clients ${r.clientCpuPercent.toFixed(0)} %; Redis hop p50 ${ms(f.redisProbe.p50)} p99 ${ms(f.redisProbe.p99)}; PostgreSQL commit p50 ${ms(f.commitProbe.p50)} p99 ${ms(f.commitProbe.p99)}`,
  );
  if (f.lost) ctx.say(`  acknowledged writes ${f.lost.acked}: missing in the database ${f.lost.missingInDatabase}, on some client ${r.ackedMissingOnClients}; sent ${f.lost.sent}, in the database ${f.lost.inDatabase}`);
  if (r.kill) {
    const k = r.kill;
    ctx.say(`  kill -9: ${k.victims} clients on the killed node; synced again p50 ${ms(k.toSynced.p50)} max ${ms(k.toSynced.max)} ms; holding every acknowledged update p50 ${ms(k.toCaughtUp.p50)} max ${ms(k.toCaughtUp.max)} ms; not recovered ${k.notRecovered}`);
  }
}

/**
 * Every acknowledged write must be in the database: the stored document's state vector covers
 * each writer's acknowledged clock (Yjs clocks of one client are contiguous, and each move is one).
 */
async function lostCheck(databaseUrl: string, result: FanoutResult): Promise<LostCheck> {
  const store = createPostgresBoardStore(databaseUrl);
  try {
    const vectors = new Map<string, Map<number, number>>();
    let acked = 0;
    let sent = 0;
    let inDatabase = 0;
    let missingInDatabase = 0;
    for (const w of result.writerClocks) {
      let vector = vectors.get(w.boardId);
      if (!vector) {
        const stored = await store.load(w.boardId);
        const doc = new Y.Doc();
        if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
        for (const update of stored.updates) Y.applyUpdate(doc, update);
        vectors.set(w.boardId, (vector = Y.decodeStateVector(Y.encodeStateVector(doc))));
        doc.destroy();
      }
      const stored = vector.get(w.clientId) ?? 0;
      acked += w.acked;
      sent += w.sent;
      inDatabase += stored;
      missingInDatabase += Math.max(0, w.acked - stored);
    }
    return { acked, sent, inDatabase, missingInDatabase };
  } finally {
    await store.close();
  }
}

/**
 * Steps up boards on one node (CAPACITY.clientsPerBoard clients each, one moving a note at
 * CAPACITY.hz) until the p99 crosses the budget, a client cannot connect, the node's memory
 * passes its budget, or the steps run out.
 */
async function capacity(ctx: Context, node: ServerChild): Promise<CapacityStep[]> {
  const steps: CapacityStep[] = [];
  for (const boardCount of ctx.config.capacitySteps) {
    const boardIds = ctx.world.boards.small.slice(0, boardCount);
    const n = boardCount * CAPACITY.clientsPerBoard;
    ctx.say(`capacity of one node: ${boardCount} boards × ${CAPACITY.clientsPerBoard} clients (${n}), one writing at ${CAPACITY.hz} Hz on each, ${ctx.config.capacityStepMs / 1000} s`);
    const tokens = await tokensFor(ctx.world, boardIds.flatMap((id) => Array.from({ length: CAPACITY.clientsPerBoard }, () => id)));
    const boards = boardIds.map((boardId, b) => ({
      boardId,
      clients: tokens.slice(b * CAPACITY.clientsPerBoard, (b + 1) * CAPACITY.clientsPerBoard).map((token) => ({ url: node.collabUrl, token, node: 0 })),
    }));
    let rss = node.rssBytes();
    const sampler = setInterval(() => (rss = Math.max(rss, node.rssBytes())), 500);
    const cpu0 = node.cpuSeconds();
    const t0 = performance.now();
    const result = await ctx.clients.run({ type: 'fanout', protocol: 'y-websocket', boards, writers: CAPACITY.writersPerBoard, hz: CAPACITY.hz, warmupMs: 2_000, durationMs: ctx.config.capacityStepMs, connectBatch: 50 });
    clearInterval(sampler);
    const step: CapacityStep = {
      boards: boardCount,
      clients: n,
      result,
      nodeCpuPercent: ((node.cpuSeconds() - cpu0) / ((performance.now() - t0) / 1000)) * 100,
      peakRssBytes: rss,
      lost: await lostCheck(ctx.databaseUrl, result),
    };
    steps.push(step);
    const r = result;
    ctx.say(
      `  p50 ${r.latency.p50?.toFixed(2)} p99 ${r.latency.p99?.toFixed(2)} ms, saved p95 ${r.saved.p95?.toFixed(2)} ms; ${r.failedToConnect} failed to connect, ${r.dropped} dropped, converged ${r.converged}; node CPU ${step.nodeCpuPercent.toFixed(0)} %, peak RSS ${(rss / 2 ** 20).toFixed(0)} MiB; clients CPU ${r.clientCpuPercent.toFixed(0)} %; acknowledged ${step.lost.acked}, missing ${step.lost.missingInDatabase}`,
    );
    if (!withinBudget(CAPACITY, step)) break;
  }
  return steps;
}

/** Publishes a timestamp on its own channel every 10 ms and times its arrival at a subscriber: one Redis hop, beside the load. */
function startRedisProbe(url: string): { stop(): Promise<Probe> } {
  const publisher = new IORedis(url);
  const subscriber = new IORedis(url);
  const channel = `together-board-bench-probe-${process.pid}`;
  const samples = new Samples();
  subscriber.on('messageBuffer', (_channel: Buffer, message: Buffer) => samples.add(performance.now() - Number(message.toString())));
  const ready = subscriber.subscribe(channel);
  const timer = setInterval(() => {
    void ready.then(() => publisher.publish(channel, String(performance.now())));
  }, 10);
  return {
    async stop() {
      clearInterval(timer);
      await new Promise((r) => setTimeout(r, 100));
      publisher.disconnect();
      subscriber.disconnect();
      return samples.summary();
    },
  };
}

/** Runs `tick` every 20 ms on its own connection (named `bench-probe`, which the wait sampler leaves out) until stopped. */
async function everyTwentyMs(databaseUrl: string, tick: (client: pg.Client) => Promise<void>): Promise<{ stop(): Promise<void> }> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-probe' });
  await client.connect();
  let running = true;
  const loop = (async () => {
    while (running) {
      await tick(client);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await client.end();
    },
  };
}

/** Commits one small row every 20 ms: PostgreSQL's commit time (with its WAL flush), beside the load. */
async function startCommitProbe(databaseUrl: string): Promise<{ stop(): Promise<Probe> }> {
  const samples = new Samples();
  const setup = new pg.Client({ connectionString: databaseUrl });
  await setup.connect();
  await setup.query('CREATE TABLE IF NOT EXISTS bench_commit_probe (id serial PRIMARY KEY, at double precision)');
  await setup.end();
  const probe = await everyTwentyMs(databaseUrl, async (client) => {
    const t = performance.now();
    await client.query('INSERT INTO bench_commit_probe (at) VALUES ($1)', [t]);
    samples.add(performance.now() - t);
  });
  return { stop: async () => (await probe.stop(), samples.summary()) };
}

/**
 * What the nodes' database sessions are doing, sampled every 20 ms from pg_stat_activity (the
 * probes' own left out): how much of the commit path is waiting for a lock (the board's row,
 * taken by every append), for the WAL's flush, or for the node to send its next statement. Each
 * sample counts every session once: active ones by wait event ("running" when on the CPU).
 */
async function startWaitSampler(databaseUrl: string): Promise<{ stop(): Promise<PostgresWaits> }> {
  const counts = new Map<string, number>();
  let samples = 0;
  const sampler = await everyTwentyMs(databaseUrl, async (client) => {
    const { rows } = await client.query<{ what: string }>(
      `SELECT CASE WHEN state = 'active' THEN coalesce(wait_event_type || ':' || wait_event, 'running') ELSE state END AS what
         FROM pg_stat_activity WHERE datname = current_database() AND application_name <> 'bench-probe' AND backend_type = 'client backend'`,
    );
    samples += 1;
    for (const { what } of rows) counts.set(what, (counts.get(what) ?? 0) + 1);
  });
  return {
    async stop() {
      await sampler.stop();
      return { samples, sessions: Object.fromEntries([...counts].sort((a, b) => b[1] - a[1])) };
    },
  };
}

/** The CPU seconds of the redis-server process itself (when it is on this machine), for the runs' CPU line. */
async function redisServerCpu(url: string): Promise<(() => number) | null> {
  const client = new IORedis(url);
  try {
    const info = await client.info('server');
    const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
    if (!pid) return null;
    return () => {
      try {
        return cpuSecondsOf(pid);
      } catch {
        return 0;
      }
    };
  } finally {
    client.disconnect();
  }
}
