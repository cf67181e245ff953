import type { Summary } from './stats';

/** Jobs the orchestrator (bench/run.ts) sends to the client process (bench/client-driver.ts). */
export interface FanoutJob {
  type: 'fanout';
  /** ws://host:port/collab */
  url: string;
  boardId: string;
  /** One token per client (ignored by the reference server, which only needs the URL). */
  tokens: string[];
  writers: number;
  hz: number;
  warmupMs: number;
  durationMs: number;
}

export interface FanoutResult {
  clients: number;
  /** Writer's local change to the update applied at each other client, after warm-up. */
  latency: Summary;
  /** Writer's local change to the SAVED message covering it (ours only). */
  saved: Summary;
  writes: number;
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
  /** Event-loop delay of the client process: how much of the latency is the clients' own queueing. */
  clientLoopDelayP99Ms: number;
  clientCpuPercent: number;
}

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
