import * as decoding from 'lib0/decoding';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
  CLOSE_CODES,
  COMMENTS_MAP,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  META_MAP,
  REACTIONS_MAP,
  RECORDS_MAP,
  type ServerStatus,
} from '../../lib/collab-protocol';
import { can, type BoardAccess } from '../domain/permissions';
import type { BoardState } from '../domain/roles';
import type { ShapeAuthor } from './attribution';
import type { AppendResult, BoardStore } from './board-store';
import { CommitPipeline, type CommitLimits, type LoadedBoardState } from './commit-pipeline';
import { Connection, type ConnectionIdentity, type ConnectionLimits } from './connection';
import { fullStateMessage, savedMessage, serverStatusMessage, serverTimeMessage, syncStep1Message, syncStep2Message } from './messages';
import { RoomPresence } from './presence';
import { ruleOnMetaChanges, ruleOnRecordChanges, type MetaChange, type RecordValidator } from './record-policy';
import { ruleOnCommentChanges, ruleOnReactionChanges, type ResponsePolicyContext, type ResponseRuling } from './response-policy';
import type { RecordChange } from './shape-locks';
import { TokenBucket } from './token-bucket';
import { clearRootTypes, inspectUpdate, type UpdateGuardLimits } from './update-guard';

/** Limits and timings a room works with (see DEFAULT_REALTIME_LIMITS in index.ts). */
export interface RoomLimits extends ConnectionLimits, CommitLimits, UpdateGuardLimits {
  /** A board's whole document, encoded, may not grow past this: people other than facilitators then only view it. */
  boardSizeMaxBytes: number;
  /** Reactions and comments (added, changed or removed) one person may make on a board per minute, on average. */
  responsesPerMinute: number;
  /** ...and at once, after a pause. */
  responsesBurst: number;
}

type ResponseRule = (changes: ReadonlyMap<string, RecordChange>, context: ResponsePolicyContext) => ResponseRuling;

/** How many deleted shapes' authors a room remembers (oldest forgotten first). */
const DELETED_AUTHORS_MAX = 1_000;

/**
 * Transaction origin of the server's own repairs, so they are not ruled on again. `dropsContent`
 * when the repair took refused content out (the batch is then rebuilt from the doc).
 */
class ServerRepair {
  constructor(readonly dropsContent: boolean) {}
}
/** Transaction origin of updates the app asks the server to apply (applyServerUpdate). */
const SERVER_UPDATE = Symbol('server update');
/** Transaction origin of updates another node committed (applyCommittedElsewhere). */
const COMMITTED_ELSEWHERE = Symbol('committed elsewhere');

/**
 * One board in memory: its Y.Doc, the sockets on it, and the sync protocol between them. The
 * jobs around it live next door: the transport in connection.ts, presence in presence.ts, what a
 * client may write in record-policy.ts, the write-ahead path in commit-pipeline.ts; when a room
 * loads and unloads in room-registry.ts. Never throws out of a socket event.
 */
export class Room {
  readonly presence: RoomPresence;
  readonly connections = new Set<Connection>();
  readonly pipeline: CommitPipeline;

  /** Authors of recently deleted shapes, by record id (see rememberDeletedAuthor). */
  private deletedAuthors = new Map<string, ShapeAuthor>();
  /** Each person's allowance of reactions and comments on this board, by user id (all their sockets share it). */
  private responseAllowances = new Map<string, TokenBucket>();
  /** Sync step 2 for a device holding nothing yet, kept until the doc next changes. */
  private fullState: Uint8Array | null = null;
  /**
   * The encoded document's size: exact after each check, an over-estimate in between (stored
   * bytes plus each committed batch), so the exact size is only computed near the cap.
   */
  private sizeBytes: number;
  /** Whether the board has reached boardSizeMaxBytes (see afterCommit). */
  private full = false;
  /** Whether people on other servers see this board's changes late (see setOtherServersUnreachable). */
  private otherServersUnreachable = false;
  private destroyed = false;

