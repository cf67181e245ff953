import type { ClusterConfig } from './cluster';
import type { FanoutResult } from './jobs';
import type { Summary } from './stats';
import type { StoreContention } from './store-contention';

/** A probe's timings (one Redis hop, one PostgreSQL commit). */
export type Probe = Summary;

/** Acknowledged writes against the stored document (clock units: one per move). */
export interface LostCheck {
  acked: number;
  sent: number;
  inDatabase: number;
  missingInDatabase: number;
}

/** pg_stat_activity samples of the nodes' sessions: how many sessions were seen in each state (active ones by wait event). */
export interface PostgresWaits {
  samples: number;
  sessions: Record<string, number>;
  /** CPU the nodes' PostgreSQL backends used (0 when PostgreSQL is not on this machine). */
  backendCpuSeconds: number;
}

export interface RunFigures {
  label: string;
  nodes: number;
  /** Interleaved rounds pooled into `result`. */
  rounds: number;
  /** Each round's own p50 and p99 (of the deliveries the verdict uses: other node on 3 nodes, all on 1). */
  roundFigures: { p50: number | null; p99: number | null }[];
  result: FanoutResult;
  /** CPU of each node over the run, % of one core (every node running, also those without clients). */
  nodeCpuPercent: number[];
  /** Catch-ups from the log each node ran (a relayed update that did not follow what it had; ours only). */
  catchUps: number[];
  redisCpuPercent: number | null;
  /** One Redis publish to a subscriber, beside the load. */
  redisProbe: Probe;
  /** One single-row INSERT committed on PostgreSQL, beside the load. */
  commitProbe: Probe;
  postgresWaits: PostgresWaits;
  /** The nodes' PostgreSQL backends' CPU, % of one core. */
  postgresCpuPercent: number;
  /** Ours only (Hocuspocus acknowledges nothing and stores nothing here). */
  lost: LostCheck | null;
}

export interface CapacityStep {
  boards: number;
  clients: number;
  result: FanoutResult;
  nodeCpuPercent: number;
  postgresWaits: PostgresWaits;
  /** The node's PostgreSQL backends' CPU over the step, % of one core. */
  postgresCpuPercent: number;
  peakRssBytes: number;
  lost: LostCheck;
}

export interface ClusterResults {
  date: string;
  cores: number;
  loadAvgStart: number[];
  loadAvgEnd: number[];
  config: ClusterConfig;
  load: { clients: number; writers: number; hz: number; nodes: number };
  capacityLoad: { clientsPerBoard: number; writersPerBoard: number; hz: number; p99BudgetMs: number; rssBudgetBytes: number };
  postgres: string;
  runs: { oursSingle?: RunFigures; oursCross?: RunFigures; hocusSingle?: RunFigures; hocusCross?: RunFigures };
  storeContention: StoreContention | null;
  kill: RunFigures | null;
  capacity: CapacityStep[];
}

/** How long a killed node's clients may take to be synced on another node, with everything acknowledged. */
export const KILL_TARGET_MS = 3_000;

const ms = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : `${v.toFixed(2)} ms`);
const verdict = (ok: boolean | null) => (ok === null ? 'n/a' : ok ? 'met' : '**missed**');
const lostCell = (f?: RunFigures | null) =>
  f?.lost ? `${f.lost.missingInDatabase} of ${f.lost.acked} missing in the database, ${f.result.ackedMissingOnClients} on some client` : 'n/a (no acknowledgement)';
const rate = (f?: RunFigures | null) => (f ? (f.result.writes / (f.result.measuredMs / 1000)).toFixed(0) : 'n/a');
const lostOk = (f?: RunFigures | null) => (f?.lost ? f.lost.missingInDatabase === 0 && f.result.ackedMissingOnClients === 0 : null);

/** Whether a capacity step stayed within its budget (p99, every client connected, nothing dropped, converged, memory). */
export function withinBudget(budget: ClusterResults['capacityLoad'], step: CapacityStep): boolean {
  const f = step.result;
  return (f.latency.p99 ?? Infinity) <= budget.p99BudgetMs && f.failedToConnect === 0 && f.dropped === 0 && f.converged && step.peakRssBytes <= budget.rssBudgetBytes;
}

