/** The browser bench's results (bench/browser.spec.ts) and their table in bench/RESULTS.md. */
import type { Summary } from './stats';

/** Milliseconds from navigation start, in one page load. */
export interface OpenTimes {
  canvasMs: number | null;
  drawnMs: number | null;
  savedMs: number | null;
}

export interface OpenSummary {
  canvas: Summary;
  drawn: Summary;
  saved: Summary;
}

export interface BrowserSizeResult {
  /** A board of sticky notes, or a mural of photo tiles. */
  kind: 'notes' | 'mural';
  /** Notes, or tiles. */
  count: number;
  loadAvg: number[];
  bare?: { cold: OpenSummary; warm: OpenSummary };
  app?: { cold: OpenSummary; warm: OpenSummary };
  edit?: { appear: Summary; saved: Summary; receive?: Summary };
  /** Bare tldraw: a remote change of one note to its letter in the DOM. */
  bareEdit?: Summary;
  dragFrames?: Summary;
  /** Bare tldraw: the same drag, no sync. */
  bareDragFrames?: Summary;
}

export interface BrowserBenchResults {
  date: string;
  cores: number;
  loadAvgStart: number[];
  loadAvgEnd: number[];
  opens: number;
  edits: number;
  dragSteps: number;
  sizes: BrowserSizeResult[];
}

const ms = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : v.toFixed(0));
const ms1 = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : v.toFixed(1));
const frames = (f: Summary | undefined) => (f ? `${f.p50?.toFixed(1)} / ${f.p95?.toFixed(1)} / ${f.max?.toFixed(1)}` : 'n/a');
const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(' / ');

/** The markdown table of one run. */
export function renderBrowserResults(r: BrowserBenchResults): string {
  const lines = [
    `Run ${r.date} on ${r.cores} cores; load average (1/5/15 min) ${load(r.loadAvgStart)} at the start, ${r.loadAvgEnd.length ? `${load(r.loadAvgEnd)} at the end` : 'the run stopped before the end'}. ` +
      `Opens: median of ${r.opens} fresh browser contexts (cold: no copy on the device; warm: the same page reloaded, IndexedDB copy present). ` +
      `Times from navigation start; "drawn": every note (tile) in the DOM and every picture on screen loaded, both pages fitted to the board's content. Partner's edit: ${r.edits} letters, key press to the letter in the other browser (a tile's caption on the mural). Drag: ${r.dragSteps} pointer moves, one per frame.`,
    '',
    '| board | bare tldraw drawn (ms) | board drawn, cold (ms) | × bare | board drawn, warm (ms) | "All changes saved", cold (ms) | partner\'s edit p50 / p95 (ms) | own edit saved p50 / p95 (ms) | receiving browser, message to letter p50 / p95 (ms) | bare tldraw, remote change to letter p50 / p95 (ms) | drag frame p50 / p95 / max (ms) | bare tldraw drag frame p50 / p95 / max (ms) | load (1 min) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of r.sizes) {
    const bare = s.bare?.cold.drawn.p50 ?? null;
    const cold = s.app?.cold.drawn.p50 ?? null;
    const ratio = bare && cold ? (cold / bare).toFixed(2) : 'n/a';
    lines.push(
      `| ${s.kind === 'mural' ? `mural, ${s.count} photo tiles` : `${s.count} notes`} | ${ms(bare)} | ${ms(cold)} | ${ratio} | ${ms(s.app?.warm.drawn.p50)} | ${ms(s.app?.cold.saved.p50)} | ${ms(s.edit?.appear.p50)} / ${ms(s.edit?.appear.p95)} | ${ms(s.edit?.saved.p50)} / ${ms(s.edit?.saved.p95)} | ${ms1(s.edit?.receive?.p50)} / ${ms1(s.edit?.receive?.p95)} | ${ms1(s.bareEdit?.p50)} / ${ms1(s.bareEdit?.p95)} | ${frames(s.dragFrames)} | ${frames(s.bareDragFrames)} | ${s.loadAvg[0]?.toFixed(2) ?? 'n/a'} |`,
    );
  }
  return lines.join('\n');
}
