/**
 * One board's live connection in the browser: the Y.Doc, its copy in IndexedDB, the
 * WebSocket provider with short-lived tokens, the server's extra messages (saved, status,
 * time), presence, and the single save status the page shows. No tldraw here: the page shows
 * the status and "Who is here" while the canvas code is still loading.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { IndexeddbPersistence } from 'y-indexeddb';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import { messageYjsUpdate } from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import { boardPhase, type BoardPhase } from './board-phase';
import { boardCopyName, noteUnsavedChanges } from './device-copies';
import {
  CLOSE_CODES,
  COLLAB_PATH,
  MESSAGE_SAVED,
  MESSAGE_SERVER_STATUS,
  MESSAGE_SYNC,
  MESSAGE_SERVER_TIME,
  RECORDS_MAP,
  type BoardTokenResponse,
  type ServerStatus,
} from '../lib/collab-protocol';
import { peopleHere, type PersonHere, type VerifiedUser } from './people';
import { deriveSaveStatus, isSavedStatus, stateVectorCovers, withRelayedCommitted, type SaveStatusKind, type StateVector } from './save-status';

/** Why saving stopped for good on this page. */
export type StopReason = 'signed-out' | 'access-removed' | 'reload' | 'too-large';

/** Why the board is read-only for this person: the server's reasons, or 'full' at the board's size limit. */
export type ReadOnlyReason = NonNullable<ServerStatus['readOnlyReason']> | 'full';

export interface BoardConnectionState {
  phase: BoardPhase;
  status: SaveStatusKind;
  /** Whether this person's edits are written and sent. */
  canEdit: boolean;
  readOnlyReason: ReadOnlyReason | null;
  stopReason: StopReason | null;
  people: PersonHere[];
}

export interface BoardConnectionOptions {
  boardId: string;
  /** The page's origin, e.g. http://localhost:3000 (the realtime endpoint lives there too). */
  origin: string;
  /** This person as the server knows them (name, role); colour comes from the server later. */
  self: VerifiedUser;
  /** Access decided by the server when the page was rendered, used until the server says more. */
  access: 'edit' | 'view';
  readOnlyReason: ReadOnlyReason | null;
  /**
   * Where socket tokens come from; defaults to /api/boards/<id>/token (the session's). A
   * projector opened with a display link asks for its view-only token with the link's secret.
   */
  tokenUrl?: string;
  /**
   * Whether this device keeps a copy of the board (IndexedDB) for offline work; default true.
   * A projector on a display link keeps none: a venue's laptop belongs to nobody in the cohort.
   */
  keepDeviceCopy?: boolean;
}

/**
 * "All changes saved" is shown once it has held this long, so a burst of typing is announced
 * once ("Saving…", then "All changes saved") rather than at every letter. Only the good news
 * waits: "Saving…" and every problem show at once.
 */
const SAVED_SETTLE_MS = 800;

/** The performance mark set each time the server has acknowledged everything on this device. */
export const SAVED_PERFORMANCE_MARK = 'together-board:all-changes-saved';

/** The state before anything is known (also what the server renders). */
export function initialState(self: VerifiedUser, access: 'edit' | 'view', readOnlyReason: ReadOnlyReason | null): BoardConnectionState {
  return {
    phase: 'opening',
    status: 'connecting',
    canEdit: access === 'edit' && readOnlyReason === null,
    readOnlyReason,
    stopReason: null,
    people: peopleHere(new Map(), self),
  };
}

/** Refresh a token this long before it expires, so a reconnect never carries a stale one. */
const TOKEN_REFRESH_MARGIN_MS = 30_000;
const RECONNECT_BASE_MS = 500;
const RECONNECT_MAX_MS = 10_000;
/** After "too many messages" (4429), wait much longer before trying again. */
const RATE_LIMITED_BASE_MS = 5_000;
const RATE_LIMITED_MAX_MS = 60_000;
/** While the browser says it is offline, check again this often in case no "online" event comes. */
const OFFLINE_RECHECK_MS = 15_000;


type TokenResult =
  | { kind: 'ok'; token: BoardTokenResponse }
  | { kind: 'signed-out' }
  | { kind: 'access-removed' }
  | { kind: 'unreachable' };

