import type { Logger } from 'pino';
import type * as Y from 'yjs';
import type { ConnectionIdentity } from './connection';
import type { Room } from './room';

/** A board in memory. */
export interface BoardEvent {
  boardId: string;
  doc: Y.Doc;
}

/** A socket on a board. */
export interface ConnectionEvent {
  boardId: string;
  identity: ConnectionIdentity;
  /** A projector (display link): nobody's visit, no session. */
  display: boolean;
}

/**
 * What a feature can plug into the realtime server without it importing the feature (the shape
 * of Hocuspocus's extensions, without its debounced store: commits stay write-ahead here).
 * Every hook is optional. Sync hooks run inline and must be quick; a hook that throws is logged
 * and never stops the server. Wired in server/board-realtime.ts.
 */
export interface RealtimeHooks {
  /**
   * A board's document is in memory (loaded, or seeded on its first open). `room` is for
   * extensions that keep it in step with other nodes (server/cluster): `lastAppliedRowId`,
   * `applyCommittedElsewhere`, `catchUp`, `presence.awareness`, `localAwarenessIds`.
   */
  onBoardLoaded?(event: BoardEvent & { room: Room }): void;
  /**
   * An update is committed to the store as rows (prevRowId, rowId] (one merged update per batch),
   * just before it is relayed to this node's sockets. The point where several nodes publish it
   * to the others, which apply it with `Room.applyCommittedElsewhere` (already stored: no second commit).
   */
  onUpdateCommitted?(event: BoardEvent & { update: Uint8Array; rowId: number; prevRowId: number }): void;
  /** A board is about to leave memory, its writes committed; awaited. `shuttingDown` when the server stops. */
  beforeUnloadBoard?(event: BoardEvent & { shuttingDown: boolean }): Promise<void> | void;
  /** A board has left memory: its document is destroyed right after this returns. */
  onBoardUnloaded?(event: BoardEvent): void;
  /** A socket was admitted and joined its board. */
  onConnectionOpened?(event: ConnectionEvent): void;
  /** A socket on a board closed. */
  onConnectionClosed?(event: ConnectionEvent): void;
  /** The server has stopped: every board was unloaded. Awaited. */
  onDestroy?(): Promise<void> | void;
}

type SyncHook = 'onBoardLoaded' | 'onUpdateCommitted' | 'onBoardUnloaded' | 'onConnectionOpened' | 'onConnectionClosed';
type AsyncHook = 'beforeUnloadBoard' | 'onDestroy';

/** Calls every extension's hook of one name, in order; failures are logged, never thrown. */
export interface HookRunner {
  emit<K extends SyncHook>(name: K, ...args: Parameters<NonNullable<RealtimeHooks[K]>>): void;
  emitAsync<K extends AsyncHook>(name: K, ...args: Parameters<NonNullable<RealtimeHooks[K]>>): Promise<void>;
}

/** The runner over a list of extensions. */
export function createHookRunner(extensions: readonly RealtimeHooks[], log: Logger): HookRunner {
  return {
    emit(name, ...args) {
      for (const extension of extensions) {
        const hook = extension[name] as ((...a: typeof args) => void) | undefined;
        if (!hook) continue;
        try {
          hook.apply(extension, args);
        } catch (error) {
          log.error({ err: error, hook: name }, 'a realtime hook failed');
        }
      }
    },
    async emitAsync(name, ...args) {
      for (const extension of extensions) {
        const hook = extension[name] as ((...a: typeof args) => Promise<void> | void) | undefined;
        if (!hook) continue;
        try {
          await hook.apply(extension, args);
        } catch (error) {
          log.error({ err: error, hook: name }, 'a realtime hook failed');
        }
      }
    },
  };
}
