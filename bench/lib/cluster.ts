/**
 * The multi-node section of the bench (issue 15, `--only=cluster`): our realtime server as
 * three `npm run realtime` processes on one throwaway PostgreSQL database and one Redis (a key
 * prefix per run), against the same load on one node and against three Hocuspocus processes with
 * their Redis extension on the same Redis; kill -9 of a node behind nginx; how much one node holds.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
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
import { withinBudget, type CapacityStep, type ClusterResults, type LostCheck, type PostgresWaits, type RunFigures } from './cluster-report';
import type { ClientProtocol, FanoutClient, FanoutResult, LatencySeries } from './jobs';
import { cpuSecondsOf, startServer, type ClientDriver, type ServerChild } from './processes';
import { Samples } from './stats';
import { measureStoreContention } from './store-contention';
import { createBoard, seedWorld, tokensFor, type BenchWorld } from './setup';

/** Same client count, write rate and payload for every comparison run (issue 15). */
const LOAD = { clients: 30, writers: 10, hz: 30, nodes: 3 };

/** One node's capacity: boards of a small group, one person moving a note on each. */
const CAPACITY = { clientsPerBoard: 4, writersPerBoard: 1, hz: 10, p99BudgetMs: 100, rssBudgetBytes: 1.5 * 1024 ** 3 };
/** Past the budget the steps go on (to show where it breaks) until p99 passes this, or anything else fails. */
const CAPACITY_GIVE_UP_P99_MS = 1_000;

export interface ClusterConfig {
  /** Measured time of each comparison configuration, split into `rounds` interleaved rounds. */
  runMs: number;
  rounds: number;
  /** Before each round's measured part. */
  warmupMs: number;
  killRunMs: number;
  killAfterMs: number;
  /** Each half of the commit-path experiment (measureStoreContention). */
  storeMs: number;
  capacitySteps: number[];
  capacityStepMs: number;
}