  constructor(
    readonly boardId: string,
    readonly doc: Y.Doc,
    loaded: LoadedBoardState,
    public boardState: BoardState,
    private readonly store: BoardStore,
    private readonly limits: RoomLimits,
    private readonly log: Logger,
    private readonly validateRecord: RecordValidator,
    onCommitted: (update: Uint8Array, commit: AppendResult) => void,
  ) {
    this.pipeline = new CommitPipeline(boardId, doc, loaded, store, limits, log, {
      peers: () => this.connections,
      onSavingChanged: () => {
        for (const conn of this.connections) conn.sendMessage(serverStatusMessage(this.statusFor(conn)));
      },
      onCommitted: (update, commit) => {
        this.afterCommit(update);
        onCommitted(update, commit);
      },
    });
    this.sizeBytes = loaded.storedBytes;
    if (this.sizeBytes > limits.boardSizeMaxBytes) this.checkSize();
    if (loaded.encodedState && !doc.store.pendingStructs && !doc.store.pendingDs) this.fullState = fullStateMessage(loaded.encodedState);
    this.presence = new RoomPresence(doc, (message) => {
      for (const conn of this.connections) conn.sendMessage(message);
    });
    this.doc.on('update', this.onDocUpdate);
    this.doc.getMap(RECORDS_MAP).observe(this.onRecordsChanged);
    this.doc.getMap(META_MAP).observe(this.onMetaChanged);
    this.doc.getMap(REACTIONS_MAP).observe(this.onReactionsChanged);
    this.doc.getMap(COMMENTS_MAP).observe(this.onCommentsChanged);
  }

  /** Adds an admitted socket and greets it: clock, status, sync step 1, presence, saved. */
  addConnection(ws: WebSocket, identity: ConnectionIdentity, access: BoardAccess, { sharesPresence = true } = {}): Connection {
    const conn = new Connection(ws, identity, access, sharesPresence, this.limits, this.log, this.handleMessage);
    this.connections.add(conn);
    conn.sendMessage(serverTimeMessage());
    conn.sendMessage(serverStatusMessage(this.statusFor(conn)));
    conn.sendMessage(syncStep1Message(this.doc));
    const everyone = this.presence.everyone();
    if (everyone) conn.sendMessage(everyone);
    if (this.pipeline.saving === 'ok') conn.sendMessage(savedMessage(this.pipeline.committedStateVector));
    return conn;
  }

  /** Forgets a closed socket and the presence it spoke for. */
  removeConnection(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    this.presence.forget(conn);
  }

  /** The SERVER_STATUS a connection should see now. */
  statusFor(conn: Connection): ServerStatus {
    const status: ServerStatus = { saving: this.pipeline.saving, access: conn.access };
    if (this.boardState === 'archived') status.readOnlyReason = 'archived';
    else if (conn.access === 'view') status.readOnlyReason = this.boardState === 'locked' ? 'locked' : 'view';
    if (this.full) {
      status.boardFull = true;
      if (!this.mayGrowFullBoard(conn)) status.access = 'view';
    }
    if (this.otherServersUnreachable) status.otherServersUnreachable = true;
    return status;
  }

  /**
   * Says whether this server can reach the others holding the board (several nodes: the cluster
   * extension calls it as its link goes down and comes back), and tells every socket when it changes.
   */
  setOtherServersUnreachable(unreachable: boolean): void {
    if (unreachable === this.otherServersUnreachable) return;
    this.otherServersUnreachable = unreachable;
    for (const conn of this.connections) conn.sendMessage(serverStatusMessage(this.statusFor(conn)));
  }

