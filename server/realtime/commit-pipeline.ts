import * as encoding from 'lib0/encoding';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { ServerStatus } from '../../lib/collab-protocol';
import type { AppendResult, BoardStore } from './board-store';
import type { Connection } from './connection';
import { savedMessage, updateMessage } from './messages';

/** Timings of the write-ahead path (see DEFAULT_REALTIME_LIMITS in index.ts). */
export interface CommitLimits {
  compactAfterRows: number;
  saveRetryInitialMs: number;
  saveRetryMaxMs: number;
}

/** A board's store state when it was loaded into memory. */
export interface LoadedBoardState {
  lastUpdateId: number;
  rowsSinceSnapshot: number;
  /**
   * The doc's whole state as one update, when the store already holds it that way (a snapshot
   * with no rows after it): a new device's first sync is answered with these bytes instead of
   * encoding the doc again (13 ms for a 1 MB board, 50-100 ms for 5 MB).
   */
  encodedState?: Uint8Array | null;
  /** Bytes the store holds for the board (snapshot plus rows): at least its encoded size. */
  storedBytes: number;
}

/** One update applied to the doc and waiting to be committed. */
export interface PendingUpdate {
  update: Uint8Array;
  /** The socket it came from; null for the server's own (repairs, restored versions). */
  origin: Connection | null;
  /**
   * A server repair that took refused content out of the doc: the client's own bytes in the same
   * batch still hold it (marked deleted), so the batch is stored and relayed as rebuilt from the
   * doc instead (see flushLoop).
   */
  dropsContent: boolean;
}

/** What the pipeline tells its room. */
export interface CommitEvents {
  /** The sockets a committed batch is relayed to. */
  peers(): Iterable<Connection>;
  /** Saving started failing or works again (`pipeline.saving` already changed). */
  onSavingChanged(): void;
  /** A batch is committed as rows (prevRowId, rowId]: called with the merged update just before it is relayed. */
  onCommitted(update: Uint8Array, commit: AppendResult): void;
}

/**
 * The write-ahead path of one board: updates already applied to its doc are queued, committed
 * as one merged row per batch, and only then relayed (one merged message per batch) and
 * acknowledged with SAVED. While the store fails, nothing is relayed or dropped: it retries
 * with backoff and says so (`saving: 'failing'`). Compacts the log every `compactAfterRows`.
 */
export class CommitPipeline {
  saving: ServerStatus['saving'] = 'ok';
  /** State vector of everything committed: what SAVED tells clients. */
  committedStateVector: Uint8Array;

