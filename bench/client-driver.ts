/**
 * The client process of the bench: stock y-websocket clients driven by jobs from bench/run.ts
 * over IPC. Runs in its own process, apart from the servers; all clients here share one clock.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { TLRecord } from '@tldraw/tlschema';
import * as Y from 'yjs';
import { RECORDS_MAP } from '../lib/collab-protocol';
import { validateBoardRecord } from '../server/realtime/seed';
import { connectBenchClient, connectHocuspocusClient, sleep, waitSynced, type BenchClient } from './lib/client';
import type { CloseAllJob, ColdLoadJob, ColdLoadResult, FanoutJob, FanoutResult, Job, JobReply, JobRequest, KillRecovery, OpenJob, OpenResult } from './lib/jobs';
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

/** One writing client: its note, what it wrote and when, and what the server acknowledged. */
interface Writer {
  client: number;
  board: number;
  /** Index among its board's writers (its slot in each client's lastSeq row). */
  slot: number;
  noteKey: string;
  noteId: string;
  seq: number;
  times: number[];
  measured: boolean[];
  measuredWrites: number;
  /** Writes not yet covered by a SAVED: the writer's clock just after each, with its time. */
  pendingAcks: { clock: number; t: number; measured: boolean }[];
  /** The highest own clock a SAVED covered (every write with a clock below it is acknowledged). */
  acked: number;
}

/**
 * Boards of clients, the first `writers` of each moving their own note at `hz`: latency from the
 * writer's change to each other client of its board applying it (split by whether the receiver
 * is on the writer's node), SAVED latency, and at the end convergence and every acknowledged
 * write present on every client. With `kill`, one node is SIGKILLed mid-run and its clients'
 * recovery is timed (they reconnect by themselves, through whatever their URL reaches).
 */
