import type { ColdParts } from './coldparts';
import type { CommitFigures } from './commit';
import type { DocSizeResult } from './docsize';
import type { ColdLoadResult, FanoutResult } from './jobs';
import type { MemoryReport } from './memory';

type Fanout = FanoutResult & { serverCpuPercent: number };

export interface MemoryFigures {
  baseline: MemoryReport;
  withBoards: MemoryReport;
  boards: number;
  boardEncodedBytes: number;
  /** (heapUsed + external) per loaded board with its one socket, minus one idle socket's cost. */
  perBoardBytes: number;
  perBoardGrossBytes: number;
  perBoardRssBytes: number;
  idleBase: MemoryReport;
  idleLoaded: MemoryReport;
  connections: number;
  perConnectionBytes: number;
  perConnectionRssBytes: number;
  openMs: number;
  failed: number;
}

export interface BenchResults {
  date: string;
  quick: boolean;
  cores: number;
  cpuModel: string;
  node: string;
  loadAvgStart: number[];
  loadAvgEnd: number[];
  durationS: number;
  config: Record<string, number>;
  fanout: { ours?: Fanout; reference?: Fanout };
  crowd: { ours?: Fanout; reference?: Fanout };
  quietAck: Fanout | null;
  cold: Record<string, { ours: ColdLoadResult; reference: ColdLoadResult; storedBytes: number }>;
  memory: { ours?: MemoryFigures; reference?: MemoryFigures };
  docSize: DocSizeResult | null;
  commit: CommitFigures | null;
  coldParts: ColdParts[];
  /** Heap of a bare Y.Doc holding the small board (Yjs's own share of a loaded board). */
  bareDocBytes: number | null;
}

const ms = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : `${v.toFixed(2)} ms`);
const kb = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : `${(v / 1024).toFixed(1)} KiB`);
const ratio = (a: number | null | undefined, b: number | null | undefined) => (a == null || b == null || b === 0 ? 'n/a' : `${(a / b).toFixed(2)}×`);
const verdict = (ok: boolean | null) => (ok === null ? 'n/a' : ok ? 'met' : '**missed**');

