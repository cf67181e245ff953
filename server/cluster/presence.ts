import * as decoding from 'lib0/decoding';
import { applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates, type Awareness } from 'y-protocols/awareness';
import type { Logger } from 'pino';
import { z } from 'zod';
import { channel, channelFamily, type RedisLink } from './redis-link';

/**
 * Who is here, across nodes. Each node relays the awareness updates of its own sockets on the
 * board's presence channel, tagged with its node id, and says "alive" on the nodes channel every
 * second. A node that stops saying so (it died, or this node lost Redis) is gone after
 * NODE_TIMEOUT_MS: the people last seen through it are removed from every board here, unless
 * they have since been heard through another node (a browser that reconnects elsewhere keeps
 * its awareness client id, so ownership moves with the latest message).
 */

/** How often a node says it is alive. */
export const HEARTBEAT_MS = 1000;
/** Silence after which a node counts as gone and its people leave "Who is here". */
export const NODE_TIMEOUT_MS = 5000;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');
const nodeId = z.string().min(1).max(100);
const boardId = z.string().min(1).max(100);

export const PresenceMessageSchema = z.discriminatedUnion('kind', [
  /** A y-protocols awareness update from sockets on `nodeId`. */
  z.object({ kind: z.literal('awareness'), boardId, nodeId, update: base64 }),
  /** A node just started holding the board (or came back): everyone answers with their states. */
  z.object({ kind: z.literal('query'), boardId, nodeId }),
]);
export type PresenceMessage = z.infer<typeof PresenceMessageSchema>;

export const NodeMessageSchema = z.object({ kind: z.enum(['alive', 'leaving']), nodeId });

export const boardPresenceChannel = channelFamily('board-presence', PresenceMessageSchema);
export const nodesChannel = channel('nodes', NodeMessageSchema);

/** One entry of an awareness update: whose state, and whether the update removes it. */
export interface AwarenessEntry {
  clientId: number;
  removed: boolean;
}

/** Reads the client ids of a y-protocols awareness update (a `null` state means that client left). */
export function readAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    decoding.readVarUint(decoder); // clock
    const state = decoding.readVarString(decoder);
    entries.push({ clientId, removed: state === 'null' });
  }
  return entries;
}

/** When each other node was last heard from; which have been silent too long. */
export class NodeLiveness {
  private readonly lastSeen = new Map<string, number>();

  constructor(private readonly timeoutMs = NODE_TIMEOUT_MS) {}

  seen(node: string, at: number): void {
    this.lastSeen.set(node, at);
  }

  /** Forgets a node (it said it is leaving); true when it was known. */
  forget(node: string): boolean {
    return this.lastSeen.delete(node);
  }

  /** Removes and returns the nodes not heard from within the timeout before `now`. */
  expire(now: number): string[] {
    const gone: string[] = [];
    for (const [node, at] of this.lastSeen) {
      if (now - at >= this.timeoutMs) gone.push(node);
    }
    for (const node of gone) this.lastSeen.delete(node);
    return gone;
  }

  known(): string[] {
    return [...this.lastSeen.keys()];
  }
}

/** What the room holding a board gives the presence relay. */
export interface PresenceBoard {
  /** Applies another node's awareness update to the room's awareness (and so to its sockets). */
  applyRemote(update: Uint8Array): void;
  /** An awareness update with the states of this node's own sockets, or null when there are none. */
  localStates(): Uint8Array | null;
  /** Removes these remote clients' states (their node is gone). */
  removeRemote(clientIds: number[]): void;
}

/** The origin of awareness changes that came from other nodes: never publish those again. */
export const CLUSTER_ORIGIN = 'cluster';

/**
 * A room's awareness as a PresenceBoard: remote updates are applied with CLUSTER_ORIGIN, a
 * query is answered with the states of this node's own sockets, and a gone node's clients are
 * removed unless one of them is now on a socket here.
 */
export function awarenessPresenceBoard(awareness: Awareness, localClientIds: () => Iterable<number>): PresenceBoard {
  return {
    applyRemote: (update) => applyAwarenessUpdate(awareness, update, CLUSTER_ORIGIN),
    localStates: () => {
      const states = awareness.getStates();
      const ids = [...localClientIds()].filter((clientId) => states.has(clientId));
      return ids.length > 0 ? encodeAwarenessUpdate(awareness, ids) : null;
    },
    removeRemote: (clientIds) => {
      const here = new Set(localClientIds());
      const gone = clientIds.filter((clientId) => !here.has(clientId));
      if (gone.length > 0) removeAwarenessStates(awareness, gone, CLUSTER_ORIGIN);
    },
  };
}

export interface PresenceRelayOptions {
  link: RedisLink;
  nodeId: string;
  log: Logger;
  heartbeatMs?: number;
  nodeTimeoutMs?: number;
}

interface HeldPresence {
  board: PresenceBoard;
  /** Which node each remote client was last heard through. */
  owners: Map<number, string>;
  unsubscribe: () => Promise<void>;
}

