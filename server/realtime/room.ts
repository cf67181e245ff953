import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  META_DELETION_MARK_KEY,
  META_MAP,
  RECORDS_MAP,
  type ServerStatus,
} from '../../lib/collab-protocol';
import { can, type BoardAccess } from '../domain/permissions';
import type { BoardState, MemberRole } from '../domain/roles';
import { CLOSE_CODES } from '../errors';
import { assertUploadedAssetSource } from './asset-sources';
import { attributedShape, shapeAuthor, type ShapeAuthor } from './attribution';
import type { BoardStore } from './board-store';
import { forgetLoadedBoard, registerLoadedBoard } from './loaded-boards';
import { ruleOnShapeLocks, type RecordChange } from './shape-locks';
import {
  awarenessMessage,
  fullStateMessage,
  savedMessage,
  serverStatusMessage,
  serverTimeMessage,
  syncStep1Message,
  syncStep2Message,
  updateMessage,
} from './messages';

/** WebSocket close codes for protocol violations (RFC 6455), next to the app's own in CLOSE_CODES. */
export const PROTOCOL_CLOSE_CODES = { unsupportedData: 1003, invalidPayload: 1007 } as const;

/** Who a connection is, as vouched for by the verified token and the database. */
export interface ConnectionIdentity {
  userId: string;
  name: string;
  role: MemberRole;
  sessionId: string;
  color: string;
}

/** Limits and timings a room works with (see DEFAULT_REALTIME_LIMITS in index.ts). */
export interface RoomLimits {
  messageMaxBytes: number;
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  compactAfterRows: number;
  saveRetryInitialMs: number;
  saveRetryMaxMs: number;
  slowClientBufferMaxBytes: number;
}

/** Throws when a value may not be stored under `key` in RECORDS_MAP (tldraw's schema rejects it). */
export type RecordValidator = (key: string, value: unknown) => void;

/** How many deleted shapes' authors a room remembers (oldest forgotten first). */
const DELETED_AUTHORS_MAX = 1_000;

/** Awareness client ids one socket may speak for (a tab has one; a reconnect may briefly overlap). */
const AWARENESS_IDS_PER_CONNECTION_MAX = 4;
/** Size of one presence state: cursor, selection of a few hundred shape ids, name and colour. */
const AWARENESS_STATE_MAX_CHARS = 64 * 1024;

/** Transaction origin of the server's own repairs, so they are not validated again. */
const SERVER_REPAIR = Symbol('server repair');
/** Transaction origin of updates the app asks the server to apply (applyServerUpdate). */
const SERVER_UPDATE = Symbol('server update');

/** One open socket on a board. */
export interface Connection {
  ws: WebSocket;
  identity: ConnectionIdentity;
  access: BoardAccess;
  /** Awareness client ids this socket speaks for; removed when it closes. */
  awarenessIds: Set<number>;
  /** Token bucket for the per-connection message rate limit. */
  tokens: number;
  tokensAt: number;
  /** Cleared by each ping, set by each pong: a socket that misses a pong is dead. */
  alive: boolean;
  /** Whether its presence is shared: a projector (display link) sees everyone and is never shown. */
  sharesPresence: boolean;
}

interface PendingUpdate {
  update: Uint8Array;
  origin: Connection | null;
}

/** A board's store state when it was loaded into memory. */
export interface LoadedBoardState {
  rowsSinceSnapshot: number;
  /**
   * The doc's whole state as one update, when the store already holds it that way (a snapshot
   * with no rows after it): a new device's first sync is answered with these bytes instead of
   * encoding the doc again (13 ms for a 1 MB board, 50-100 ms for 5 MB).
   */
  encodedState?: Uint8Array | null;
}

/**
 * One board in memory: its Y.Doc, the sockets on it, and the write-ahead path that commits
 * every accepted update to the store before relaying it. Never throws out of a socket event.
 */
export class Room {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Map<WebSocket, Connection>();
  /** Admissions between loading and their socket joining; a held room is never unloaded. */
  holds = 0;
  destroyed = false;
  unloading: Promise<void> | null = null;
  boardState: BoardState;
  saving: ServerStatus['saving'] = 'ok';

