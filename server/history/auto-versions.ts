import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { Db } from '../db/client';
import type { RealtimeHooks } from '../realtime/hooks';

/** When the realtime server keeps automatic versions of the boards it has in memory. */
export interface AutoVersionTimings {
  /** A board nobody has changed for this long since an edit gets a version. */
  autoVersionIdleMs: number;
  /** While edits continue without such a pause, at most one version this often. */
  autoVersionIntervalMs: number;
  /** How often loaded boards are looked at. */
  autoVersionCheckMs: number;
}

export const DEFAULT_AUTO_VERSION_TIMINGS: AutoVersionTimings = {
  autoVersionIdleMs: 2 * 60_000,
  autoVersionIntervalMs: 10 * 60_000,
  autoVersionCheckMs: 30_000,
};

/** Why an automatic version was kept: its name in the history, so people can tell them apart from named ones. */
export const AUTO_VERSION_NAMES = {
  idle: 'Automatic: after a pause in editing',
  continuing: 'Automatic: while people were editing',
  unloaded: 'Automatic: when everyone had left the board',
} as const;
export type AutoVersionReason = keyof typeof AUTO_VERSION_NAMES;

interface Tracked {
  doc: Y.Doc;
  /** When the first edit not yet in an automatic version was made; null when there is none. */
  dirtySince: number | null;
  lastEditAt: number;
  stop: () => void;
}

/** The automatic-version keeper the realtime server drives (see createAutoVersions). */
export interface AutoVersions {
  /** Starts watching a board that was just loaded into memory. */
  track(boardId: string, doc: Y.Doc): void;
  /** Stops watching a board leaving memory (after `saveIfEdited`). */
  untrack(boardId: string): void;
  /**
   * Keeps a version of the board now if it changed since its last automatic one. Never throws.
   * A board leaving memory within `autoVersionIdleMs` of its last automatic version (a flaky
   * connection making it unload and load again) carries its edits to its next load instead,
   * unless `force` (the server is stopping).
   */
  saveIfEdited(boardId: string, reason: AutoVersionReason, force?: boolean): Promise<void>;
  /** Keeps versions of the boards that went idle after edits, or have been edited for a whole interval. */
  tick(now?: number): Promise<void>;
}

/**
 * Automatic versions (kind `auto`, no author) of boards in memory: after a pause in editing,
 * at most one per interval while editing continues, and when a board leaves memory with edits
 * not yet kept. Append-only like every version: nothing is ever deleted. The realtime server
 * owns the documents, so it drives this; the history pages only read the rows.
 */
export function createAutoVersions(db: Db, timings: AutoVersionTimings, log: Logger): AutoVersions {
  const tracked = new Map<string, Tracked>();
  // Per board, kept across unloads: when its last automatic version was kept, and edits not yet in one.
  const lastSavedAt = new Map<string, number>();
  const carried = new Map<string, number>();

  async function save(boardId: string, entry: Tracked, reason: AutoVersionReason): Promise<void> {
    const since = entry.dirtySince;
    if (since === null) return;
    // Taken now, in one go: edits made while the row is written mark the board again.
    const data = new Uint8Array(Y.encodeStateAsUpdate(entry.doc));
    entry.dirtySince = null;
    try {
      await db.boardVersion.create({ data: { boardId, name: AUTO_VERSION_NAMES[reason], kind: 'auto', data, createdById: null } });
      lastSavedAt.set(boardId, Date.now());
    } catch (error) {
      // Try again at the next check; the board itself is saved by its own log either way.
      entry.dirtySince = entry.dirtySince === null ? since : Math.min(since, entry.dirtySince);
      log.warn({ err: error, boardId }, 'keeping an automatic version failed');
    }
  }

  return {
    track(boardId, doc) {
      tracked.get(boardId)?.stop();
      const since = carried.get(boardId) ?? null;
      carried.delete(boardId);
      const entry: Tracked = { doc, dirtySince: since, lastEditAt: since ?? 0, stop: () => doc.off('update', onUpdate) };
      function onUpdate() {
        const now = Date.now();
        entry.lastEditAt = now;
        entry.dirtySince ??= now;
      }
      doc.on('update', onUpdate);
      tracked.set(boardId, entry);
    },
    untrack(boardId) {
      tracked.get(boardId)?.stop();
      tracked.delete(boardId);
    },
    async saveIfEdited(boardId, reason, force = false) {
      const entry = tracked.get(boardId);
      if (!entry || entry.dirtySince === null) return;
      if (!force && Date.now() - (lastSavedAt.get(boardId) ?? 0) < timings.autoVersionIdleMs) {
        carried.set(boardId, entry.dirtySince);
        entry.dirtySince = null;
        return;
      }
      await save(boardId, entry, reason);
    },
    async tick(now = Date.now()) {
      for (const [boardId, entry] of tracked) {
        if (entry.dirtySince === null) continue;
        if (now - entry.lastEditAt >= timings.autoVersionIdleMs) await save(boardId, entry, 'idle');
        else if (now - entry.dirtySince >= timings.autoVersionIntervalMs) await save(boardId, entry, 'continuing');
      }
    },
  };
}

/**
 * Automatic versions as a realtime extension (server/realtime/hooks.ts): boards are tracked
 * while in memory, a board leaving memory keeps its edits as a version (forced when the server
 * stops), and loaded boards are looked at every `autoVersionCheckMs`.
 */
export function autoVersionsExtension(db: Db, timings: AutoVersionTimings, log: Logger): RealtimeHooks {
  const versions = createAutoVersions(db, timings, log);
  let ticking = false;
  const timer = setInterval(() => {
    if (ticking) return;
    ticking = true;
    versions
      .tick()
      .catch((error: unknown) => log.warn({ err: error }, 'automatic versions failed'))
      .finally(() => {
        ticking = false;
      });
  }, timings.autoVersionCheckMs);
  timer.unref();
  return {
    onBoardLoaded: ({ boardId, doc }) => versions.track(boardId, doc),
    beforeUnloadBoard: ({ boardId, shuttingDown }) => {
      // Stopping: no periodic version may race the last one each board keeps.
      if (shuttingDown) clearInterval(timer);
      return versions.saveIfEdited(boardId, 'unloaded', shuttingDown);
    },
    onBoardUnloaded: ({ boardId }) => versions.untrack(boardId),
    onDestroy: () => clearInterval(timer),
  };
}
