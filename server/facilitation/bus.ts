/**
 * The in-process bus that carries facilitation changes to every open events stream of a board.
 * It lives on globalThis because Next's bundled route code and the custom server load modules
 * separately (see server/realtime/control.ts): both must publish to and read from one bus.
 * Several app processes would need a shared bus (Redis pub/sub), never a home-made one.
 */

/** Something that happened on a board's facilitation state. */
export type FacilitationEvent =
  /** The timer, lock, summon or vote changed: each stream re-reads its own view. */
  | { kind: 'changed'; boardId: string }
  /** A celebration: shown once on every screen, never stored. */
  | { kind: 'celebrate'; boardId: string; id: string; message: string; at: number }
  /** A display link was revoked: the projector showing it must stop. */
  | { kind: 'display-revoked'; boardId: string; displayLinkId: string };

type Listener = (event: FacilitationEvent) => void;

const key = Symbol.for('together-board.facilitation-bus');
type G = typeof globalThis & { [key]?: Map<string, Set<Listener>> };

function listeners(): Map<string, Set<Listener>> {
  const g = globalThis as G;
  g[key] ??= new Map();
  return g[key];
}

/** Listens to one board's events; returns the function that stops listening. */
export function subscribeToBoard(boardId: string, listener: Listener): () => void {
  const all = listeners();
  const set = all.get(boardId) ?? new Set<Listener>();
  set.add(listener);
  all.set(boardId, set);
  return () => {
    set.delete(listener);
    if (set.size === 0 && all.get(boardId) === set) all.delete(boardId);
  };
}

/** Tells every open stream of the event's board. A failing listener never stops the others. */
export function publish(event: FacilitationEvent): void {
  for (const listener of [...(listeners().get(event.boardId) ?? [])]) {
    try {
      listener(event);
    } catch {
      // A stream that broke is cleaned up by its own abort handler.
    }
  }
}

/** How many streams are open on a board (for tests and health checks). */
export function listenerCount(boardId: string): number {
  return listeners().get(boardId)?.size ?? 0;
}