  private pending: PendingUpdate[] = [];
  private flushing: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelayMs: number;
  private rowsSinceSnapshot: number;
  private compacting = false;
  /** State vector of everything committed: what SAVED tells clients. */
  private committedStateVector: Uint8Array;
  /** Whether the server refused a record since the last commit (see flushLoop). */
  private refusedSinceCommit = false;
  private idleWaiters: (() => void)[] = [];
  /** Which connection speaks for each awareness client id. */
  private awarenessOwners = new Map<number, Connection>();
  /** Authors of recently deleted shapes, by record id (see rememberDeletedAuthor). */
  private deletedAuthors = new Map<string, ShapeAuthor>();
  /** Sync step 2 for a device holding nothing yet, kept until the doc next changes. */
  private fullState: Uint8Array | null = null;

  constructor(
    readonly boardId: string,
    doc: Y.Doc,
    loaded: LoadedBoardState,
    boardState: BoardState,
    private readonly store: BoardStore,
    private readonly limits: RoomLimits,
    private readonly log: Logger,
    private readonly validateRecord: RecordValidator,
  ) {
    this.doc = doc;
    this.boardState = boardState;
    this.rowsSinceSnapshot = loaded.rowsSinceSnapshot;
    this.retryDelayMs = limits.saveRetryInitialMs;
    this.committedStateVector = Y.encodeStateVector(doc);
    if (loaded.encodedState && !doc.store.pendingStructs && !doc.store.pendingDs) this.fullState = fullStateMessage(loaded.encodedState);
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    this.doc.getMap(RECORDS_MAP).observe(this.onRecordsChanged);
    this.doc.getMap(META_MAP).observe(this.onMetaChanged);
    registerLoadedBoard(boardId, doc);
  }

  /** Whether nothing is waiting to be committed. */
  get isFlushed(): boolean {
    return this.pending.length === 0 && !this.flushing && !this.retryTimer;
  }

  /** Updates accepted but not yet committed. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** Adds an admitted socket and greets it: clock, status, sync step 1, presence, saved. */
  addConnection(ws: WebSocket, identity: ConnectionIdentity, access: BoardAccess, { sharesPresence = true } = {}): Connection {
    const conn: Connection = {
      ws,
      identity,
      access,
      awarenessIds: new Set(),
      tokens: this.limits.rateLimitBurst,
      tokensAt: Date.now(),
      alive: true,
      sharesPresence,
    };
    this.connections.set(ws, conn);
    ws.on('message', (data, isBinary) => this.onMessage(conn, data, isBinary));
    ws.on('pong', () => {
      conn.alive = true;
    });
    this.send(conn, serverTimeMessage());
    this.send(conn, serverStatusMessage(this.statusFor(conn)));
    this.send(conn, syncStep1Message(this.doc));
    const present = Array.from(this.awareness.getStates().keys());
    if (present.length > 0) this.send(conn, awarenessMessage(this.awareness, present));
    if (this.saving === 'ok') this.send(conn, savedMessage(this.committedStateVector));
    return conn;
  }

  /** Forgets a closed socket and the presence it spoke for. */
  removeConnection(ws: WebSocket): void {
    const conn = this.connections.get(ws);
    if (!conn) return;
    this.connections.delete(ws);
    const ids = Array.from(conn.awarenessIds).filter((id) => this.awarenessOwners.get(id) === conn);
    for (const id of ids) this.awarenessOwners.delete(id);
    if (ids.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, ids, null);
  }

  /** The SERVER_STATUS a connection should see now. */
  statusFor(conn: Connection): ServerStatus {
    const status: ServerStatus = { saving: this.saving, access: conn.access };
    if (this.boardState === 'archived') status.readOnlyReason = 'archived';
    else if (conn.access === 'view') status.readOnlyReason = this.boardState === 'locked' ? 'locked' : 'view';
    return status;
  }

  /** Changes a connection's access (after a lock, unlock or role change) and tells it. */
  setAccess(conn: Connection, access: BoardAccess): void {
    const regainedEdit = conn.access === 'view' && access === 'edit';
    conn.access = access;
    this.send(conn, serverStatusMessage(this.statusFor(conn)));
    // Its updates were dropped while read-only; later ones build on them, so sync again.
    if (regainedEdit) this.send(conn, syncStep1Message(this.doc));
  }

  /** Closes one connection with an application close code; never throws. */
  closeConnection(conn: Connection, code: number, reason: string): void {
    try {
      conn.ws.close(code, reason);
    } catch (error) {
      this.log.warn({ err: error }, 'closing a socket failed; terminating it');
      conn.ws.terminate();
    }
  }