function isServerStatus(value: unknown): value is ServerStatus {
  if (typeof value !== 'object' || value === null) return false;
  const { saving, access, readOnlyReason } = value as Record<string, unknown>;
  return (
    (saving === 'ok' || saving === 'failing') &&
    (access === 'edit' || access === 'view') &&
    (readOnlyReason === undefined || readOnlyReason === 'view' || readOnlyReason === 'locked' || readOnlyReason === 'archived')
  );
}

/** A board's document kept on this device and in step with the server. */
export class BoardConnection {
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(this.doc);
  /** Server time minus this device's time, in ms (for timers that must agree across laptops). */
  serverClockOffsetMs = 0;

  private provider: WebsocketProvider | null = null;
  private persistence: IndexeddbPersistence | null = null;
  /** What the server last said it has committed; null until it says. */
  private savedVector: StateVector | null = null;
  /** The canvas holds changes it may not write now (the board was locked as this person typed). */
  private heldChanges = false;
  private readonly listeners = new Set<() => void>();
  private state: BoardConnectionState;
  private token: BoardTokenResponse | null = null;
  private serverStatus: ServerStatus | null = null;
  private socket: 'connecting' | 'connected' | 'disconnected' = 'disconnected';
  private synced = false;
  private everSynced = false;
  private hasAttempted = false;
  private localLoaded = false;
  private failedAttempts = 0;
  private stopReason: StopReason | null = null;
  /** What device-copies.ts was last told (null: nothing yet since this page opened). */
  private holdsUnsaved: boolean | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private settleTimer: ReturnType<typeof setTimeout> | null = null;
  private savedSince: number | null = null;
  private lastActual: SaveStatusKind | null = null;
  private connecting = false;
  private destroyed = false;
  private readonly cleanups: Array<() => void> = [];

  constructor(private readonly options: BoardConnectionOptions) {
    this.state = initialState(options.self, options.access, options.readOnlyReason);
  }

  /** The board this connection is for (its pictures are uploaded to it). */
  get boardId(): string {
    return this.options.boardId;
  }

  /** For React's useSyncExternalStore. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** For React's useSyncExternalStore: the same object until something changes. */
  getState = (): BoardConnectionState => this.state;

  /** Whether edits may be written to the document now. */
  canWrite = (): boolean => this.state.canEdit;

  /** Whether the canvas holds changes it may not write now (see StoreDocBinding's onHeld). */
  setHeldChanges = (held: boolean): void => {
    this.heldChanges = held;
    this.update();
  };

  /** Opens this device's copy, then connects. */
  async start(): Promise<void> {
    const onDocUpdate = (_update: Uint8Array, origin: unknown) => {
      // A change made here (not one from the server or read back from this device's copy) is
      // unsaved until the server's SAVED covers it; see update().
      if (origin !== this.provider && origin !== this.persistence) this.noteUnsaved(true);
      this.update();
    };
    const onAwareness = () => this.update();
    this.doc.on('update', onDocUpdate);
    this.awareness.on('change', onAwareness);
    const onOnline = () => this.reconnectSoon(0);
    const onOffline = () => {
      // Drop the socket now rather than with ws.close(): with no network its close event can
      // come late or never, and until then the provider counts a dead socket as connected (so a
      // reconnect when the network returns would be skipped). We reconnect, with a fresh token,
      // on "online" (or the offline recheck).
      this.provider?.disconnect();
      this.update();
    };
    const onPageHide = () => removeAwarenessStates(this.awareness, [this.doc.clientID], 'page hidden');
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    window.addEventListener('pagehide', onPageHide);
    this.cleanups.push(
      () => this.doc.off('update', onDocUpdate),
      () => this.awareness.off('change', onAwareness),
      () => window.removeEventListener('online', onOnline),
      () => window.removeEventListener('offline', onOffline),
      () => window.removeEventListener('pagehide', onPageHide),
    );

    // The first token is asked for while this device's copy is read, not after: on a busy
    // server that request alone has taken most of a second, all of it on the way to a board.
    const firstToken = this.fetchToken();
    if (this.options.keepDeviceCopy !== false) {
      // Ask the browser not to evict this board's offline copy under storage pressure.
      void navigator.storage?.persist?.().catch(() => false);
      this.persistence = new IndexeddbPersistence(boardCopyName(this.options.boardId), this.doc);
      await this.persistence.whenSynced;
      if (this.destroyed) return;
    }
    this.localLoaded = true;
    this.update();
    void this.connect(firstToken);
  }

