/**
 * The client process of the bench: stock y-websocket clients driven by jobs from bench/run.ts
 * over IPC. Runs in its own process, apart from the servers; all clients here share one clock.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { TLRecord } from '@tldraw/tlschema';
import * as Y from 'yjs';
import { RECORDS_MAP } from '../lib/collab-protocol';
import { validateBoardRecord } from '../server/realtime/seed';
import { connectBenchClient, sleep, waitSynced, type BenchClient } from './lib/client';
import type { CloseAllJob, ColdLoadJob, ColdLoadResult, FanoutJob, FanoutResult, Job, JobReply, JobRequest, OpenJob, OpenResult } from './lib/jobs';
import { benchNote } from './lib/records';
import { Samples, summarize } from './lib/stats';

const now = () => performance.now();
// Each WebsocketProvider adds a process 'exit' listener; hundreds of clients here is intended.
process.setMaxListeners(0);

interface NoteMeta {
  t: number;
  seq: number;
  m: number;
}

async function fanout(job: FanoutJob): Promise<FanoutResult> {
  const n = job.tokens.length;
  const tag = Math.random().toString(36).slice(2, 8);
  const noteIds = Array.from({ length: job.writers }, (_, w) => `shape:bench-${tag}-w${w}`);
  const writerOf = new Map(noteIds.map((id, w) => [id, w]));
  // Sanity: what we write is a valid tldraw record (a validating server must accept it).
  validateBoardRecord(benchNote(`bench-${tag}-w0`, 0, 0, 'x', { t: 1.5, seq: 1, m: 0 }));

  const latency = new Samples();
  const saved = new Samples();
  let received = 0;
  let coalesced = 0;
  /** Last seq each client saw from each writer (writers start at 1 once everyone is synced). */
  const lastSeq = new Int32Array(n * job.writers);
  /** Write time and whether it is measured, per writer and seq (all clients share this process's clock). */
  const writeTimes: number[][] = Array.from({ length: job.writers }, () => [0]);
  const measuredSeq: boolean[][] = Array.from({ length: job.writers }, () => [false]);
  const pendingAcks: { clock: number; t: number; measured: boolean }[][] = Array.from({ length: job.writers }, () => []);

  const clients: BenchClient[] = [];
  for (let i = 0; i < n; i++) {
    const doc = new Y.Doc();
    const writer = i < job.writers ? i : -1;
    const client = connectBenchClient(job.url, job.boardId, job.tokens[i], doc, {
      now,
      onSaved:
        writer >= 0
          ? (clock) => {
              const queue = pendingAcks[writer];
              const at = now();
              while (queue.length > 0 && queue[0].clock <= clock) {
                const p = queue.shift()!;
                if (p.measured) saved.add(at - p.t);
              }
            }
          : undefined,
    });
    const records = doc.getMap<TLRecord>(RECORDS_MAP);
    records.observe((event, tr) => {
      if (tr.local) return;
      const at = now();
      for (const key of event.keysChanged) {
        const w = writerOf.get(key);
        if (w === undefined || w === writer) continue;
        const value = records.get(key) as { meta?: Partial<NoteMeta> } | undefined;
        const seq = value?.meta?.seq;
        if (typeof seq !== 'number') continue;
        const slot = i * job.writers + w;
        const last = lastSeq[slot];
        if (seq <= last) continue;
        // A server may relay several moves of one note as one merged update: the newer value
        // supersedes the ones in between, which count as delivered now (their latency from
        // their own write time), and as coalesced.
        if (seq > last + 1) coalesced += seq - last - 1;
        const times = writeTimes[w];
        for (let s = last + 1; s <= seq; s++) {
          if (!measuredSeq[w][s]) continue;
          received += 1;
          latency.add(at - times[s]);
        }
        lastSeq[slot] = seq;
      }
    });
    clients.push(client);
  }
  await waitSynced(clients, 60_000);

  const seqs = new Int32Array(job.writers);
  const measuredWrites = new Int32Array(job.writers);
  let measuring = false;
  const write = (w: number) => {
    const client = clients[w];
    const records = client.doc.getMap<TLRecord>(RECORDS_MAP);
    const seq = ++seqs[w];
    const t = now();
    const m = measuring ? 1 : 0;
    writeTimes[w][seq] = t;
    measuredSeq[w][seq] = measuring;
    // As tldraw does: the new record is the current one with new x, y (and our markers in
    // meta), so whatever the server put in it (e.g. meta.createdBy) is carried over.
    const current = records.get(noteIds[w]) as TLRecord | undefined;
    const moved = benchNote(`bench-${tag}-w${w}`, 100 + (seq % 500), 100 + w * 250, `Writer ${w}`, { t, seq, m });
    records.set(noteIds[w], current ? ({ ...current, x: moved.x, y: moved.y, meta: { ...current.meta, t, seq, m } } as TLRecord) : moved);
    if (measuring) measuredWrites[w] += 1;
    pendingAcks[w].push({ clock: Y.getState(client.doc.store, client.doc.clientID), t, measured: measuring });
  };

  const closesBefore = clients.reduce((s, c) => s + c.closes, 0);
  const period = 1000 / job.hz;
  const timers: NodeJS.Timeout[] = [];
  for (let w = 0; w < job.writers; w++) {
    timers.push(
      setTimeout(() => {
        write(w);
        timers.push(setInterval(() => write(w), period));
      }, (w * period) / job.writers),
    );
  }
  await sleep(job.warmupMs);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpuBefore = process.cpuUsage();
  const wallBefore = now();
  measuring = true;
  await sleep(job.durationMs);
  measuring = false;
  for (const timer of timers) clearInterval(timer);
  const cpu = process.cpuUsage(cpuBefore);
  const wall = now() - wallBefore;
  loop.disable();

  // Let the last updates arrive, then check every client ended with every writer's last value.
  const deadline = Date.now() + 10_000;
  let converged = false;
  while (Date.now() < deadline) {
    converged = clients.every((c) => {
      const records = c.doc.getMap<TLRecord>(RECORDS_MAP);
      return noteIds.every((id, w) => ((records.get(id) as { meta?: Partial<NoteMeta> } | undefined)?.meta?.seq ?? -1) === seqs[w]);
    });
    if (converged) break;
    await sleep(50);
  }
  await sleep(300); // late SAVED messages
  const disconnects = clients.reduce((s, c) => s + c.closes, 0) - closesBefore;
  for (const c of clients) c.destroy();

  let expected = 0;
  for (let w = 0; w < job.writers; w++) expected += measuredWrites[w] * (n - 1);
  let writes = 0;
  for (const m of measuredWrites) writes += m;
  return {
    clients: n,
    latency: latency.summary(),
    saved: saved.summary(),
    writes,
    expected,
    received,
    dropped: Math.max(0, expected - received),
    coalesced,
    disconnects,
    converged,
    clientLoopDelayP99Ms: loop.percentile(99) / 1e6,
    clientCpuPercent: ((cpu.user + cpu.system) / 1000 / wall) * 100,
  };
}