/** The Markdown for RESULTS.md (between the cluster markers) and the table for the console. */
export function renderClusterResults(r: ClusterResults): { markdown: string; table: string } {
  const { oursSingle: one, oursCross: three, hocusSingle: hOne, hocusCross: hThree } = r.runs;
  const L = r.load;
  const rows: string[][] = [];
  rows.push([
    `edit latency, ${L.clients} clients on one board, ${L.writers} writing at ${L.hz} Hz: p50 (3 nodes: writer and receiver on different nodes)`,
    ms(three?.result.crossNode.p50),
    ms(one?.result.latency.p50),
    ms(hThree?.result.crossNode.p50),
    ms(hOne?.result.latency.p50),
    'n/a',
    'n/a',
  ]);
  const p99 = three?.result.crossNode.p99 ?? null;
  const p99Ok = p99 === null || !one ? null : p99 <= 2 * (one.result.latency.p99 ?? 0) && (!hThree || p99 <= (hThree.result.crossNode.p99 ?? Infinity));
  rows.push([
    'the same: p99',
    ms(p99),
    ms(one?.result.latency.p99),
    ms(hThree?.result.crossNode.p99),
    ms(hOne?.result.latency.p99),
    `ours, 3 nodes ≤ 2× ours, 1 node (${ms(one ? 2 * (one.result.latency.p99 ?? 0) : null)}) and ≤ Hocuspocus, 3 nodes`,
    verdict(p99Ok),
  ]);
  rows.push(['moves sent a second (target 300; what the client process managed)', rate(three), rate(one), rate(hThree), rate(hOne), 'same load for all', 'n/a']);
  const none = 'n/a (no acknowledgement, no store)';
  rows.push(['acknowledged writes lost (the database after the run; every client at the end)', lostCell(three), lostCell(one), none, none, '0', verdict(three && one ? !!lostOk(three) && !!lostOk(one) : null)]);
  const k = r.kill?.result.kill;
  if (r.kill && k) {
    const worst = k.notRecovered > 0 ? null : k.toCaughtUp.max;
    rows.push([
      `kill -9 of a node behind nginx: its clients synced on another node holding every update acknowledged before the kill, max (p50; synced alone max)`,
      `${worst === null ? `${k.notRecovered} of ${k.victims} not recovered in 30 s` : ms(worst)} (${ms(k.toCaughtUp.p50)}; ${ms(k.toSynced.max)}), ${k.victims} clients`,
      'n/a',
      'not measured',
      'n/a',
      `≤ ${KILL_TARGET_MS / 1000} s`,
      verdict(k.victims > 0 && worst !== null && worst <= KILL_TARGET_MS),
    ]);
    rows.push(['kill -9: acknowledged writes lost', lostCell(r.kill), 'n/a', 'n/a', 'n/a', '0', verdict(lostOk(r.kill))]);
  }
  if (r.capacity.length) {
    const held = r.capacity.filter((s) => withinBudget(r.capacityLoad, s)).at(-1);
    const over = r.capacity.find((s) => !withinBudget(r.capacityLoad, s));
    const C = r.capacityLoad;
    rows.push([
      `one node at ${r.cores} cores: boards × clients it holds with p99 ≤ ${C.p99BudgetMs} ms (${C.clientsPerBoard} clients a board, one moving a note at ${C.hz} Hz)`,
      'n/a',
      `${held ? `${held.boards} boards, ${held.clients} clients` : 'none of the steps'}${over ? `; over at ${over.boards} boards (${overReason(r, over)})` : '; the last step tried'}`,
      'not measured',
      'not measured',
      'reported',
      'n/a',
    ]);
  }
  const header = ['metric', 'ours, 3 nodes', 'ours, 1 node', 'Hocuspocus, 3 nodes', 'Hocuspocus, 1 node', 'target', 'verdict'];
  const table = [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');

  const runLine = (f: RunFigures) => {
    const x = f.result;
    const split = f.nodes > 1 ? `; same node p50 ${ms(x.sameNode.p50)} p99 ${ms(x.sameNode.p99)} (${x.sameNode.count}), other node p50 ${ms(x.crossNode.p50)} p99 ${ms(x.crossNode.p99)} (${x.crossNode.count})` : '';
    return (
      `- ${f.label}: all deliveries p50 ${ms(x.latency.p50)}, p90 ${ms(x.latency.p90)}, p99 ${ms(x.latency.p99)}, max ${ms(x.latency.max)} (${x.latency.count} deliveries of ${x.writes} moves${split}); ` +
      `saved p50 ${ms(x.saved.p50)} p95 ${ms(x.saved.p95)}; ${x.coalesced} superseded in a merged relay, dropped ${x.dropped}, disconnects ${x.disconnects}, converged ${x.converged}; ` +
      `CPU of each node ${f.nodeCpuPercent.map((c) => c.toFixed(0)).join(' / ')} % of one core, of their PostgreSQL backends ${f.postgresCpuPercent.toFixed(0)} %${f.catchUps.some((c) => c > 0) ? `, catch-ups from the log ${f.catchUps.join(' / ')}` : ''}, Redis ${f.redisCpuPercent === null ? 'n/a' : `${f.redisCpuPercent.toFixed(0)} %`}, client process ${x.clientCpuPercent.toFixed(0)} % (event-loop delay p99 ${ms(x.clientLoopDelayP99Ms)}); ` +
      `beside it, one Redis publish→subscriber p50 ${ms(f.redisProbe.p50)} p99 ${ms(f.redisProbe.p99)}, one PostgreSQL commit p50 ${ms(f.commitProbe.p50)} p99 ${ms(f.commitProbe.p99)}` +
      (f.lost ? `; acknowledged ${f.lost.acked} moves, ${f.lost.inDatabase} of ${f.lost.sent} sent are in the database` : '') +
      `; the nodes' PostgreSQL sessions, mean number busy at a sample (${f.postgresWaits.samples} samples; "idle in transaction": waiting for the node's next statement): ${waits(f.postgresWaits)}`
    );
  };
  const perRound = (f: RunFigures) => (f.rounds > 1 ? `; each round's p50 / p99: ${f.roundFigures.map((x) => `${ms(x.p50)} / ${ms(x.p99)}`).join('; ')}` : '');
  const detail = [three, one, hThree, hOne, r.kill].flatMap((f) => (f ? [`${runLine(f)}${perRound(f)}`] : []));
  const sc = r.storeContention;
  if (sc) {
    detail.push(
      `- the commit path alone (bench/lib/store-contention.ts): ${sc.appendsPerSecond} single-update appends a second to one board for ${sc.durationMs / 1000} s, timed from the call to the commit: from one PostgresBoardStore p50 ${ms(sc.oneStore.p50)}, p99 ${ms(sc.oneStore.p99)} (${sc.oneStore.count}); from three (a third of the rate each, as three nodes) p50 ${ms(sc.threeStores.p50)}, p99 ${ms(sc.threeStores.p99)} (${sc.threeStores.count})`,
    );
  }
  if (k) {
    detail.push(`- kill -9: ${k.victims} clients were on the killed node; socket open again (backoff, nginx, the next node's handshake) p50 ${ms(k.toReopened.p50)}, max ${ms(k.toReopened.max)}; back to synced p50 ${ms(k.toSynced.p50)}, max ${ms(k.toSynced.max)}; holding every acknowledged update p50 ${ms(k.toCaughtUp.p50)}, max ${ms(k.toCaughtUp.max)}; not recovered ${k.notRecovered}`);
  }
  const capacityTable = r.capacity.length
    ? [
        '',
        `**One node, stepping up** (${r.capacityLoad.clientsPerBoard} clients a board, one moving a note at ${r.capacityLoad.hz} Hz; the budget: p99 ≤ ${r.capacityLoad.p99BudgetMs} ms, every client connected, nothing dropped, converged, RSS ≤ ${(r.capacityLoad.rssBudgetBytes / 2 ** 30).toFixed(1)} GiB; the steps go on past it until p99 passes 1 s)`,
        '',
        '| boards | clients | moves/s | p50 | p99 | saved p95 | node CPU | its PostgreSQL backends CPU | node peak RSS | client process CPU | failed to connect | dropped | acknowledged lost | within budget | PostgreSQL sessions busy (mean at a sample) |',
        '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
        ...r.capacity.map((s) => {
          const x = s.result;
          return `| ${s.boards} | ${s.clients} | ${(x.writes / (x.measuredMs / 1000)).toFixed(0)} | ${ms(x.latency.p50)} | ${ms(x.latency.p99)} | ${ms(x.saved.p95)} | ${s.nodeCpuPercent.toFixed(0)} % | ${s.postgresCpuPercent.toFixed(0)} % | ${(s.peakRssBytes / 2 ** 20).toFixed(0)} MiB | ${x.clientCpuPercent.toFixed(0)} % | ${x.failedToConnect} | ${x.dropped} | ${s.lost.missingInDatabase} of ${s.lost.acked} | ${withinBudget(r.capacityLoad, s) ? 'yes' : 'no'} | ${waits(s.postgresWaits)} |`;
        }),
      ]
    : [];

  const markdown = [
    `Run: ${r.date} on ${r.cores} cores, load average ${r.loadAvgStart.map((x) => x.toFixed(2)).join(' ')} at the start and ${r.loadAvgEnd.map((x) => x.toFixed(2)).join(' ')} at the end (the machine is shared with other work; figures are noisy). Each comparison configuration: ${L.clients} clients on one board, the first ${L.writers} moving a note at ${L.hz} Hz, ${r.config.runMs / 1000} s measured in ${r.config.rounds} rounds (each with fresh clients and ${r.config.warmupMs / 1000} s warm-up) interleaved with the other configurations' rounds, so that all four see the same machine; the rounds' samples are pooled.`,
    '',
    `Ours: ${L.nodes} \`server/realtime-standalone.ts\` processes (the realtime server of \`npm start\`) on one throwaway PostgreSQL database (${r.postgres}) and one Redis (a key prefix per run); clients i on node i mod ${L.nodes}, so writers and receivers sit on every node; "ours, 1 node": the same load with every client on node 1 (the other nodes running). Hocuspocus: @hocuspocus/server 4.7.0 with @hocuspocus/extension-redis 4.7.0 on the same Redis, ${L.nodes} processes, no store; clients: @hocuspocus/provider 4.8.0. Ours: stock y-websocket 3.1.0 clients. All clients in one Node process; latency from the writer's change to each other client applying it, one clock. The 3-node columns count only deliveries to a client on another node than the writer's. kill -9: the same load through nginx (round robin over the three nodes, deploy/nginx-proxy.conf), node 1 killed ${r.config.killAfterMs / 1000} s into ${r.config.killRunMs / 1000} s; clients reconnect by themselves (stock y-websocket backoff).`,
    '',
    table,
    '',
    ...detail,
    ...capacityTable,
  ].join('\n');
  return { markdown, table };
}

/** The sessions' states other than idle, as the mean number of sessions in each at a sample, largest first. */
function waits(w: PostgresWaits): string {
  const busy = Object.entries(w.sessions)
    .filter(([what]) => what !== 'idle')
    .sort((a, b) => b[1] - a[1]);
  if (!w.samples || !busy.length) return 'none busy';
  return busy.map(([what, n]) => `${what} ${(n / w.samples).toFixed(3)}`).join(', ');
}

function overReason(r: ClusterResults, s: CapacityStep): string {
  const x = s.result;
  const why: string[] = [];
  if ((x.latency.p99 ?? Infinity) > r.capacityLoad.p99BudgetMs) why.push(`p99 ${ms(x.latency.p99)}`);
  if (x.failedToConnect) why.push(`${x.failedToConnect} clients failed to connect`);
  if (x.dropped) why.push(`${x.dropped} dropped`);
  if (!x.converged) why.push('not converged');
  if (s.peakRssBytes > r.capacityLoad.rssBudgetBytes) why.push(`RSS ${(s.peakRssBytes / 2 ** 20).toFixed(0)} MiB`);
  return why.join(', ');
}