export const CLUSTER_CONFIG = {
  quick: { runMs: 6_000, rounds: 2, warmupMs: 1_000, killRunMs: 6_000, killAfterMs: 3_000, storeMs: 3_000, capacitySteps: [10, 50], capacityStepMs: 4_000 },
  full: { runMs: 24_000, rounds: 3, warmupMs: 2_000, killRunMs: 20_000, killAfterMs: 8_000, storeMs: 8_000, capacitySteps: [10, 25, 50, 100, 200, 400], capacityStepMs: 10_000 },
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
    const storeBoards: [string, string] = [await createBoard(db, world.place, 'Appends, one store'), await createBoard(db, world.place, 'Appends, three stores')];
    await db.$disconnect();
    const ctx: Context = { config, clients: options.clients, world, databaseUrl, say };
    const start = async (kind: 'ours' | 'hocuspocus', id: string, prefix = redis.prefix) => {
      // info: the relay logs each catch-up from the log (a gap in relayed updates), counted per run.
      const env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix, NODE_ID: id, LOG_LEVEL: 'info' };
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
      storeContention: null,
      kill: null,
      capacity: [],
    };

    // Both systems up at once, so the four comparison runs follow each other closely (the
    // machine is shared: its load changes from minute to minute). Idle nodes cost next to nothing.
    const ours = [];
    const hocus = [];
    for (let k = 0; k < LOAD.nodes; k++) ours.push(await start('ours', `bench-node-${k + 1}`));
    for (let k = 0; k < LOAD.nodes; k++) hocus.push(await start('hocuspocus', `bench-hocuspocus-${k + 1}`, `${redis.prefix}hocuspocus`));
    say(`  ${LOAD.nodes} nodes of ours and ${LOAD.nodes} Hocuspocus processes up`);
    const all = [...ours, ...hocus];
    const comparisons = {
      oursSingle: new Comparison(ctx, 'ours, one node', 'y-websocket', boards.single, [ours[0]], all, redis.url, null),
      oursCross: new Comparison(ctx, 'ours, three nodes', 'y-websocket', boards.cross, ours, all, redis.url, redisCpu),
      hocusCross: new Comparison(ctx, 'Hocuspocus, three nodes', 'hocuspocus', boards.hocusCross, hocus, all, redis.url, redisCpu),
      hocusSingle: new Comparison(ctx, 'Hocuspocus, one node', 'hocuspocus', boards.hocusSingle, [hocus[0]], all, redis.url, null),
    };
    const roundMs = config.runMs / config.rounds;
    say(`comparison: ${LOAD.clients} clients on one board, ${LOAD.writers} writing at ${LOAD.hz} Hz; ${config.rounds} rounds of ${roundMs / 1000} s (after ${config.warmupMs / 1000} s warm-up) for each of ${Object.keys(comparisons).length} configurations, interleaved`);
    for (let round = 0; round < config.rounds; round++) {
      for (const comparison of Object.values(comparisons)) await comparison.round(roundMs);
    }
    for (const [name, comparison] of Object.entries(comparisons)) results.runs[name as keyof typeof comparisons] = await comparison.figures();

    const rate = LOAD.writers * LOAD.hz;
    say(`the commit path alone: ${rate} appends a second to one board for ${config.storeMs / 1000} s from one board store, then from three`);
    results.storeContention = await measureStoreContention(databaseUrl, storeBoards, rate, config.storeMs);
    const sc = results.storeContention;
    say(`  appendUpdates, one store p50 ${sc.oneStore.p50?.toFixed(2)} p99 ${sc.oneStore.p99?.toFixed(2)} ms; three stores p50 ${sc.threeStores.p50?.toFixed(2)} p99 ${sc.threeStores.p99?.toFixed(2)} ms`);
    for (const node of hocus) await node.stop();

    say(`kill -9 of a node: ${LOAD.clients} clients behind nginx (round robin over ${LOAD.nodes} nodes), ${LOAD.writers} writing at ${LOAD.hz} Hz; node 1 killed ${config.killAfterMs / 1000} s in`);
    const nginx = await startNginx(ours.map((n) => n.port));
    try {
      const behind = { collabUrl: `ws://127.0.0.1:${nginx.port}/collab`, index: -1 };
      const killed = new Comparison(ctx, 'ours, kill -9 behind nginx', 'y-websocket', boards.kill, [behind], ours, redis.url, null);
      await killed.round(config.killRunMs, { pid: ours[0].pid, afterMs: config.killAfterMs });
      results.kill = await killed.figures();
    } finally {
      await nginx.stop();
    }
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

/** A node a client connects to: a node the bench started, or (index -1) a balancer in front of several. */
interface Placement {
  collabUrl: string;
  index?: number;
}

/**
 * One configuration of the comparison (system, board, where the clients connect), run in rounds
 * interleaved with the others' so that each sees the same machine (it is shared and its load
 * changes by the minute); the rounds' samples are pooled. Each round: LOAD.clients fresh clients
 * placed round robin over `placement` (client i on placement[i % n]), the first LOAD.writers
 * writing, with a Redis probe, a commit probe and a pg_stat_activity sampler beside it.
 */
class Comparison {
  private readonly rounds: FanoutResult[] = [];
  private readonly series = { latency: new Samples(), crossNode: new Samples(), sameNode: new Samples(), saved: new Samples() };
  private readonly redisHop = new Samples();
  private readonly commit = new Samples();
  private readonly waits: PostgresWaits = { samples: 0, sessions: {}, backendCpuSeconds: 0 };
  private readonly cpuSeconds: number[];
  private readonly catchUps: number[];
  private redisCpuSeconds = 0;
  private seconds = 0;

  constructor(
    private readonly ctx: Context,
    readonly label: string,
    private readonly protocol: ClientProtocol,
    private readonly boardId: string,
    private readonly placement: Placement[],
    private readonly allNodes: ServerChild[],
    private readonly redisUrl: string,
    private readonly redisCpu: (() => number) | null,
  ) {
    this.cpuSeconds = allNodes.map(() => 0);
    this.catchUps = allNodes.map(() => 0);
  }