export class PresenceRelay {
  private readonly held = new Map<string, HeldPresence>();
  private readonly liveness: NodeLiveness;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly stopStatus: () => void;
  private stopNodes: () => Promise<void> = async () => {};
  private sawDown: boolean;

  private constructor(private readonly options: PresenceRelayOptions) {
    this.liveness = new NodeLiveness(options.nodeTimeoutMs ?? NODE_TIMEOUT_MS);
    this.sawDown = options.link.health().status === 'down';
    this.stopStatus = options.link.onStatus((status) => {
      if (status === 'down') this.sawDown = true;
      else if (this.sawDown) {
        this.sawDown = false;
        for (const boardId of this.held.keys()) void this.query(boardId);
      }
    });
    this.timer = setInterval(() => this.beat(), options.heartbeatMs ?? HEARTBEAT_MS);
    this.timer.unref();
  }

  /** Starts the relay: listens to the nodes channel and begins heart-beating. */
  static async start(options: PresenceRelayOptions): Promise<PresenceRelay> {
    const relay = new PresenceRelay(options);
    relay.stopNodes = await options.link.subscribe(nodesChannel, (message) => relay.onNodeMessage(message));
    relay.beat();
    return relay;
  }

  /** Nodes heard from recently (not counting this one). */
  liveNodes(): string[] {
    return this.liveness.known();
  }

  /** Starts sharing a board's presence; asks the other nodes for theirs. */
  async hold(boardIdToHold: string, board: PresenceBoard): Promise<void> {
    if (this.held.has(boardIdToHold)) throw new Error(`board ${boardIdToHold} is already held by presence`);
    const entry: HeldPresence = { board, owners: new Map(), unsubscribe: async () => {} };
    this.held.set(boardIdToHold, entry);
    entry.unsubscribe = await this.options.link.subscribe(boardPresenceChannel.for(boardIdToHold), (message) => {
      if (message.boardId === boardIdToHold && message.nodeId !== this.options.nodeId) this.onPresence(entry, message);
    });
    await this.query(boardIdToHold);
  }

  async release(boardIdToRelease: string): Promise<void> {
    const entry = this.held.get(boardIdToRelease);
    if (!entry) return;
    this.held.delete(boardIdToRelease);
    await entry.unsubscribe();
  }

  /** Shares an awareness update of this node's own sockets (including their removal). */
  async publishLocal(board: string, update: Uint8Array): Promise<boolean> {
    return this.options.link.publish(boardPresenceChannel.for(board), {
      kind: 'awareness',
      boardId: board,
      nodeId: this.options.nodeId,
      update: Buffer.from(update).toString('base64'),
    });
  }

  /** Stops heart-beating and tells the other nodes at once that this node's people left. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.stopStatus();
    await this.options.link.publish(nodesChannel, { kind: 'leaving', nodeId: this.options.nodeId });
    await Promise.all([...this.held.keys()].map((b) => this.release(b)));
    await this.stopNodes();
  }

  private beat(): void {
    void this.options.link.publish(nodesChannel, { kind: 'alive', nodeId: this.options.nodeId });
    for (const node of this.liveness.expire(Date.now())) this.dropNode(node, 'stopped heart-beating');
  }

  private onNodeMessage(message: z.infer<typeof NodeMessageSchema>): void {
    if (message.nodeId === this.options.nodeId) return;
    if (message.kind === 'alive') this.liveness.seen(message.nodeId, Date.now());
    else if (this.liveness.forget(message.nodeId)) this.dropNode(message.nodeId, 'left');
  }

  private onPresence(entry: HeldPresence, message: PresenceMessage): void {
    this.liveness.seen(message.nodeId, Date.now());
    if (message.kind === 'query') {
      const states = entry.board.localStates();
      if (states) void this.publishLocal(message.boardId, states);
      return;
    }
    const update = new Uint8Array(Buffer.from(message.update, 'base64'));
    let entries: AwarenessEntry[];
    try {
      entries = readAwarenessEntries(update);
    } catch (error) {
      this.options.log.warn({ err: error, boardId: message.boardId, from: message.nodeId }, 'malformed relayed awareness update dropped');
      return;
    }
    for (const { clientId, removed } of entries) {
      if (removed) entry.owners.delete(clientId);
      else entry.owners.set(clientId, message.nodeId);
    }
    entry.board.applyRemote(update);
  }

  private dropNode(node: string, why: string): void {
    for (const [boardIdOfEntry, entry] of this.held) {
      const gone = [...entry.owners].filter(([, owner]) => owner === node).map(([clientId]) => clientId);
      if (gone.length === 0) continue;
      for (const clientId of gone) entry.owners.delete(clientId);
      this.options.log.info({ node, boardId: boardIdOfEntry, clients: gone.length }, `presence of a node that ${why} removed`);
      entry.board.removeRemote(gone);
    }
  }

  private async query(board: string): Promise<void> {
    await this.options.link.publish(boardPresenceChannel.for(board), { kind: 'query', boardId: board, nodeId: this.options.nodeId });
  }
}