/** The Markdown for RESULTS.md and the table for the console. */
export function renderResults(r: BenchResults): { markdown: string; table: string } {
  const rows: string[][] = [];
  const fo = r.fanout.ours;
  const fr = r.fanout.reference;
  if (fo || fr) {
    rows.push(['fan-out latency, 1 board, 30 clients, 10 writing at 30 Hz: p50', ms(fo?.latency.p50), ms(fr?.latency.p50), ratio(fo?.latency.p50, fr?.latency.p50), 'p50 ≤ 2 ms', verdict(fo ? (fo.latency.p50 ?? Infinity) <= 2 : null)]);
    const p99ok = fo ? (fo.latency.p99 ?? Infinity) <= 10 && (!fr || (fo.latency.p99 ?? Infinity) <= 1.2 * (fr.latency.p99 ?? 0)) : null;
    rows.push(['fan-out latency (same run): p99', ms(fo?.latency.p99), ms(fr?.latency.p99), ratio(fo?.latency.p99, fr?.latency.p99), 'p99 ≤ 10 ms and ours ≤ 1.2× reference, persisting every update', verdict(p99ok)]);
  }
  const co = r.crowd.ours;
  const cr = r.crowd.reference;
  if (co || cr) {
    const drops = (f?: Fanout) => (f ? `${f.dropped} dropped, ${f.disconnects} disconnects` : 'n/a');
    rows.push([
      '100 clients in one board (10 writing at 30 Hz): p99, drops',
      `${ms(co?.latency.p99)}; ${drops(co)}`,
      `${ms(cr?.latency.p99)}; ${drops(cr)}`,
      ratio(co?.latency.p99, cr?.latency.p99),
      'p99 ≤ 50 ms, 0 drops',
      verdict(co ? (co.latency.p99 ?? Infinity) <= 50 && co.dropped === 0 && co.disconnects === 0 && co.converged : null),
    ]);
  }
  if (fo) {
    rows.push(['saved acknowledgement after an edit, under the fan-out load: p50 / p95', `${ms(fo.saved.p50)} / ${ms(fo.saved.p95)}`, 'none (no acknowledgement)', 'n/a', 'p95 ≤ 100 ms', verdict((fo.saved.p95 ?? Infinity) <= 100)]);
  }
  if (r.quietAck) {
    const q = r.quietAck;
    rows.push(['saved acknowledgement, one person editing at 10 Hz: p50 / p95', `${ms(q.saved.p50)} / ${ms(q.saved.p95)}`, 'none', 'n/a', 'p95 ≤ 100 ms', verdict((q.saved.p95 ?? Infinity) <= 100)]);
  }
  const mo = r.memory.ours;
  const mr = r.memory.reference;
  if (mo || mr) {
    const perBoard = (m?: MemoryFigures) => (m ? `${kb(m.perBoardBytes)} (${(m.perBoardBytes / m.boardEncodedBytes).toFixed(1)}× of ${kb(m.boardEncodedBytes)})` : 'n/a');
    rows.push([`memory per loaded small board (${mo?.boards ?? mr?.boards} boards)`, perBoard(mo), perBoard(mr), ratio(mo?.perBoardBytes, mr?.perBoardBytes), '≤ 10× its encoded size', verdict(mo ? mo.perBoardBytes <= 10 * mo.boardEncodedBytes : null)]);
    const perConn = (m?: MemoryFigures) => (m ? `${kb(m.perConnectionBytes)} (RSS ${kb(m.perConnectionRssBytes)})` : 'n/a');
    rows.push([`idle connections: memory each, at ${mo?.connections ?? mr?.connections} connections`, perConn(mo), perConn(mr), ratio(mo?.perConnectionBytes, mr?.perConnectionBytes), '≤ 16 KB', verdict(mo ? mo.perConnectionBytes <= 16 * 1024 : null)]);
  }
  for (const [label, c] of Object.entries(r.cold)) {
    const limit = label.startsWith('1') ? 100 : 500;
    rows.push([
      `cold load of a ${label} board (${c.ours.toState.count} loads): p95 to full state (to synced)`,
      `${ms(c.ours.toState.p95)} (${ms(c.ours.toSynced.p95)})`,
      `${ms(c.reference.toState.p95)} (${ms(c.reference.toSynced.p95)}), from memory`,
      ratio(c.ours.toState.p95, c.reference.toState.p95),
      `p95 ≤ ${limit} ms`,
      verdict((c.ours.toState.p95 ?? Infinity) <= limit),
    ]);
  }
  if (r.docSize) {
    const d = r.docSize;
    rows.push([
      `document size after ${d.moves.toLocaleString('en')} moves of one note by one person`,
      `${d.oneClientBytes} B = ${(d.oneClientBytes / d.jsonBytes).toFixed(2)}×`,
      'same Yjs encoding',
      'n/a',
      `≤ 2× its JSON snapshot (${d.jsonBytes} B)`,
      verdict(d.oneClientBytes <= 2 * d.jsonBytes),
    ]);
    rows.push([
      `the same ${d.moves.toLocaleString('en')} moves by two people taking turns`,
      `${d.twoClientsBytes} B = ${(d.twoClientsBytes / d.jsonBytes).toFixed(1)}×`,
      'same Yjs encoding',
      'n/a',
      '≤ 2× (same target, harder case)',
      verdict(d.twoClientsBytes <= 2 * d.jsonBytes),
    ]);
  }
  const header = ['metric', 'ours', 'reference', 'ours / reference', 'target', 'verdict'];
  const table = [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');

  const detail: string[] = [];
  const fanoutLine = (name: string, f?: Fanout) =>
    f
      ? `- ${name}: ${f.latency.count} deliveries of ${f.writes} writes, ${f.coalesced} of them superseded in a merged relay (p90 ${ms(f.latency.p90)}, max ${ms(f.latency.max)}); dropped ${f.dropped}, disconnects ${f.disconnects}, converged ${f.converged}; server CPU ${f.serverCpuPercent.toFixed(0)}% of one core, client process CPU ${f.clientCpuPercent.toFixed(0)}%, client event-loop delay p99 ${ms(f.clientLoopDelayP99Ms)}`
      : null;
  for (const [title, pair] of [
    ['Fan-out, 30 clients', r.fanout],
    ['100 clients', r.crowd],
  ] as const) {
    const lines = [fanoutLine('ours', pair.ours), fanoutLine('reference', pair.reference)].filter(Boolean);
    if (lines.length) detail.push(`**${title}**`, '', ...(lines as string[]), '');
  }
  for (const [name, m] of Object.entries(r.memory)) {
    if (!m) continue;
    detail.push(
      `- memory, ${name}: baseline heap+external ${kb(m.baseline.heapUsed + m.baseline.external)} (RSS ${kb(m.baseline.rss)}); with ${m.boards} boards ${kb(m.withBoards.heapUsed + m.withBoards.external)} (RSS ${kb(m.withBoards.rss)}): ${kb(m.perBoardGrossBytes)} per board with its socket, RSS ${kb(m.perBoardRssBytes)}; ${m.connections} idle sockets opened in ${(m.openMs / 1000).toFixed(1)} s, ${m.failed} failed; GC before each reading: ${m.baseline.gc}`,
    );
  }
  if (r.commit) {
    const c = r.commit;
    detail.push(
      `- committing one update on this disk: BoardStore.appendUpdates (Prisma, synchronous=FULL) p50 ${ms(c.prismaFull.p50)}, p99 ${ms(c.prismaFull.p99)}, event loop busy ${(c.prismaFullLoopUtilization * 100).toFixed(0)}% of the time (the adapter runs COMMIT and its fsync synchronously); raw better-sqlite3 FULL p50 ${ms(c.rawFull.p50)}, p99 ${ms(c.rawFull.p99)}; raw NORMAL p50 ${ms(c.rawNormal.p50)}, p99 ${ms(c.rawNormal.p99)}`,
    );
  }
  if (r.bareDocBytes !== null) {
    detail.push(`- a bare Y.Doc holding the small board, measured in the bench process: ${kb(r.bareDocBytes)} (Yjs keeps every record as parsed JSON objects plus an Item per map entry)`);
  }
  for (const p of r.coldParts) {
    detail.push(
      `- cold load parts, ${p.label} board (${(p.bytes / 1e6).toFixed(2)} MB stored), best of 3 in one process: BoardStore.load (Prisma) ${ms(p.storeLoadMs)} vs the same row read raw with better-sqlite3 ${ms(p.rawReadMs)}; Y.applyUpdate ${ms(p.applyMs)}; sync step 2 for a new client ${ms(p.syncStep2Ms)}`,
    );
  }
  if (r.docSize) {
    const d = r.docSize;
    detail.push(`- document size: one client ${d.oneClientBytes} B, two clients taking turns ${d.twoClientsBytes} B, two clients editing offline and merging ${d.concurrentBytes} B; the note's JSON ${d.jsonBytes} B`);
  }

  const markdown = [
    `Run: ${r.date} (${r.quick ? 'quick smoke run' : 'full run'}, ${r.durationS.toFixed(0)} s). Machine: ${r.cores} cores (${r.cpuModel}), Node ${r.node}, load average ${r.loadAvgStart.map((x) => x.toFixed(2)).join(' ')} at the start and ${r.loadAvgEnd.map((x) => x.toFixed(2)).join(' ')} at the end (the machine is shared; figures are noisy).`,
    '',
    'Ours: server/realtime-standalone.ts on a fresh SQLite file (WAL, synchronous=FULL), committing every update before relaying it; memory rows from bench/our-server-probe.ts (the same createRealtimeServer with a GC-and-measure endpoint). Reference: @y/websocket-server@0.1.1 setupWSConnection, no persistence. Clients: stock y-websocket 3.1.0 WebsocketProviders in one separate Node process. Latency: writer\'s local change to the update applied at each other client (one clock). Memory: heapUsed + external after a full GC, RSS in brackets.',
    '',
    table,
    '',
    ...detail,
  ].join('\n');
  return { markdown, table };
}