  async round(durationMs: number, kill?: { pid: number; afterMs: number }): Promise<void> {
    const { config, clients, world } = this.ctx;
    const tokens = await tokensFor(world, Array.from({ length: LOAD.clients }, () => this.boardId));
    const fanoutClients: FanoutClient[] = tokens.map((token, i) => {
      const at = this.placement[i % this.placement.length];
      return { url: at.collabUrl, token, node: at.index ?? this.allNodes.findIndex((n) => n.collabUrl === at.collabUrl) };
    });
    const cpu0 = this.allNodes.map((n) => n.cpuSeconds());
    const catchUps0 = this.allNodes.map(catchUpsLogged);
    const redisCpu0 = this.redisCpu?.() ?? 0;
    const redisProbe = startRedisProbe(this.redisUrl, this.redisHop);
    const commitProbe = await startCommitProbe(this.ctx.databaseUrl, this.commit);
    const waits = await startWaitSampler(this.ctx.databaseUrl, this.waits);
    const t0 = performance.now();
    const boards = [{ boardId: this.boardId, clients: fanoutClients }];
    const result = await clients.run({ type: 'fanout', protocol: this.protocol, boards, writers: LOAD.writers, hz: LOAD.hz, warmupMs: config.warmupMs, durationMs, kill, keepSamples: true });
    this.seconds += (performance.now() - t0) / 1000;
    this.allNodes.forEach((n, k) => {
      this.cpuSeconds[k] += n.cpuSeconds() - cpu0[k];
      this.catchUps[k] += catchUpsLogged(n) - catchUps0[k];
    });
    this.redisCpuSeconds += (this.redisCpu?.() ?? 0) - redisCpu0;
    await Promise.all([redisProbe.stop(), commitProbe.stop(), waits.stop()]);
    for (const [name, samples] of Object.entries(this.series)) samples.addBase64(result.samples![name as LatencySeries]);
    this.rounds.push({ ...result, samples: undefined });
    const ms = (v: number | null) => (v === null ? 'n/a' : v.toFixed(2));
    this.ctx.say(`  ${this.label}, round ${this.rounds.length}: p50 ${ms(result.latency.p50)} p99 ${ms(result.latency.p99)} ms (other node p99 ${ms(result.crossNode.p99)}), ${(result.writes / (result.measuredMs / 1000)).toFixed(0)} moves/s`);
  }

  /** The rounds pooled, with the lost-update check against the database (ours). */
  async figures(): Promise<RunFigures> {
    const r = this.rounds;
    const sum = (pick: (x: FanoutResult) => number) => r.reduce((total, x) => total + pick(x), 0);
    const measuredMs = sum((x) => x.measuredMs);
    const result: FanoutResult = {
      clients: r[0].clients,
      boards: r[0].boards,
      latency: this.series.latency.summary(),
      crossNode: this.series.crossNode.summary(),
      sameNode: this.series.sameNode.summary(),
      saved: this.series.saved.summary(),
      writes: sum((x) => x.writes),
      measuredMs,
      expected: sum((x) => x.expected),
      received: sum((x) => x.received),
      dropped: sum((x) => x.dropped),
      coalesced: sum((x) => x.coalesced),
      disconnects: sum((x) => x.disconnects),
      converged: r.every((x) => x.converged),
      ackedMissingOnClients: sum((x) => x.ackedMissingOnClients),
      writerClocks: r.flatMap((x) => x.writerClocks),
      clientLoopDelayP99Ms: Math.max(...r.map((x) => x.clientLoopDelayP99Ms)),
      clientCpuPercent: sum((x) => x.clientCpuPercent * x.measuredMs) / measuredMs,
      failedToConnect: sum((x) => x.failedToConnect),
      kill: r.find((x) => x.kill)?.kill ?? null,
    };
    const figures: RunFigures = {
      label: this.label,
      nodes: this.placement.length,
      rounds: r.length,
      roundFigures: r.map((x) => {
        const used = this.placement.length > 1 ? x.crossNode : x.latency;
        return { p50: used.p50, p99: used.p99 };
      }),
      result,
      nodeCpuPercent: this.cpuSeconds.map((c) => (c / this.seconds) * 100),
      catchUps: this.catchUps,
      redisCpuPercent: this.redisCpu ? (this.redisCpuSeconds / this.seconds) * 100 : null,
      redisProbe: this.redisHop.summary(),
      commitProbe: this.commit.summary(),
      postgresWaits: this.waits,
      postgresCpuPercent: (this.waits.backendCpuSeconds / this.seconds) * 100,
      lost: this.protocol === 'y-websocket' ? await lostCheck(this.ctx.databaseUrl, result) : null,
    };
    logRun(this.ctx, figures);
    return figures;
  }
}

