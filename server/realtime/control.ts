/**
 * Lets app code (route handlers, server actions) tell the realtime server in the same process
 * that something changed, without importing it: Next's bundled route code and the custom
 * server load modules separately, so the hook lives on globalThis (like status.ts). When the
 * realtime server runs in another process these are no-ops and its polling catches up
 * (board state within 5 s, sessions and memberships within 30 s).
 */
export interface RealtimeControl {
  refreshBoard(boardId: string): Promise<void>;
  recheckAccess(): Promise<void>;
  applyServerUpdate(boardId: string, update: Uint8Array): Promise<void>;
}

const key = Symbol.for('together-board.realtime-control');
type G = typeof globalThis & { [key]?: RealtimeControl };

/** Registers the running realtime server (called by createRealtimeServer). */
export function registerRealtimeControl(control: RealtimeControl): void {
  (globalThis as G)[key] = control;
}

/** Call after locking, unlocking or archiving a board: its sockets get their new access now. */
export async function notifyBoardChanged(boardId: string): Promise<void> {
  await (globalThis as G)[key]?.refreshBoard(boardId);
}

/** Call after signing someone out or removing a member: sockets that lost access close now. */
export async function notifyAccessChanged(): Promise<void> {
  await (globalThis as G)[key]?.recheckAccess();
}

/**
 * Applies a server-made Yjs update to a board through the realtime server in this process, so
 * connected people see it live and it is logged like any other update. False when no realtime
 * server runs here: writing to the log behind another process's back would be lost at its next
 * compaction, so the caller must refuse instead.
 */
export async function applyServerUpdate(boardId: string, update: Uint8Array): Promise<boolean> {
  const control = (globalThis as G)[key];
  if (!control) return false;
  await control.applyServerUpdate(boardId, update);
  return true;
}