async function fanout(job: FanoutJob): Promise<FanoutResult> {
  const tag = Math.random().toString(36).slice(2, 8);
  // Sanity: what we write is a valid tldraw record (a validating server must accept it).
  validateBoardRecord(benchNote(`bench-${tag}-probe`, 0, 0, 'x', { t: 1.5, seq: 1, m: 0 }));

  const latency = new Samples();
  const crossNode = new Samples();
  const sameNode = new Samples();
  const saved = new Samples();
  let received = 0;
  let coalesced = 0;

  const flat = job.boards.flatMap((board, b) => board.clients.map((c, k) => ({ ...c, board: b, boardId: board.boardId, k })));
  const n = flat.length;
  const writers: Writer[] = [];
  /** Per client, its writer (or -1). */
  const writerOfClient = new Int32Array(n).fill(-1);
  /** Per board, its writers by note key. */
  const boardWriters = job.boards.map(() => new Map<string, Writer>());
  flat.forEach((c, i) => {
    if (c.k >= job.writers) return;
    const noteKey = `bench-${tag}-b${c.board}-w${c.k}`;
    const writer: Writer = { client: i, board: c.board, slot: c.k, noteKey, noteId: `shape:${noteKey}`, seq: 0, times: [0], measured: [false], measuredWrites: 0, pendingAcks: [], acked: 0 };
    writerOfClient[i] = writers.length;
    writers.push(writer);
    boardWriters[c.board].set(writer.noteId, writer);
  });
  /** Last seq each client saw from each writer of its board. */
  const lastSeq = new Int32Array(n * job.writers);

  const clients: BenchClient[] = flat.map((c, i) => {
    const doc = new Y.Doc();
    const own = writerOfClient[i] >= 0 ? writers[writerOfClient[i]] : null;
    const onSaved = own
      ? (clock: number) => {
          const at = now();
          own.acked = Math.max(own.acked, clock);
          while (own.pendingAcks.length > 0 && own.pendingAcks[0].clock <= clock) {
            const p = own.pendingAcks.shift()!;
            if (p.measured) saved.add(at - p.t);
          }
        }
      : undefined;
    const client = job.protocol === 'hocuspocus' ? connectHocuspocusClient(c.url, c.boardId, doc, { now }) : connectBenchClient(c.url, c.boardId, c.token, doc, { now, onSaved });
    const records = doc.getMap<TLRecord>(RECORDS_MAP);
    const mine = boardWriters[c.board];
    records.observe((event, tr) => {
      if (tr.local) return;
      const at = now();
      for (const key of event.keysChanged) {
        const w = mine.get(key);
        if (!w || w === own) continue;
        const seq = (records.get(key) as { meta?: Partial<NoteMeta> } | undefined)?.meta?.seq;
        if (typeof seq !== 'number') continue;
        const slot = i * job.writers + w.slot;
        const last = lastSeq[slot];
        if (seq <= last) continue;
        // A server may relay several moves of one note as one merged update: the newer value
        // supersedes the ones in between, which count as delivered now (their latency from
        // their own write time), and as coalesced.
        if (seq > last + 1) coalesced += seq - last - 1;
        const writerNode = flat[w.client].node;
        const split = writerNode < 0 || c.node < 0 ? null : writerNode === c.node ? sameNode : crossNode;
        for (let s = last + 1; s <= seq; s++) {
          if (!w.measured[s]) continue;
          received += 1;
          latency.add(at - w.times[s]);
          split?.add(at - w.times[s]);
        }
        lastSeq[slot] = seq;
      }
    });
    return client;
  });

  // Connect (in batches when asked); a client not synced in time takes no part.
  const active = new Uint8Array(n);
  const batch = job.connectBatch ?? n;
  for (let i = 0; i < n; i += batch) {
    const group = clients.slice(i, i + batch);
    await waitSynced(group, 30_000).catch(() => undefined);
    group.forEach((c, k) => (active[i + k] = c.synced() ? 1 : 0));
  }
  const failedToConnect = n - active.reduce((a, b) => a + b, 0);
  const activeOnBoard = job.boards.map((_, b) => flat.filter((c, i) => c.board === b && active[i]).length);

  let measuring = false;
  const write = (w: Writer) => {
    const client = clients[w.client];
    const records = client.doc.getMap<TLRecord>(RECORDS_MAP);
    const seq = ++w.seq;
    const t = now();
    const m = measuring ? 1 : 0;
    w.times[seq] = t;
    w.measured[seq] = measuring;
    // As tldraw does: the new record is the current one with new x, y (and our markers in
    // meta), so whatever the server put in it (e.g. meta.createdBy) is carried over.
    const current = records.get(w.noteId) as TLRecord | undefined;
    const moved = benchNote(w.noteKey, 100 + (seq % 500), 100 + w.slot * 250, `Writer ${w.slot}`, { t, seq, m });
    records.set(w.noteId, current ? ({ ...current, x: moved.x, y: moved.y, meta: { ...current.meta, t, seq, m } } as TLRecord) : moved);
    if (measuring) w.measuredWrites += 1;
    if (job.protocol === 'y-websocket') w.pendingAcks.push({ clock: Y.getState(client.doc.store, client.doc.clientID), t, measured: measuring });
  };

  const live = writers.filter((w) => active[w.client]);
  const closesBefore = clients.reduce((s, c) => s + c.closes, 0);
  const period = 1000 / job.hz;
  const timers: NodeJS.Timeout[] = [];
  live.forEach((w, k) => {
    timers.push(
      setTimeout(() => {
        write(w);
        timers.push(setInterval(() => write(w), period));
      }, (k * period) / live.length),
    );
  });
  await sleep(job.warmupMs);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpuBefore = process.cpuUsage();
  const wallBefore = now();
  measuring = true;
  const recovery = job.kill ? watchKill(job.kill, clients, active, flat, writers) : null;
  await sleep(job.durationMs);
  measuring = false;
  for (const timer of timers) clearInterval(timer);
  const cpu = process.cpuUsage(cpuBefore);
  const wall = now() - wallBefore;
  loop.disable();

  // Let the last updates arrive, then check every client ended with every writer's last value.
  const converged = await pollUntil(20_000, () =>
    clients.every((c, i) => {
      if (!active[i]) return true;
      const records = c.doc.getMap<TLRecord>(RECORDS_MAP);
      for (const w of boardWriters[flat[i].board].values()) {
        if (active[w.client] && ((records.get(w.noteId) as { meta?: Partial<NoteMeta> } | undefined)?.meta?.seq ?? -1) !== w.seq) return false;
      }
      return true;
    }),
  );
  await sleep(300); // late SAVED messages
  const kill = recovery ? await recovery.finish() : null;
  const disconnects = clients.reduce((s, c) => s + c.closes, 0) - closesBefore;

  // Acknowledged writes missing on some client of the writer's board: its state vector must cover the writer's acknowledged clock.
  let ackedMissingOnClients = 0;
  for (const w of live) {
    const writerId = clients[w.client].doc.clientID;
    let least = Infinity;
    clients.forEach((c, i) => {
      if (active[i] && flat[i].board === w.board) least = Math.min(least, Y.getState(c.doc.store, writerId));
    });
    ackedMissingOnClients += Math.max(0, w.acked - least);
  }
  const writerClocks = live.map((w) => {
    const doc = clients[w.client].doc;
    return { boardId: job.boards[w.board].boardId, clientId: doc.clientID, sent: Y.getState(doc.store, doc.clientID), acked: w.acked };
  });
  for (const c of clients) c.destroy();

  let expected = 0;
  let writes = 0;
  for (const w of live) {
    expected += w.measuredWrites * (activeOnBoard[w.board] - 1);
    writes += w.measuredWrites;
  }
  return {
    clients: n,
    boards: job.boards.length,
    latency: latency.summary(),
    crossNode: crossNode.summary(),
    sameNode: sameNode.summary(),
    saved: saved.summary(),
    writes,
    measuredMs: wall,
    expected,
    received,
    dropped: Math.max(0, expected - received),
    coalesced,
    disconnects,
    converged,
    ackedMissingOnClients,
    writerClocks,
    clientLoopDelayP99Ms: loop.percentile(99) / 1e6,
    clientCpuPercent: ((cpu.user + cpu.system) / 1000 / wall) * 100,
    failedToConnect,
    kill,
    samples: job.keepSamples ? { latency: latency.toBase64(), crossNode: crossNode.toBase64(), sameNode: sameNode.toBase64(), saved: saved.toBase64() } : undefined,
  };
}