  /** Tells device-copies.ts whether this device's copy holds unsaved changes (only when that changes). */
  private noteUnsaved(unsaved: boolean): void {
    if (this.holdsUnsaved === unsaved) return;
    this.holdsUnsaved = unsaved;
    noteUnsavedChanges(this.options.boardId, unsaved);
  }

  /** The board's document was written by a newer version of the app: stop and ask for a reload. */
  requireReload(): void {
    this.stop('reload');
  }

  /** Leaves the board: tells others, closes the socket, keeps this device's copy. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    removeAwarenessStates(this.awareness, [this.doc.clientID], 'closed');
    this.clearTimers();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.provider?.destroy();
    void this.persistence?.destroy();
    this.awareness.destroy();
    this.doc.destroy();
    this.listeners.clear();
  }

  /** Connects with a fresh token (or `prefetched`, one asked for moments ago). */
  private async connect(prefetched?: Promise<TokenResult>): Promise<void> {
    if (this.destroyed || this.stopReason || this.connecting) return;
    this.connecting = true;
    try {
      const result = await (prefetched ?? this.fetchToken());
      if (this.destroyed || this.stopReason) return;
      if (result.kind === 'signed-out' || result.kind === 'access-removed') {
        this.stop(result.kind);
        return;
      }
      if (result.kind !== 'ok') {
        this.hasAttempted = true;
        this.failedAttempts++;
        this.update();
        this.reconnectSoon(this.backoff(RECONNECT_BASE_MS, RECONNECT_MAX_MS));
        return;
      }
      this.acceptToken(result.token);
      if (this.provider) {
        this.provider.connect();
      } else {
        this.provider = this.createProvider(result.token.token);
      }
    } finally {
      this.connecting = false;
    }
  }