function logRun(ctx: Context, f: RunFigures): void {
  const r = f.result;
  const ms = (v: number | null) => (v === null ? 'n/a' : v.toFixed(2));
  ctx.say(
    `  ${f.label}, pooled: all p50 ${ms(r.latency.p50)} p99 ${ms(r.latency.p99)} ms; cross-node p50 ${ms(r.crossNode.p50)} p99 ${ms(r.crossNode.p99)} (${r.crossNode.count}); same-node p50 ${ms(r.sameNode.p50)} p99 ${ms(r.sameNode.p99)} (${r.sameNode.count}); saved p50 ${ms(r.saved.p50)} p95 ${ms(r.saved.p95)}; dropped ${r.dropped}, disconnects ${r.disconnects}, converged ${r.converged}`,
  );
  ctx.say(
    `  node CPU ${f.nodeCpuPercent.map((c) => c.toFixed(0)).join(' / ')} %, catch-ups from the log ${f.catchUps.join(' / ')}, Redis ${f.redisCpuPercent?.toFixed(0) ?? 'n/a'} %, clients ${r.clientCpuPercent.toFixed(0)} %; Redis hop p50 ${ms(f.redisProbe.p50)} p99 ${ms(f.redisProbe.p99)}; PostgreSQL commit p50 ${ms(f.commitProbe.p50)} p99 ${ms(f.commitProbe.p99)}`,
  );
  if (f.lost) ctx.say(`  acknowledged writes ${f.lost.acked}: missing in the database ${f.lost.missingInDatabase}, on some client ${r.ackedMissingOnClients}; sent ${f.lost.sent}, in the database ${f.lost.inDatabase}`);
  if (r.kill) {
    const k = r.kill;
    ctx.say(`  kill -9: ${k.victims} clients on the killed node; open again p50 ${ms(k.toReopened.p50)} max ${ms(k.toReopened.max)} ms; synced again p50 ${ms(k.toSynced.p50)} max ${ms(k.toSynced.max)} ms; holding every acknowledged update p50 ${ms(k.toCaughtUp.p50)} max ${ms(k.toCaughtUp.max)} ms; not recovered ${k.notRecovered}`);
  }
}

/** How many catch-ups from the log a node of ours has logged so far (the relay's "gap in relayed updates"). */
function catchUpsLogged(node: ServerChild): number {
  if (node.kind === 'hocuspocus') return 0;
  return fs.readFileSync(node.logFile, 'utf8').split('gap in relayed updates').length - 1;
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
 * CAPACITY.hz). The figure is the last step within the budget (withinBudget); the steps go on
 * past it while the p99 stays under CAPACITY_GIVE_UP_P99_MS and nothing else fails.
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
    const waits: PostgresWaits = { samples: 0, sessions: {}, backendCpuSeconds: 0 };
    const waitSampler = await startWaitSampler(ctx.databaseUrl, waits);
    const cpu0 = node.cpuSeconds();
    const t0 = performance.now();
    const result = await ctx.clients.run({ type: 'fanout', protocol: 'y-websocket', boards, writers: CAPACITY.writersPerBoard, hz: CAPACITY.hz, warmupMs: 2_000, durationMs: ctx.config.capacityStepMs, connectBatch: 50 });
    clearInterval(sampler);
    const seconds = (performance.now() - t0) / 1000;
    const nodeCpuPercent = ((node.cpuSeconds() - cpu0) / seconds) * 100;
    await waitSampler.stop();
    const step: CapacityStep = {
      boards: boardCount,
      clients: n,
      result,
      nodeCpuPercent,
      postgresWaits: waits,
      postgresCpuPercent: (waits.backendCpuSeconds / seconds) * 100,
      peakRssBytes: rss,
      lost: await lostCheck(ctx.databaseUrl, result),
    };
    steps.push(step);
    const r = result;
    ctx.say(
      `  p50 ${r.latency.p50?.toFixed(2)} p99 ${r.latency.p99?.toFixed(2)} ms, saved p95 ${r.saved.p95?.toFixed(2)} ms; ${r.failedToConnect} failed to connect, ${r.dropped} dropped, converged ${r.converged}; node CPU ${step.nodeCpuPercent.toFixed(0)} %, its PostgreSQL backends ${step.postgresCpuPercent.toFixed(0)} %, peak RSS ${(rss / 2 ** 20).toFixed(0)} MiB; clients CPU ${r.clientCpuPercent.toFixed(0)} %; acknowledged ${step.lost.acked}, missing ${step.lost.missingInDatabase}`,
    );
    if (!withinBudget({ ...CAPACITY, p99BudgetMs: CAPACITY_GIVE_UP_P99_MS }, step)) break;
  }
  return steps;
}