/** Polls `check` every 50 ms until it holds (true) or `ms` pass (false). */
async function pollUntil(ms: number, check: () => boolean): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await sleep(50);
  }
  return check();
}

/** How long after a node's death its clients wait before counting as not recovered. */
const RECOVERY_DEADLINE_MS = 30_000;
/** A client whose socket closed this soon after the kill was on the killed node. */
const VICTIM_WINDOW_MS = 1_000;

/**
 * Kills the node after `afterMs`, then every 5 ms looks for its clients (their socket closed
 * just after) and times each one back to synced and to holding every update that was
 * acknowledged, on any node, at the moment of the kill.
 */
function watchKill(kill: { pid: number; afterMs: number }, clients: BenchClient[], active: Uint8Array, flat: { board: number }[], writers: Writer[]) {
  let killAt = Infinity;
  let ackedAtKill: { board: number; clientId: number; acked: number }[] = [];
  const victims = new Map<number, { reopened: number | null; synced: number | null; caughtUp: number | null }>();
  const killTimer = setTimeout(() => {
    ackedAtKill = writers.map((w) => ({ board: w.board, clientId: clients[w.client].doc.clientID, acked: w.acked }));
    killAt = now();
    process.kill(kill.pid, 'SIGKILL');
  }, kill.afterMs);
  const covers = (i: number) => ackedAtKill.every((a) => a.board !== flat[i].board || Y.getState(clients[i].doc.store, a.clientId) >= a.acked);
  const poll = setInterval(() => {
    if (killAt === Infinity) return;
    const t = now();
    clients.forEach((c, i) => {
      if (!active[i]) return;
      let v = victims.get(i);
      if (!v && c.lastCloseAt !== null && c.lastCloseAt >= killAt && c.lastCloseAt - killAt <= VICTIM_WINDOW_MS) victims.set(i, (v = { reopened: null, synced: null, caughtUp: null }));
      if (!v) return;
      if (v.reopened === null && c.lastOpenAt !== null && c.lastOpenAt > c.lastCloseAt!) v.reopened = c.lastOpenAt - killAt;
      if (!c.synced()) return;
      v.synced ??= t - killAt;
      if (v.caughtUp === null && covers(i)) v.caughtUp = t - killAt;
    });
  }, 5);
  return {
    async finish(): Promise<KillRecovery> {
      // (Infinity when the kill never came: the run was shorter than afterMs.)
      if (killAt !== Infinity) await pollUntil(Math.max(0, killAt + RECOVERY_DEADLINE_MS - now()), () => [...victims.values()].every((v) => v.caughtUp !== null));
      clearTimeout(killTimer);
      clearInterval(poll);
      const list = [...victims.values()];
      return {
        victims: list.length,
        toReopened: summarize(list.flatMap((v) => (v.reopened === null ? [] : [v.reopened]))),
        toSynced: summarize(list.flatMap((v) => (v.synced === null ? [] : [v.synced]))),
        toCaughtUp: summarize(list.flatMap((v) => (v.caughtUp === null ? [] : [v.caughtUp]))),
        notRecovered: list.filter((v) => v.caughtUp === null).length,
      };
    },
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
      failed += batch.filter((c) => !c.synced()).length;
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
