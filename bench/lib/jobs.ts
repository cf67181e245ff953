import type { Summary } from './stats';

/** Jobs the orchestrator (bench/run.ts) sends to the client process (bench/client-driver.ts). */

/** One client of a fan-out: where it connects, with which token, and which node that is (-1: unknown, e.g. behind a balancer). */
export interface FanoutClient {
  /** ws://host:port/collab (y-websocket) or ws://host:port (Hocuspocus) */
  url: string;
  /** Ignored by servers without auth (the reference, Hocuspocus). */
  token: string;
  node: number;
}

/** Stock y-websocket WebsocketProviders, or @hocuspocus/provider's HocuspocusProvider. */
export type ClientProtocol = 'y-websocket' | 'hocuspocus';

export interface FanoutJob {
  type: 'fanout';
  protocol: ClientProtocol;
  /** The first `writers` clients of each board write. */
  boards: { boardId: string; clients: FanoutClient[] }[];
  writers: number;
  hz: number;
  warmupMs: number;
  durationMs: number;
  /** Sockets opened at once while connecting (all at once when unset). */
  connectBatch?: number;
  /** Return the latency samples themselves too (FanoutResult.samples), so rounds can be pooled. */
  keepSamples?: boolean;
  /** SIGKILL this process (a node the bench started) `afterMs` into the measured part, then time its clients' recovery. */
  kill?: { pid: number; afterMs: number };
}

/** A writer's Yjs client id and how far its own clock reached: sent, and acknowledged by the server (SAVED). */
export interface WriterClock {
  boardId: string;
  clientId: number;
  sent: number;
  acked: number;
}

export interface KillRecovery {
  /** Clients whose socket closed within a second of the kill (they were on the killed node). */
  victims: number;
  /** Kill to each victim's socket open again (backoff, balancer, the next node's handshake). */
  toReopened: Summary;
  /** Kill to each victim synced again (sync step 2 from the node it reached next). */
  toSynced: Summary;
  /** Kill to each victim synced again and holding every update acknowledged anywhere before the kill. */
  toCaughtUp: Summary;
  /** Victims not caught up within the deadline. */
  notRecovered: number;
}

export interface FanoutResult {
  clients: number;
  boards: number;
  /** Writer's local change to the update applied at each other client, after warm-up. */
  latency: Summary;
  /** The same, only deliveries to a client on another node than the writer's. */
  crossNode: Summary;
  /** The same, only deliveries to a client on the writer's node. */
  sameNode: Summary;
  /** Writer's local change to the SAVED message covering it (ours only). */
  saved: Summary;
  writes: number;
  /** How long the measured part lasted (writes / measuredMs is the rate the client process managed). */
  measuredMs: number;
  /** Deliveries expected: each measured write at every other client. */
  expected: number;
  received: number;
  /** Expected deliveries never observed, not even superseded by a newer value from the same writer. */
  dropped: number;
  /** Deliveries that arrived superseded (several moves relayed as one merged update). */
  coalesced: number;
  disconnects: number;
  /** Whether every client ended with every writer's last value. */
  converged: boolean;
  /** Acknowledged writes (clock below the writer's last SAVED) missing on some client at the end. */
  ackedMissingOnClients: number;
  writerClocks: WriterClock[];
  /** Event-loop delay of the client process: how much of the latency is the clients' own queueing. */
  clientLoopDelayP99Ms: number;
  clientCpuPercent: number;
  /** Clients that did not sync within the connect deadline (they take no part). */
  failedToConnect: number;
  kill: KillRecovery | null;
  /** With keepSamples: each latency series, Samples.toBase64. */
  samples?: Record<LatencySeries, string>;
}

export type LatencySeries = 'latency' | 'crossNode' | 'sameNode' | 'saved';

export interface ColdLoadJob {
  type: 'coldLoad';
  url: string;
  boardId: string;
  token: string;
  samples: number;
  /** Our standalone's /health: wait until no board is loaded before each sample (null for the reference). */
  healthUrl: string | null;
}

export interface ColdLoadResult {
  /** Socket opened to the full state (sync step 2) arriving: the server's share. */
  toState: Summary;
  /** Socket opened to synced (the client has applied the state too). */
  toSynced: Summary;
  bytes: number;
}

export interface OpenJob {
  type: 'open';
  url: string;
  conns: { boardId: string; token: string }[];
  /** For the reference: applied to the first client of each board before it connects, so the server gets the board's content. */
  seedUpdateBase64?: string;
  batch: number;
  /** Stop opening new sockets after this long (the rest count as failed). */
  deadlineMs: number;
}

export interface OpenResult {
  opened: number;
  failed: number;
  ms: number;
  /** Encoded size (Y.encodeStateAsUpdate) of the first board's document as a client sees it. */
  encodedBytes: number;
}

export interface CloseAllJob {
  type: 'closeAll';
}

export type Job = FanoutJob | ColdLoadJob | OpenJob | CloseAllJob;

export interface JobResultMap {
  fanout: FanoutResult;
  coldLoad: ColdLoadResult;
  open: OpenResult;
  closeAll: { closed: number };
}

export interface JobRequest {
  id: number;
  job: Job;
}

export interface JobReply {
  id: number;
  result?: unknown;
  error?: string;
}