  private createProvider(token: string): WebsocketProvider {
    const url = this.options.origin.replace(/^http/, 'ws') + COLLAB_PATH;
    const provider = new WebsocketProvider(url, this.options.boardId, this.doc, {
      params: { token },
      awareness: this.awareness,
      // This browser's other tabs are heard only through the server, never through
      // y-websocket's BroadcastChannel: what the server ruled on (record policy) and the
      // identity it put in people's presence (a tab's own awareness state carries none; arriving
      // first over the channel, the facilitator's tab hid them from a projector in their
      // browser, which then never followed them). And the channel cost the whole board at every
      // connect: y-websocket encodes the entire document for it (a quarter of a second on a
      // 5,000-note board), and every other tab of the board decoded it.
      disableBc: true,
    });
    provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
      this.savedVector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
      this.update();
    };
    const handleSync = provider.messageHandlers[MESSAGE_SYNC];
    provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, messageType) => {
      // A relayed update is committed (the server relays only what it has saved): count it as
      // saved before applying it, so someone else's edit never shows "Saving…" here.
      const peek = decoding.clone(decoder);
      if (decoding.readVarUint(peek) === messageYjsUpdate) {
        this.savedVector = withRelayedCommitted(this.savedVector, Y.parseUpdateMeta(decoding.readVarUint8Array(peek)).to);
      }
      handleSync(encoder, decoder, p, emitSynced, messageType);
    };
    provider.messageHandlers[MESSAGE_SERVER_STATUS] = (_encoder, decoder) => {
      const status: unknown = JSON.parse(decoding.readVarString(decoder));
      if (isServerStatus(status)) this.serverStatus = status;
      this.update();
    };
    provider.messageHandlers[MESSAGE_SERVER_TIME] = (_encoder, decoder) => {
      const message = JSON.parse(decoding.readVarString(decoder)) as { now?: unknown };
      if (typeof message.now === 'number') this.serverClockOffsetMs = message.now - Date.now();
    };
    provider.on('status', ({ status }) => {
      this.socket = status;
      if (status !== 'connecting') this.hasAttempted = true;
      this.update();
    });
    provider.on('sync', (isSynced) => {
      this.synced = isSynced;
      if (isSynced) {
        this.everSynced = true;
        this.failedAttempts = 0;
      }
      this.update();
    });
    provider.on('connection-close', (event) => this.onClose(provider, event?.code ?? null));
    return provider;
  }

  /**
   * Every close comes here. We turn off y-websocket's own reconnect and decide ourselves,
   * because each new attempt needs a fresh token first and some closes must not be retried.
   */
  private onClose(provider: WebsocketProvider, code: number | null): void {
    provider.shouldConnect = false;
    this.socket = 'disconnected';
    this.synced = false;
    this.hasAttempted = true;
    this.serverStatus = null;
    if (this.destroyed) return;
    switch (code) {
      case CLOSE_CODES.accessRevoked:
        this.stop('access-removed');
        return;
      case CLOSE_CODES.messageTooLarge:
        // Reconnecting would resend the same change and be refused again.
        this.stop('too-large');
        return;
      case CLOSE_CODES.sessionExpired:
        // A fresh token tells us whether the session itself has ended (then: sign in again).
        this.reconnectSoon(0);
        break;
      case CLOSE_CODES.rateLimited:
        this.failedAttempts++;
        this.reconnectSoon(this.backoff(RATE_LIMITED_BASE_MS, RATE_LIMITED_MAX_MS));
        break;
      default:
        this.failedAttempts++;
        this.reconnectSoon(this.backoff(RECONNECT_BASE_MS, RECONNECT_MAX_MS));
    }
    this.update();
  }

  private reconnectSoon(delayMs: number): void {
    if (this.destroyed || this.stopReason) return;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
    this.reconnectTimer = setTimeout(
      () => {
        this.reconnectTimer = null;
        if (this.provider?.wsconnected || this.provider?.wsconnecting) return;
        void this.connect();
      },
      offline ? OFFLINE_RECHECK_MS : delayMs,
    );
  }

  /** Exponential backoff with jitter, so a room of laptops does not reconnect in lockstep. */
  private backoff(baseMs: number, maxMs: number): number {
    const delay = Math.min(baseMs * 2 ** Math.max(0, this.failedAttempts - 1), maxMs);
    return delay / 2 + Math.random() * (delay / 2);
  }

  private async fetchToken(): Promise<TokenResult> {
    try {
      const response = await fetch(this.options.tokenUrl ?? `/api/boards/${encodeURIComponent(this.options.boardId)}/token`, {
        credentials: 'same-origin',
        cache: 'no-store',
      });
      if (response.status === 401) return { kind: 'signed-out' };
      if (response.status === 403 || response.status === 404) return { kind: 'access-removed' };
      if (!response.ok) return { kind: 'unreachable' };
      const body = (await response.json()) as BoardTokenResponse;
      return { kind: 'ok', token: body };
    } catch {
      return { kind: 'unreachable' };
    }
  }

  private acceptToken(token: BoardTokenResponse): void {
    this.token = token;
    if (this.provider) this.provider.params = { token: token.token };
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    const expiresInMs = Date.parse(token.expiresAt) - Date.now();
    if (!Number.isFinite(expiresInMs)) return;
    this.refreshTimer = setTimeout(
      () => void this.refreshToken(),
      Math.max(5_000, expiresInMs - TOKEN_REFRESH_MARGIN_MS),
    );
    this.update();
  }

  /** Keeps a valid token ready for the next reconnect; the open connection is not touched. */
  private async refreshToken(): Promise<void> {
    const result = await this.fetchToken();
    if (this.destroyed) return;
    if (result.kind === 'ok') this.acceptToken(result.token);
    else this.refreshTimer = setTimeout(() => void this.refreshToken(), RECONNECT_MAX_MS);
  }

  private stop(reason: StopReason): void {
    if (this.stopReason === 'reload' || this.stopReason === reason) return;
    this.stopReason = reason;
    this.clearTimers();
    if (this.provider) this.provider.shouldConnect = false;
    this.provider?.ws?.close();
    this.update();
  }

  /** Delays only the change to a saved status (see SAVED_SETTLE_MS); keeps showing what was shown. */
  private settledStatus(actual: SaveStatusKind): SaveStatusKind {
    if (!isSavedStatus(actual)) {
      if (this.settleTimer) clearTimeout(this.settleTimer);
      this.settleTimer = null;
      this.savedSince = null;
      return actual;
    }
    this.savedSince ??= Date.now();
    const remainingMs = SAVED_SETTLE_MS - (Date.now() - this.savedSince);
    if (remainingMs <= 0) return actual;
    // Timers may fire early by the wall clock: each check that is still too early waits again,
    // so the status can never stay at "Saving…" with everything saved.
    this.settleTimer ??= setTimeout(() => {
      this.settleTimer = null;
      this.update();
    }, remainingMs);
    return this.state.status;
  }

  private clearTimers(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.reconnectTimer = null;
    this.refreshTimer = null;
    this.settleTimer = null;
  }

  private phase(): BoardPhase {
    return boardPhase({
      localLoaded: this.localLoaded,
      wasReady: this.state.phase === 'ready',
      records: this.doc.getMap(RECORDS_MAP),
      everSynced: this.everSynced,
      offline: typeof navigator !== 'undefined' && navigator.onLine === false,
      attemptFailed: this.hasAttempted && this.socket !== 'connected',
    });
  }

  /** Recomputes the state and tells subscribers when anything they show has changed. */
  private update(): void {
    if (this.destroyed) return;
    const access = this.serverStatus?.access ?? this.token?.access ?? this.options.access;
    const readOnlyReason =
      this.serverStatus?.readOnlyReason ??
      (this.serverStatus?.boardFull && access === 'view' ? 'full' : undefined) ??
      (this.serverStatus || this.token ? (access === 'view' ? 'view' : null) : this.options.readOnlyReason);
    const viewOnly = access === 'view' || readOnlyReason !== null;
    const localVector = Y.decodeStateVector(Y.encodeStateVector(this.doc));
    const actual = deriveSaveStatus({
      browserOnline: typeof navigator === 'undefined' || navigator.onLine !== false,
      socket: this.socket,
      hasAttempted: this.hasAttempted,
      synced: this.synced,
      serverSaving: this.serverStatus?.saving ?? null,
      otherServersUnreachable: this.serverStatus?.otherServersUnreachable === true,
      allSaved: this.savedVector !== null && stateVectorCovers(this.savedVector, localVector),
      viewOnly,
      // This device's own writes the server has not committed (refused once the board was locked).
      ownChangesUnsaved: this.heldChanges || (localVector.get(this.doc.clientID) ?? 0) > (this.savedVector?.get(this.doc.clientID) ?? 0),
      stopped: this.stopReason !== null,
    });
    const saved = isSavedStatus(actual);
    if (saved && !(this.lastActual && isSavedStatus(this.lastActual))) {
      // A named moment in the browser's performance timeline: lets the latency bench (and anyone
      // in the Performance panel) see when the server acknowledged everything on this device.
      performance.mark(SAVED_PERFORMANCE_MARK);
    }
    if (saved) this.noteUnsaved(false);
    this.lastActual = actual;
    const status = this.settledStatus(actual);
    // Signed out: keep editing on this device; it is sent after signing in again.
    const blocked = this.stopReason !== null && this.stopReason !== 'signed-out';
    const next = nextConnectionState(this.state, {
      phase: this.phase(),
      status,
      canEdit: !viewOnly && !blocked,
      readOnlyReason,
      stopReason: this.stopReason,
      people: peopleHere(this.awareness.getStates(), this.options.self),
    });
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}

/**
 * The state after a change: `previous` itself when nothing a page shows has changed (so no
 * listener runs), and the people list kept object for object while nobody comes or goes. The
 * canvas is given this person from that list: a new copy at every save status change (twice a
 * keystroke, every frame of a drag) drew the whole canvas again (bench/RESULTS.md, issue 14).
 */
export function nextConnectionState(previous: BoardConnectionState, next: BoardConnectionState): BoardConnectionState {
  const people = JSON.stringify(previous.people) === JSON.stringify(next.people) ? previous.people : next.people;
  const same =
    previous.phase === next.phase &&
    previous.status === next.status &&
    previous.canEdit === next.canEdit &&
    previous.readOnlyReason === next.readOnlyReason &&
    previous.stopReason === next.stopReason &&
    previous.people === people;
  return same ? previous : { ...next, people };
}