  /** Sends to one connection, dropping a client that stopped reading instead of buffering without end. */
  send(conn: Connection, data: Uint8Array): void {
    const ws = conn.ws;
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > this.limits.slowClientBufferMaxBytes) {
      this.closeConnection(conn, CLOSE_CODES.serverError, 'Client is not keeping up');
      return;
    }
    ws.send(data, (error) => {
      if (error) this.log.debug({ err: error }, 'send failed');
    });
  }

  private broadcast(data: Uint8Array, except?: Connection | null): void {
    for (const conn of this.connections.values()) if (conn !== except) this.send(conn, data);
  }

  // ---------- incoming messages ----------

  private onMessage(conn: Connection, data: unknown, isBinary: boolean): void {
    try {
      if (!isBinary) {
        this.closeConnection(conn, PROTOCOL_CLOSE_CODES.unsupportedData, 'Binary y-websocket messages only');
        return;
      }
      const bytes = toBytes(data);
      if (bytes.length > this.limits.messageMaxBytes) {
        this.closeConnection(conn, CLOSE_CODES.messageTooLarge, 'Message too large');
        return;
      }
      if (!this.takeToken(conn)) {
        this.closeConnection(conn, CLOSE_CODES.rateLimited, 'Too many messages');
        return;
      }
      this.handleMessage(conn, bytes);
    } catch (error) {
      // lib0 decoding errors ("Unexpected end of array", "Integer out of Range") and Yjs
      // failures on crafted updates land here: that socket goes, the board stays.
      this.log.info({ err: error, userId: conn.identity.userId }, 'malformed message');
      this.closeConnection(conn, PROTOCOL_CLOSE_CODES.invalidPayload, 'Malformed message');
    }
  }

  private takeToken(conn: Connection): boolean {
    const now = Date.now();
    const refill = ((now - conn.tokensAt) / 1000) * this.limits.rateLimitPerSecond;
    conn.tokens = Math.min(this.limits.rateLimitBurst, conn.tokens + refill);
    conn.tokensAt = now;
    if (conn.tokens < 1) return false;
    conn.tokens -= 1;
    return true;
  }

  private handleMessage(conn: Connection, bytes: Uint8Array): void {
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC:
        return this.handleSync(conn, decoder);
      case MESSAGE_AWARENESS:
        return this.handleAwareness(conn, decoding.readVarUint8Array(decoder));
      case MESSAGE_QUERY_AWARENESS:
        this.send(conn, awarenessMessage(this.awareness, Array.from(this.awareness.getStates().keys())));
        return;
      default:
        this.closeConnection(conn, PROTOCOL_CLOSE_CODES.unsupportedData, 'Unknown message type');
    }
  }

  private handleSync(conn: Connection, decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder);
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      this.send(conn, this.syncStep2For(decoding.readVarUint8Array(decoder)));
      return;
    }
    if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
      throw new Error(`Unknown sync message type ${syncType}`);
    }
    const update = decoding.readVarUint8Array(decoder);
    // Read-only: never applied, never stored, never relayed. Checked before decoding the
    // update so a viewer's bytes never reach Yjs at all.
    if (!this.canWrite(conn)) return;
    // The smallest valid update (no structs, empty delete set) is two bytes; a zero-length
    // one has hung Yjs before (yjs#498).
    if (update.length < 2) throw new Error('Empty update');
    const pendingBefore = this.doc.store.pendingStructs;
    Y.applyUpdate(this.doc, update, conn);
    // This update left structs waiting for ones we never got (e.g. written while the socket
    // was read-only and dropped): they would stay invisible and unsaved, so ask the client
    // for what we lack. Only for live updates, never for a sync step 2 (which answers exactly
    // that request), so a gap nobody can fill cannot start a request/answer loop.
    const pendingAfter = this.doc.store.pendingStructs;
    if (syncType === syncProtocol.messageYjsUpdate && pendingAfter && pendingAfter !== pendingBefore) {
      this.send(conn, syncStep1Message(this.doc));
    }
  }

  /** Sync step 2 for a client's state vector; a device holding nothing gets the cached full state. */
  private syncStep2For(stateVector: Uint8Array): Uint8Array {
    // An empty state vector is one byte: zero entries.
    if (stateVector.length !== 1 || stateVector[0] !== 0) return syncStep2Message(this.doc, stateVector);
    this.fullState ??= fullStateMessage(Y.encodeStateAsUpdate(this.doc));
    return this.fullState;
  }

  /**
   * Applies an update the server made (e.g. a restored version): it takes the write-ahead path
   * like a client's (committed to the log, then relayed to everyone) without being checked as
   * a client's, since the server built it.
   */
  applyServerUpdate(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, SERVER_UPDATE);
  }

  private canWrite(conn: Connection): boolean {
    return conn.access === 'edit' && this.boardState !== 'archived';
  }

  /**
   * Applies a client's awareness update with identity from the server: each state's `user`
   * becomes the token's user, and a client id spoken for by another person's socket is ignored.
   * A socket that shares no presence (a projector) is ignored altogether.
   */
  private handleAwareness(conn: Connection, update: Uint8Array): void {
    if (!conn.sharesPresence) return;
    const decoder = decoding.createDecoder(update);
    const encoder = encoding.createEncoder();
    const count = decoding.readVarUint(decoder);
    const kept: { clientId: number; clock: number; state: string }[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const raw = decoding.readVarString(decoder);
      const owner = this.awarenessOwners.get(clientId);
      if (owner && owner !== conn && owner.identity.userId !== conn.identity.userId) continue;
      // One tab speaks for one client id; a socket inventing many would grow every peer's state.
      if (owner !== conn && conn.awarenessIds.size >= AWARENESS_IDS_PER_CONNECTION_MAX) continue;
      if (raw.length > AWARENESS_STATE_MAX_CHARS) throw new Error('Awareness state too large');
      const state: unknown = JSON.parse(raw);
      if (state !== null && (typeof state !== 'object' || Array.isArray(state))) throw new Error('Awareness state must be an object');
      const { userId, name, role, color } = conn.identity;
      const sanitized = state === null ? null : { ...state, user: { id: userId, name, role, color } };
      kept.push({ clientId, clock, state: JSON.stringify(sanitized) });
    }
    if (kept.length === 0) return;
    encoding.writeVarUint(encoder, kept.length);
    for (const entry of kept) {
      encoding.writeVarUint(encoder, entry.clientId);
      encoding.writeVarUint(encoder, entry.clock);
      encoding.writeVarString(encoder, entry.state);
    }
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encoding.toUint8Array(encoder), conn);
  }

  private onAwarenessUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const conn = asConnection(origin);
    if (conn) {
      for (const id of [...changes.added, ...changes.updated]) {
        const previous = this.awarenessOwners.get(id);
        if (previous && previous !== conn) previous.awarenessIds.delete(id);
        this.awarenessOwners.set(id, conn);
        conn.awarenessIds.add(id);
      }
      for (const id of changes.removed) {
        this.awarenessOwners.delete(id);
        conn.awarenessIds.delete(id);
      }
    }
    const changed = [...changes.added, ...changes.updated, ...changes.removed];
    if (changed.length > 0) this.broadcast(awarenessMessage(this.awareness, changed));
  };

  // ---------- canvas data validation ----------

  /**
   * A record tldraw's schema rejects would stop every client that loads it (liveblocks#3647),
   * so a client's invalid record is put back the way it was (or removed) in the same batch:
   * the batch is committed and relayed as one merged update, so peers never see the bad value.
   * Pictures must point at our upload route (asset-sources.ts). Someone who may not lock shapes
   * cannot change, delete, lock or unlock a locked one (shape-locks.ts): those records are put
   * back too. In the same pass, each shape the batch touched gets its author (`meta.createdBy`)
   * from the connection's verified identity, never from what the client wrote (attribution.ts).
   */
  private onRecordsChanged = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction): void => {
    const conn = asConnection(transaction.origin);
    if (!conn) return;
    const records = event.target as Y.Map<unknown>;
    const locks = can(conn.identity.role, 'board.lock') ? null : ruleOnShapeLocks(recordChanges(event, records));
    const rejected: { key: string; restore: unknown; error: string }[] = [];
    const writes: { key: string; value: unknown }[] = [];
    for (const [key, change] of event.changes.keys) {
      if (locks?.restore.has(key)) {
        writes.push({ key, value: locks.restore.get(key) });
        continue;
      }
      if (change.action === 'delete') {
        this.rememberDeletedAuthor(key, change.oldValue);
        continue;
      }
      const written = records.get(key);
      const value = locks?.unlocked.get(key) ?? written;
      try {
        this.validateRecord(key, value);
        assertUploadedAssetSource(value);
      } catch (error) {
        rejected.push({ key, restore: change.action === 'update' ? change.oldValue : undefined, error: String(error) });
        continue;
      }
      const before = change.action === 'update' ? change.oldValue : undefined;
      const fixed = attributedShape(value, before, conn.identity, before === undefined ? this.deletedAuthors.get(key) : undefined);
      if (fixed || value !== written) writes.push({ key, value: fixed ?? value });
    }
    if (rejected.length === 0 && writes.length === 0) return;
    if (rejected.length > 0) {
      this.refusedSinceCommit = true;
      this.log.warn({ userId: conn.identity.userId, rejected: rejected.map((r) => ({ key: r.key, error: r.error })) }, 'refused invalid canvas records');
    }
    if (locks && (locks.restore.size > 0 || locks.unlocked.size > 0)) {
      this.log.info({ userId: conn.identity.userId, restored: [...locks.restore.keys()], unlocked: [...locks.unlocked.keys()] }, 'refused changes to locked shapes');
    }
    this.doc.transact(() => {
      for (const { key, value } of writes) records.set(key, value);
      for (const { key, restore } of rejected) {
        if (restore !== undefined && this.isValidRecord(key, restore)) records.set(key, restore);
        else records.delete(key);
      }
    }, SERVER_REPAIR);
  };

  /** Keeps a deleted shape's author for a while, so an undo brings it back with its real author. */
  private rememberDeletedAuthor(key: string, oldValue: unknown): void {
    const author = shapeAuthor(oldValue);
    if (!author) return;
    this.deletedAuthors.delete(key);
    this.deletedAuthors.set(key, author);
    if (this.deletedAuthors.size > DELETED_AUTHORS_MAX) this.deletedAuthors.delete(this.deletedAuthors.keys().next().value as string);
  }

  /**
   * The schema entry is written by the server when it seeds; clients only read it. The one key a
   * client writes is the deletion mark (its client id, see META_DELETION_MARK_KEY).
   */
  private onMetaChanged = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction): void => {
    const conn = asConnection(transaction.origin);
    if (!conn) return;
    const meta = event.target as Y.Map<unknown>;
    const changes = Array.from(event.changes.keys).filter(([key, change]) => !(key === META_DELETION_MARK_KEY && change.action !== 'delete' && isClientId(meta.get(key))));
    if (changes.length === 0) return;
    this.log.warn({ userId: conn.identity.userId, keys: changes.map(([key]) => key) }, 'refused a client change to board metadata');
    this.doc.transact(() => {
      for (const [key, change] of changes) {
        if (change.action === 'add') meta.delete(key);
        else meta.set(key, change.oldValue);
      }
    }, SERVER_REPAIR);
  };

  private isValidRecord(key: string, value: unknown): boolean {
    try {
      this.validateRecord(key, value);
      return true;
    } catch {
      return false;
    }
  }

  // ---------- write-ahead path ----------

  private onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.fullState = null;
    this.pending.push({ update, origin: asConnection(origin) });
    this.scheduleFlush();
  };

  private scheduleFlush(): void {
    // A running flush picks new updates up when its commit returns (that is the batching);
    // during a failure the retry timer owns the next attempt.
    if (this.flushing || this.retryTimer || this.destroyed) return;
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = null;
      this.notifyIfIdle();
    });
  }

  /** Tries to commit now, cutting a failure's backoff short (used when shutting down). */
  flushNow(): void {
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    this.scheduleFlush();
  }

  private async flushLoop(): Promise<void> {
    // Let every message already read from the sockets join this batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      // The doc holds exactly the committed state plus this batch right now.
      const stateVector = Y.encodeStateVector(this.doc);
      // A client's own bytes still hold what the server refused (a base64 picture, say), only
      // marked deleted; the doc has dropped it (gc). So a batch with a refusal is taken from the
      // doc instead: what the batch added, refused content gone, plus the doc's delete set.
      const refused = this.refusedSinceCommit;
      this.refusedSinceCommit = false;
      const merged = refused
        ? Y.encodeStateAsUpdate(this.doc, this.committedStateVector)
        : batch.length === 1
          ? batch[0].update
          : Y.mergeUpdates(batch.map((p) => p.update));
      try {
        await this.store.appendUpdates(this.boardId, [merged]);
      } catch (error) {
        this.pending = batch.concat(this.pending);
        this.refusedSinceCommit ||= refused;
        this.onSaveFailed(error);
        return;
      }
      this.rowsSinceSnapshot += 1;
      this.committedStateVector = stateVector;
      if (this.saving === 'failing') this.onSaveRecovered();
      this.relayCommitted(batch, merged, stateVector);
      if (this.rowsSinceSnapshot >= this.limits.compactAfterRows) void this.compact();
    }
  }

  /**
   * Relays a committed batch as one merged update (fewer sends, and a repair lands together with
   * the update it repairs); only a batch from a single socket skips its sender. SAVED goes only
   * to the sockets whose updates are in the batch: everyone else learns the same from the relay
   * itself, since the server relays only what it has committed (see MESSAGE_SAVED). With 30
   * people on a board that halves the messages each laptop receives.
   */
  private relayCommitted(batch: PendingUpdate[], merged: Uint8Array, stateVector: Uint8Array): void {
    const soleOrigin = batch.every((p) => p.origin === batch[0].origin) ? batch[0].origin : null;
    const writers = new Set(batch.map((p) => p.origin));
    const update = updateMessage(merged);
    const saved = savedMessage(stateVector);
    for (const conn of this.connections.values()) {
      if (conn !== soleOrigin) this.send(conn, update);
      if (writers.has(conn)) this.send(conn, saved);
    }
  }

  private onSaveFailed(error: unknown): void {
    const details = { err: error, pending: this.pending.length, retryInMs: this.retryDelayMs };
    // Loud once per outage, quiet for each retry.
    if (this.saving === 'ok') this.log.error(details, 'saving board updates failed; keeping them in memory and retrying');
    else this.log.debug(details, 'saving board updates still failing');
    if (this.saving === 'ok') {
      this.saving = 'failing';
      for (const conn of this.connections.values()) this.send(conn, serverStatusMessage(this.statusFor(conn)));
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.scheduleFlush();
    }, this.retryDelayMs);
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.limits.saveRetryMaxMs);
  }

  private onSaveRecovered(): void {
    this.log.info('saving board updates works again');
    this.saving = 'ok';
    this.retryDelayMs = this.limits.saveRetryInitialMs;
    for (const conn of this.connections.values()) this.send(conn, serverStatusMessage(this.statusFor(conn)));
  }

  private notifyIfIdle(): void {
    if (!this.isFlushed) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Resolves once every accepted update is committed (waits through failures and retries). */
  drain(): Promise<void> {
    if (this.isFlushed) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Asks the store to fold the log into the snapshot. The store builds it from stored rows,
   * never from this doc: another process on the same database may have written rows this doc
   * has never seen.
   */
  async compact(): Promise<void> {
    if (this.compacting || this.rowsSinceSnapshot === 0) return;
    this.compacting = true;
    // Every row counted now is committed, so the compaction below folds it in.
    const rows = this.rowsSinceSnapshot;
    try {
      await this.store.compact(this.boardId);
      this.rowsSinceSnapshot -= rows;
    } catch (error) {
      this.log.warn({ err: error }, 'compacting the board log failed; will try again later');
    } finally {
      this.compacting = false;
    }
  }

  /** Frees the doc and timers; the room must be flushed and empty. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    forgetLoadedBoard(this.boardId, this.doc);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.doc.off('update', this.onDocUpdate);
    this.doc.getMap(RECORDS_MAP).unobserve(this.onRecordsChanged);
    this.doc.getMap(META_MAP).unobserve(this.onMetaChanged);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }
}

/** A Yjs client id: what a client writes under META_DELETION_MARK_KEY. */
function isClientId(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff;
}

/** The socket a transaction or awareness change came from, if it came from one. */
function asConnection(origin: unknown): Connection | null {
  return origin !== null && typeof origin === 'object' && 'awarenessIds' in origin ? (origin as Connection) : null;
}

/** A records-map event's changes with the values they were written with, for the lock rules. */
function recordChanges(event: Y.YMapEvent<unknown>, records: Y.Map<unknown>): Map<string, RecordChange> {
  const changes = new Map<string, RecordChange>();
  for (const [key, change] of event.changes.keys) {
    if (change.action === 'add') changes.set(key, { action: 'add', value: records.get(key) });
    else if (change.action === 'update') changes.set(key, { action: 'update', oldValue: change.oldValue, value: records.get(key) });
    else changes.set(key, { action: 'delete', oldValue: change.oldValue });
  }
  return changes;
}

/** ws hands over Buffer, ArrayBuffer or Buffer[] depending on binaryType and fragmentation. */
function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]);
  throw new Error('Unexpected message data');
}