async function coldLoad(job: ColdLoadJob): Promise<ColdLoadResult> {
  const toState: number[] = [];
  const toSynced: number[] = [];
  let bytes = 0;
  for (let i = 0; i < job.samples; i++) {
    if (job.healthUrl) await waitUnloaded(job.healthUrl);
    const doc = new Y.Doc();
    const started = now();
    const client = connectBenchClient(job.url, job.boardId, job.token, doc, { now });
    await waitSynced([client], 60_000);
    const synced = now();
    toState.push((client.stateArrivedAt ?? synced) - started);
    toSynced.push(synced - started);
    if (i === 0) bytes = Y.encodeStateAsUpdate(doc).length;
    client.destroy();
  }
  return { toState: summarize(toState), toSynced: summarize(toSynced), bytes };
}

/** Polls our standalone server's /health until no board is in memory (the next load is cold). */
async function waitUnloaded(healthUrl: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const res = await fetch(healthUrl);
    const body = (await res.json()) as { realtime: { boardsLoaded: number; boardsLoading: number } };
    if (body.realtime.boardsLoaded === 0 && body.realtime.boardsLoading === 0) return;
    await sleep(20);
  }
  throw new Error('the board did not unload within 20 s');
}

const openClients: BenchClient[] = [];

async function open(job: OpenJob): Promise<OpenResult> {
  const started = now();
  const seeded = new Set<string>();
  const seed = job.seedUpdateBase64 ? new Uint8Array(Buffer.from(job.seedUpdateBase64, 'base64')) : null;
  let failed = 0;
  let first: Y.Doc | null = null;
  for (let i = 0; i < job.conns.length; i += job.batch) {
    // A server that admits sockets slowly must not hold the whole run: stop opening at the deadline.
    if (now() - started > job.deadlineMs) {
      failed += job.conns.length - i;
      break;
    }
    const batch = job.conns.slice(i, i + job.batch).map(({ boardId, token }) => {
      const doc = new Y.Doc();
      if (seed && !seeded.has(boardId)) {
        Y.applyUpdate(doc, seed);
        seeded.add(boardId);
      }
      first ??= doc;
      return connectBenchClient(job.url, boardId, token, doc, { now });
    });
    openClients.push(...batch);
    try {
      await waitSynced(batch, 20_000);
    } catch {
      failed += batch.filter((c) => !c.provider.synced).length;
    }
  }
  const encodedBytes = first ? Y.encodeStateAsUpdate(first as Y.Doc).length : 0;
  return { opened: job.conns.length - failed, failed, ms: now() - started, encodedBytes };
}

async function closeAll(_job: CloseAllJob): Promise<{ closed: number }> {
  const closed = openClients.length;
  for (const c of openClients.splice(0)) c.destroy();
  await sleep(200);
  return { closed };
}

async function run(job: Job): Promise<unknown> {
  switch (job.type) {
    case 'fanout':
      return fanout(job);
    case 'coldLoad':
      return coldLoad(job);
    case 'open':
      return open(job);
    case 'closeAll':
      return closeAll(job);
  }
}

process.on('message', (message: JobRequest) => {
  run(message.job).then(
    (result) => process.send?.({ id: message.id, result } satisfies JobReply),
    (error: unknown) => process.send?.({ id: message.id, error: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies JobReply),
  );
});
process.on('disconnect', () => process.exit(0));
