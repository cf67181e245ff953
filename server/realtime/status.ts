/** What /api/health reports about the realtime server. Shared through globalThis because
 * Next's bundled route code and the custom server load modules separately. */
export interface RealtimeStatusReport {
  running: boolean;
  boardsLoaded: number;
  connections: number;
  /** False while the database refuses writes. */
  saving: boolean;
}

const key = Symbol.for('together-board.realtime-status');
type G = typeof globalThis & { [key]?: () => RealtimeStatusReport };

/** Registers the live status source (called by the realtime server when it starts). */
export function registerRealtimeStatus(source: () => RealtimeStatusReport): void {
  (globalThis as G)[key] = source;
}

/** The realtime server's current status, or "not running". */
export function realtimeStatus(): RealtimeStatusReport {
  const source = (globalThis as G)[key];
  return source ? source() : { running: false, boardsLoaded: 0, connections: 0, saving: false };
}
