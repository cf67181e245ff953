import type { Logger } from 'pino';
import { z } from 'zod';
import { channelFamily, type RedisLink } from './redis-link';

/**
 * Relays committed board updates between nodes. The PostgreSQL log is the truth: a node
 * publishes an update only after its rows are committed, and a receiving node applies it only
 * when it follows exactly what the node already applied; otherwise it catches up from the log.
 * See server/cluster/CONTEXT.md for what the store must guarantee.
 */

/** Yjs bytes travel as base64 inside JSON messages (one encoding for every channel). */
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');
const rowId = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const BoardRelayMessageSchema = z.discriminatedUnion('kind', [
  /** Rows (prevRowId, rowId] of the board's log, committed, as one merged Yjs update. */
  z.object({
    kind: z.literal('update'),
    boardId: z.string().min(1).max(100),
    nodeId: z.string().min(1).max(100),
    rowId: rowId.min(1),
    prevRowId: rowId,
    update: base64,
  }),
  /** "The log holds this board up to rowId": sent after a node's link returns, so peers that missed its publishes catch up. */
  z.object({
    kind: z.literal('head'),
    boardId: z.string().min(1).max(100),
    nodeId: z.string().min(1).max(100),
    rowId,
  }),
]);
export type BoardRelayMessage = z.infer<typeof BoardRelayMessageSchema>;

export const boardUpdatesChannel = channelFamily('board-updates', BoardRelayMessageSchema);

/** Backoff of a catch-up that failed (the database away): 100 ms doubling to 5 s, as the room's save retries. */
const CATCH_UP_RETRY_INITIAL_MS = 100;
const CATCH_UP_RETRY_MAX_MS = 5_000;

/** What a node holding a board does with a relayed message. */
export type RelayDecision =
  | { action: 'apply' }
  | { action: 'ignore' }
  /** Read the log after `afterRowId` (the node's last applied row) and apply that instead. */
  | { action: 'catch-up'; afterRowId: number };

/**
 * Decides what to do with a relayed message for a board whose state covers the log up to
 * `lastAppliedRowId`:
 * - `ignore` when the message adds nothing (rowId <= lastApplied: our own commit, or rows a
 *   catch-up already brought);
 * - `apply` when it continues exactly from what we have (prevRowId <= lastApplied < rowId; an
 *   overlap is safe because Yjs updates are idempotent and the update holds every row after prevRowId);
 * - `catch-up` when rows between lastApplied and the message are missing (a gap), or for a
 *   `head` beyond what we have.
 */
export function decideOnRelayedUpdate(
  lastAppliedRowId: number,
  message: { kind: 'update'; rowId: number; prevRowId: number } | { kind: 'head'; rowId: number },
): RelayDecision {
  if (message.rowId <= lastAppliedRowId) return { action: 'ignore' };
  if (message.kind === 'update' && message.prevRowId <= lastAppliedRowId) return { action: 'apply' };
  return { action: 'catch-up', afterRowId: lastAppliedRowId };
}

/** What the room holding a board gives the relay. */
export interface RelayedBoard {
  /** The highest log row id the room's document covers. */
  lastAppliedRowId(): number;
  /** Applies another node's update that continues the room's state; the room then covers up to `rowId`. */
  apply(update: Uint8Array, rowId: number): void;
  /** The room's own commit continued its state: it now covers up to `rowId` (nothing to apply or send). */
  advanceTo(rowId: number): void;
  /** Reads the log after `afterRowId` (store.readUpdatesSince) and applies it; the room then covers the log's head. */
  catchUp(afterRowId: number): Promise<void>;
}

export interface BoardRelayOptions {
  link: RedisLink;
  nodeId: string;
  log: Logger;
}

interface Held {
  board: RelayedBoard;
  /** Messages of one board are handled one after another, so a catch-up finishes before the next decision. */
  queue: Promise<void>;
  unsubscribe: () => Promise<void>;
}

/** The board-update relay of one node. */
export class BoardRelay {
  private readonly held = new Map<string, Held>();
  private readonly stopStatus: () => void;
  /** True from a moment the link was down until the catch-up after it returns. */
  private sawDown: boolean;

  constructor(private readonly options: BoardRelayOptions) {
    // Boards held before the first connection subscribed into the void: treat it as a return.
    this.sawDown = options.link.health().status === 'down';
    this.stopStatus = options.link.onStatus((status) => {
      if (status === 'down') this.sawDown = true;
      else if (this.sawDown) void this.afterReconnect();
    });
  }