  private pending: PendingUpdate[] = [];
  private flushing: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelayMs: number;
  /**
   * The highest log row id the doc covers with nothing missing below it. Own commits advance it
   * only when they follow it (prevRowId <= it); otherwise another node's rows landed in between
   * and it waits for those (a relayed update or a catch-up from the log, see server/cluster).
   */
  lastAppliedRowId: number;
  private rowsSinceSnapshot: number;
  private compacting = false;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly boardId: string,
    private readonly doc: Y.Doc,
    loaded: LoadedBoardState,
    private readonly store: BoardStore,
    private readonly limits: CommitLimits,
    private readonly log: Logger,
    private readonly events: CommitEvents,
  ) {
    this.lastAppliedRowId = loaded.lastUpdateId;
    this.rowsSinceSnapshot = loaded.rowsSinceSnapshot;
    this.retryDelayMs = limits.saveRetryInitialMs;
    this.committedStateVector = Y.encodeStateVector(doc);
  }

  /** Whether nothing is waiting to be committed. */
  get isFlushed(): boolean {
    return this.pending.length === 0 && !this.flushing && !this.retryTimer;
  }

  /** Updates accepted but not yet committed. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** Queues an update the doc has applied; it is committed with the next batch. */
  enqueue(entry: PendingUpdate): void {
    this.pending.push(entry);
    this.scheduleFlush();
  }

  /**
   * Relays an update another node committed (already in the store) to this node's sockets, with
   * no commit of its own. When nothing local is pending, what is committed is the whole doc.
   */
  relayCommittedElsewhere(update: Uint8Array): void {
    // SAVED must never say less than a relay this node's sockets already got (a batch taken
    // before this update arrived would otherwise lower what they know committed).
    this.committedStateVector = this.isFlushed ? Y.encodeStateVector(this.doc) : mergeStateVectors(this.committedStateVector, Y.parseUpdateMeta(update).to);
    const message = updateMessage(update);
    for (const conn of this.events.peers()) conn.sendMessage(message);
  }

  /** The doc now covers the log up to `rowId` (an update committed elsewhere, or a catch-up, was applied). */
  advanceTo(rowId: number): void {
    this.lastAppliedRowId = Math.max(this.lastAppliedRowId, rowId);
  }

  /** Tries to commit now, cutting a failure's backoff short (used when shutting down). */
  flushNow(): void {
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    this.scheduleFlush();
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

  /** Stops retrying (the board is leaving memory). */
  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private scheduleFlush(): void {
    // A running flush picks new updates up when its commit returns (that is the batching);
    // during a failure the retry timer owns the next attempt.
    if (this.flushing || this.retryTimer || this.stopped) return;
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = null;
      this.notifyIfIdle();
    });
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
      const merged = batch.some((p) => p.dropsContent)
        ? Y.encodeStateAsUpdate(this.doc, this.committedStateVector)
        : batch.length === 1
          ? batch[0].update
          : Y.mergeUpdates(batch.map((p) => p.update));
      let commit: AppendResult;
      try {
        commit = await this.store.appendUpdates(this.boardId, [merged]);
      } catch (error) {
        this.pending = batch.concat(this.pending);
        this.onSaveFailed(error);
        return;
      }
      this.rowsSinceSnapshot += 1;
      this.committedStateVector = mergeStateVectors(this.committedStateVector, Y.decodeStateVector(stateVector));
      if (commit.prevRowId <= this.lastAppliedRowId) this.lastAppliedRowId = Math.max(this.lastAppliedRowId, commit.rowId);
      if (this.saving === 'failing') this.onSaveRecovered();
      this.events.onCommitted(merged, commit);
      this.relay(batch, merged, this.committedStateVector);
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
  private relay(batch: PendingUpdate[], merged: Uint8Array, stateVector: Uint8Array): void {
    const soleOrigin = batch.every((p) => p.origin === batch[0].origin) ? batch[0].origin : null;
    const writers = new Set(batch.map((p) => p.origin));
    const update = updateMessage(merged);
    const saved = savedMessage(stateVector);
    for (const conn of this.events.peers()) {
      if (conn !== soleOrigin) conn.sendMessage(update);
      if (writers.has(conn)) conn.sendMessage(saved);
    }
  }

  private onSaveFailed(error: unknown): void {
    const details = { err: error, pending: this.pending.length, retryInMs: this.retryDelayMs };
    // Loud once per outage, quiet for each retry.
    if (this.saving === 'ok') this.log.error(details, 'saving board updates failed; keeping them in memory and retrying');
    else this.log.debug(details, 'saving board updates still failing');
    if (this.saving === 'ok') {
      this.saving = 'failing';
      this.events.onSavingChanged();
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
    this.events.onSavingChanged();
  }

  private notifyIfIdle(): void {
    if (!this.isFlushed) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** The larger clock of each client in either state vector, encoded. */
function mergeStateVectors(encoded: Uint8Array, other: Map<number, number>): Uint8Array {
  const merged = Y.decodeStateVector(encoded);
  for (const [client, clock] of other) if (clock > (merged.get(client) ?? 0)) merged.set(client, clock);
  return encodeStateVectorMap(merged);
}

/** Encodes a state vector map the way Y.encodeStateVector does. */
function encodeStateVectorMap(vector: Map<number, number>): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, vector.size);
  for (const [client, clock] of vector) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
  }
  return encoding.toUint8Array(encoder);
}