/** Publishes a timestamp on its own channel every 10 ms and times its arrival at a subscriber: one Redis hop, beside the load. */
function startRedisProbe(url: string, samples: Samples): { stop(): Promise<void> } {
  const publisher = new IORedis(url);
  const subscriber = new IORedis(url);
  const channel = `together-board-bench-probe-${process.pid}`;
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
async function startCommitProbe(databaseUrl: string, samples: Samples): Promise<{ stop(): Promise<void> }> {
  const setup = new pg.Client({ connectionString: databaseUrl });
  await setup.connect();
  await setup.query('CREATE TABLE IF NOT EXISTS bench_commit_probe (id serial PRIMARY KEY, at double precision)');
  await setup.end();
  const probe = await everyTwentyMs(databaseUrl, async (client) => {
    const t = performance.now();
    await client.query('INSERT INTO bench_commit_probe (at) VALUES ($1)', [t]);
    samples.add(performance.now() - t);
  });
  return probe;
}

/**
 * What the nodes' database sessions are doing, sampled every 20 ms from pg_stat_activity (the
 * probes' own left out): how much of the commit path is waiting for a lock (the board's row,
 * taken by every append), for the WAL's flush, or for the node to send its next statement. Each
 * sample counts every session once: active ones by wait event ("running" when on the CPU).
 */
async function startWaitSampler(databaseUrl: string, into: PostgresWaits): Promise<{ stop(): Promise<void> }> {
  /** Each backend's CPU seconds when first and last seen (from /proc, when PostgreSQL runs on this machine). */
  const cpu = new Map<number, { first: number; last: number }>();
  const sampler = await everyTwentyMs(databaseUrl, async (client) => {
    const { rows } = await client.query<{ what: string; pid: number }>(
      `SELECT pid, CASE WHEN state = 'active' THEN coalesce(wait_event_type || ':' || wait_event, 'running') ELSE state END AS what
         FROM pg_stat_activity WHERE datname = current_database() AND application_name <> 'bench-probe' AND backend_type = 'client backend'`,
    );
    into.samples += 1;
    for (const { what, pid } of rows) {
      into.sessions[what] = (into.sessions[what] ?? 0) + 1;
      const now = readCpu(pid);
      if (now === null) continue;
      const seen = cpu.get(pid);
      if (seen) seen.last = now;
      else cpu.set(pid, { first: now, last: now });
    }
  });
  return {
    async stop() {
      await sampler.stop();
      for (const [pid, seen] of cpu) into.backendCpuSeconds += (readCpu(pid) ?? seen.last) - seen.first;
    },
  };
}

function readCpu(pid: number): number | null {
  try {
    return cpuSecondsOf(pid);
  } catch {
    return null;
  }
}

/** The CPU seconds of the redis-server process itself (when it is on this machine), for the runs' CPU line. */
async function redisServerCpu(url: string): Promise<(() => number) | null> {
  const client = new IORedis(url);
  try {
    const info = await client.info('server');
    const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
    if (!pid) return null;
    return () => readCpu(pid) ?? 0;
  } finally {
    client.disconnect();
  }
}