  /** Starts relaying a board this node just loaded; call `release` when it unloads. */
  async hold(boardId: string, board: RelayedBoard): Promise<void> {
    if (this.held.has(boardId)) throw new Error(`board ${boardId} is already held by the relay`);
    const entry: Held = { board, queue: Promise.resolve(), unsubscribe: async () => {} };
    this.held.set(boardId, entry);
    entry.unsubscribe = await this.options.link.subscribe(boardUpdatesChannel.for(boardId), (message) => {
      if (message.boardId !== boardId || message.nodeId === this.options.nodeId) return;
      this.enqueue(boardId, () => this.receive(entry, message));
    });
    // A commit published between the room's load and the subscription would be lost: look once.
    this.enqueue(boardId, () => this.catchUp(boardId, entry));
  }

  /** Stops relaying a board (it left this node's memory). */
  async release(boardId: string): Promise<void> {
    const entry = this.held.get(boardId);
    if (!entry) return;
    this.held.delete(boardId);
    await entry.unsubscribe();
  }

  /**
   * Call after this node committed rows (prevRowId, rowId] of a held board, never before. The
   * room's own commit goes through the same decision as a relayed one: when another node's rows
   * landed between what the room had and its commit (prevRowId > lastApplied), the room catches
   * up from the log instead of skipping them. Then the other nodes are told; false when Redis is
   * away (they learn of it from the `head` sent when the link returns).
   */
  async committed(commit: { boardId: string; rowId: number; prevRowId: number; update: Uint8Array }): Promise<boolean> {
    const message: BoardRelayMessage = {
      kind: 'update',
      boardId: commit.boardId,
      nodeId: this.options.nodeId,
      rowId: commit.rowId,
      prevRowId: commit.prevRowId,
      update: Buffer.from(commit.update).toString('base64'),
    };
    const entry = this.held.get(commit.boardId);
    if (entry) this.enqueue(commit.boardId, () => this.receive(entry, message, { own: true }));
    return this.options.link.publish(boardUpdatesChannel.for(commit.boardId), message);
  }

  /** Resolves when every message received so far for the board has been handled (for tests and shutdown). */
  async settled(boardId: string): Promise<void> {
    let queue: Promise<void> | undefined;
    // A handler may enqueue more work (a catch-up after a gap): wait until the tail stops moving.
    while ((queue = this.held.get(boardId)?.queue) !== undefined) {
      await queue;
      if (this.held.get(boardId)?.queue === queue) return;
    }
  }

  async close(): Promise<void> {
    this.stopStatus();
    await Promise.all([...this.held.keys()].map((boardId) => this.release(boardId)));
  }

  private enqueue(boardId: string, work: () => void | Promise<void>): void {
    const entry = this.held.get(boardId);
    if (!entry) return;
    entry.queue = entry.queue.then(work).catch((error: unknown) => {
      // The next message (or the next reconnect) decides again from lastAppliedRowId: nothing is lost.
      this.options.log.error({ err: error, boardId }, 'relayed board update could not be applied');
    });
  }

  private async receive(entry: Held, message: BoardRelayMessage, { own = false } = {}): Promise<void> {
    if (this.held.get(message.boardId) !== entry) return;
    const decision = decideOnRelayedUpdate(entry.board.lastAppliedRowId(), message);
    if (decision.action === 'apply' && message.kind === 'update') {
      if (own) entry.board.advanceTo(message.rowId);
      else entry.board.apply(new Uint8Array(Buffer.from(message.update, 'base64')), message.rowId);
    } else if (decision.action === 'catch-up') {
      this.options.log.info({ boardId: message.boardId, afterRowId: decision.afterRowId, rowId: message.rowId }, 'gap in relayed updates: catching up from the log');
      await this.catchUp(message.boardId, entry);
    }
  }

  /**
   * Reads the log after what the room has. When that fails (the database is away) it is tried
   * again with backoff while the board is held, so a board never stays behind waiting for a
   * next message that may not come.
   */
  private async catchUp(boardId: string, entry: Held, retryMs = CATCH_UP_RETRY_INITIAL_MS): Promise<void> {
    try {
      await entry.board.catchUp(entry.board.lastAppliedRowId());
    } catch (error) {
      this.options.log.warn({ err: error, boardId, retryMs }, 'catching up from the log failed; trying again');
      const retry = setTimeout(() => {
        if (this.held.get(boardId) === entry) {
          this.enqueue(boardId, () => this.catchUp(boardId, entry, Math.min(retryMs * 2, CATCH_UP_RETRY_MAX_MS)));
        }
      }, retryMs);
      retry.unref();
    }
  }

  /** Messages may have been missed both ways while Redis was away: read the log, then tell peers our heads. */
  private async afterReconnect(): Promise<void> {
    this.sawDown = false;
    for (const [boardId, entry] of this.held) {
      this.enqueue(boardId, async () => {
        await this.catchUp(boardId, entry);
        await this.options.link.publish(boardUpdatesChannel.for(boardId), {
          kind: 'head',
          boardId,
          nodeId: this.options.nodeId,
          rowId: entry.board.lastAppliedRowId(),
        });
      });
    }
  }
}