  /** Changes a connection's access (after a lock, unlock or role change) and tells it. */
  setAccess(conn: Connection, access: BoardAccess): void {
    const regainedEdit = conn.access === 'view' && access === 'edit';
    conn.access = access;
    conn.sendMessage(serverStatusMessage(this.statusFor(conn)));
    // Its updates were dropped while read-only; later ones build on them, so sync again.
    if (regainedEdit) conn.sendMessage(syncStep1Message(this.doc));
  }

  /**
   * Applies an update the server made (e.g. a restored version): it takes the write-ahead path
   * like a client's (committed to the log, then relayed to everyone) without being ruled on as
   * a client's, since the server built it.
   */
  applyServerUpdate(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, SERVER_UPDATE);
  }

  /**
   * Applies log rows up to `rowId` that are already committed to the shared store (another
   * node's, relayed; or this room's own, a no-op): applied to the doc and relayed to this node's
   * sockets, never committed again and never ruled on (its node did both). The doc then covers
   * the log up to `rowId` (the caller checked it continues from `lastAppliedRowId`).
   */
  applyCommittedElsewhere(update: Uint8Array, rowId: number): void {
    if (this.destroyed) return;
    Y.applyUpdate(this.doc, update, COMMITTED_ELSEWHERE);
    this.pipeline.advanceTo(rowId);
  }

  /** The highest log row id the doc covers with nothing missing below it. */
  get lastAppliedRowId(): number {
    return this.pipeline.lastAppliedRowId;
  }

  /**
   * Reads the log after `afterRowId` (a gap in what was relayed, or Redis came back) and applies
   * it like updates committed elsewhere: in one transaction, so local sockets get one message.
   */
  async catchUp(afterRowId: number): Promise<void> {
    const since = await this.store.readUpdatesSince(this.boardId, afterRowId);
    if (this.destroyed) return;
    if (since.snapshot || since.updates.length > 0) {
      Y.transact(
        this.doc,
        () => {
          if (since.snapshot) Y.applyUpdate(this.doc, since.snapshot);
          for (const update of since.updates) Y.applyUpdate(this.doc, update);
        },
        COMMITTED_ELSEWHERE,
      );
    }
    this.pipeline.advanceTo(since.lastRowId);
  }

  /** Awareness client ids spoken for by this node's sockets (not those relayed from other nodes). */
  localAwarenessIds(): number[] {
    return Array.from(this.connections, (conn) => Array.from(conn.awarenessIds)).flat();
  }

  /** Frees the doc and its listeners; the room must be flushed and empty. */
  destroy(): void {
    this.destroyed = true;
    this.pipeline.stop();
    this.doc.off('update', this.onDocUpdate);
    this.doc.getMap(RECORDS_MAP).unobserve(this.onRecordsChanged);
    this.doc.getMap(META_MAP).unobserve(this.onMetaChanged);
    this.doc.getMap(REACTIONS_MAP).unobserve(this.onReactionsChanged);
    this.doc.getMap(COMMENTS_MAP).unobserve(this.onCommentsChanged);
    this.presence.destroy();
    this.doc.destroy();
  }

  // ---------- the sync protocol ----------

  private handleMessage = (conn: Connection, bytes: Uint8Array): void => {
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC:
        return this.handleSync(conn, decoder);
      case MESSAGE_AWARENESS:
        return this.presence.apply(conn, decoding.readVarUint8Array(decoder));
      case MESSAGE_QUERY_AWARENESS:
        conn.sendMessage(this.presence.answerQuery());
        return;
      default:
        conn.close(CLOSE_CODES.unsupportedData, 'Unknown message type');
    }
  };

  private handleSync(conn: Connection, decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder);
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      conn.sendMessage(this.syncStep2For(decoding.readVarUint8Array(decoder)));
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
    const inspection = inspectUpdate(update, this.limits);
    const pendingBefore = this.doc.store.pendingStructs;
    Y.applyUpdate(this.doc, update, conn);
    // Content outside the board's layout is taken out again in the same batch, like a refused record.
    if (inspection.foreignRoots.length > 0) {
      this.log.warn({ userId: conn.identity.userId, roots: inspection.foreignRoots.map((r) => r.slice(0, 40)) }, 'refused a write outside the board layout');
      clearRootTypes(this.doc, inspection.foreignRoots, new ServerRepair(true));
    }
    // This update left structs waiting for ones we never got (e.g. written while the socket
    // was read-only and dropped): they would stay invisible and unsaved, so ask the client
    // for what we lack. Only for live updates, never for a sync step 2 (which answers exactly
    // that request), so a gap nobody can fill cannot start a request/answer loop.
    const pendingAfter = this.doc.store.pendingStructs;
    if (syncType === syncProtocol.messageYjsUpdate && pendingAfter && pendingAfter !== pendingBefore) {
      conn.sendMessage(syncStep1Message(this.doc));
    }
  }

  /** Sync step 2 for a client's state vector; a device holding nothing gets the cached full state. */
  private syncStep2For(stateVector: Uint8Array): Uint8Array {
    // An empty state vector is one byte: zero entries.
    if (stateVector.length !== 1 || stateVector[0] !== 0) return syncStep2Message(this.doc, stateVector);
    this.fullState ??= fullStateMessage(Y.encodeStateAsUpdate(this.doc));
    return this.fullState;
  }

  private canWrite(conn: Connection): boolean {
    return conn.access === 'edit' && this.boardState !== 'archived' && (!this.full || this.mayGrowFullBoard(conn));
  }

  /** Facilitators keep editing a full board, so they can delete what makes it too big. */
  private mayGrowFullBoard(conn: Connection): boolean {
    return can(conn.identity.role, 'board.lock');
  }

  // ---------- the size cap ----------

  private afterCommit(update: Uint8Array): void {
    this.sizeBytes += update.length;
    if (this.full || this.sizeBytes > this.limits.boardSizeMaxBytes) this.checkSize();
  }

  /** Measures the document exactly and, when it crosses the cap either way, tells everyone. */
  private checkSize(): void {
    this.sizeBytes = Y.encodeStateAsUpdate(this.doc).length;
    const full = this.sizeBytes > this.limits.boardSizeMaxBytes;
    if (full === this.full) return;
    this.full = full;
    this.log.warn({ sizeBytes: this.sizeBytes, maxBytes: this.limits.boardSizeMaxBytes }, full ? 'board reached its size limit' : 'board is under its size limit again');
    for (const conn of this.connections) {
      conn.sendMessage(serverStatusMessage(this.statusFor(conn)));
      // Its updates were dropped while the board was full; later ones build on them, so sync again.
      if (!full && conn.access === 'edit' && !this.mayGrowFullBoard(conn)) conn.sendMessage(syncStep1Message(this.doc));
    }
  }

  // ---------- the record policy, applied ----------

  /** Applies record-policy.ts to a client's transaction, in one server transaction of repairs. */
  private onRecordsChanged = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction): void => {
    const conn = transaction.origin;
    if (!(conn instanceof Connection)) return;
    const records = event.target as Y.Map<unknown>;
    const ruling = ruleOnRecordChanges(mapChanges(event, records), {
      writer: conn.identity,
      validateRecord: this.validateRecord,
      deletedAuthorOf: (key) => this.deletedAuthors.get(key),
    });
    for (const [key, author] of ruling.deletedAuthors) this.rememberDeletedAuthor(key, author);
    if (ruling.writes.size === 0) return;
    if (ruling.refused.length > 0) this.log.warn({ userId: conn.identity.userId, rejected: ruling.refused }, 'refused invalid canvas records');
    if (ruling.lockRepaired.length > 0) this.log.info({ userId: conn.identity.userId, keys: ruling.lockRepaired }, 'refused changes to locked shapes');
    this.doc.transact(() => applyWrites(records, ruling.writes), new ServerRepair(ruling.refused.length > 0));
  };

  /** Keeps a deleted shape's author for a while, so an undo brings it back with its real author. */
  private rememberDeletedAuthor(key: string, author: ShapeAuthor): void {
    this.deletedAuthors.delete(key);
    this.deletedAuthors.set(key, author);
    if (this.deletedAuthors.size > DELETED_AUTHORS_MAX) this.deletedAuthors.delete(this.deletedAuthors.keys().next().value as string);
  }

  private onMetaChanged = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction): void => {
    const conn = transaction.origin;
    if (!(conn instanceof Connection)) return;
    const meta = event.target as Y.Map<unknown>;
    const writes = ruleOnMetaChanges(event.changes.keys as Map<string, MetaChange>, (key) => meta.get(key));
    if (writes.size === 0) return;
    this.log.warn({ userId: conn.identity.userId, keys: [...writes.keys()] }, 'refused a client change to board metadata');
    this.doc.transact(() => applyWrites(meta, writes), new ServerRepair(false));
  };

  // ---------- reactions and comments (response-policy.ts), applied ----------

  private onReactionsChanged = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction): void => this.ruleOnResponses(ruleOnReactionChanges, event, transaction);
  private onCommentsChanged = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction): void => this.ruleOnResponses(ruleOnCommentChanges, event, transaction);

  /** Applies a response rule to a client's transaction, in one server transaction of repairs. */
  private ruleOnResponses(rule: ResponseRule, event: Y.YMapEvent<unknown>, transaction: Y.Transaction): void {
    const conn = transaction.origin;
    if (!(conn instanceof Connection)) return;
    const map = event.target as Y.Map<unknown>;
    const records = this.doc.getMap<unknown>(RECORDS_MAP);
    const { userId } = conn.identity;
    let allowance = this.responseAllowances.get(userId);
    if (!allowance) this.responseAllowances.set(userId, (allowance = new TokenBucket(this.limits.responsesPerMinute / 60, this.limits.responsesBurst)));
    const ruling = rule(mapChanges(event, map), {
      writer: conn.identity,
      now: Date.now(),
      shapeTypeOf: (shapeId) => {
        const shape = records.get(shapeId) as { typeName?: unknown; type?: unknown } | undefined;
        return shape?.typeName === 'shape' && typeof shape.type === 'string' ? shape.type : undefined;
      },
      withinRate: () => allowance.take(),
    });
    if (ruling.writes.size === 0) return;
    if (ruling.refused.length > 0) this.log.warn({ userId, rejected: ruling.refused }, 'refused reactions or comments');
    this.doc.transact(() => applyWrites(map, ruling.writes), new ServerRepair(ruling.refused.length > 0));
  }

  // ---------- into the write-ahead path ----------

  private onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.fullState = null;
    if (origin === COMMITTED_ELSEWHERE) {
      this.pipeline.relayCommittedElsewhere(update);
      return;
    }
    this.pipeline.enqueue({
      update,
      origin: origin instanceof Connection ? origin : null,
      dropsContent: origin instanceof ServerRepair && origin.dropsContent,
    });
  };
}

/** Writes a ruling's values into a map; `undefined` deletes the key. */
function applyWrites(map: Y.Map<unknown>, writes: ReadonlyMap<string, unknown>): void {
  for (const [key, value] of writes) {
    if (value === undefined) map.delete(key);
    else map.set(key, value);
  }
}

/** A map event's changes with the values they were written with, for the policies. */
function mapChanges(event: Y.YMapEvent<unknown>, map: Y.Map<unknown>): Map<string, RecordChange> {
  const changes = new Map<string, RecordChange>();
  for (const [key, change] of event.changes.keys) {
    if (change.action === 'add') changes.set(key, { action: 'add', value: map.get(key) });
    else if (change.action === 'update') changes.set(key, { action: 'update', oldValue: change.oldValue, value: map.get(key) });
    else changes.set(key, { action: 'delete', oldValue: change.oldValue });
  }
  return changes;
}
