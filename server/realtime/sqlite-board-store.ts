import { Worker } from 'node:worker_threads';
import type { BoardStore, StoredBoardState } from './board-store';

/** How long a statement waits for another connection's write lock before failing (SQLITE_BUSY). */
const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/** What the worker needs to open its connection. */
export interface StoreWorkerData {
  file: string;
  busyTimeoutMs: number;
}

/** A call to the worker; `id` pairs it with its reply. */
export type StoreRequest =
  | { id: number; op: 'load'; boardId: string }
  | { id: number; op: 'append'; boardId: string; updates: Uint8Array[] }
  | { id: number; op: 'since'; boardId: string; afterRowId: number }
  | { id: number; op: 'seed'; boardId: string; update: Uint8Array }
  | { id: number; op: 'compact'; boardId: string }
  | { id: number; op: 'close' };

/** The worker's answer to one request: its result, or the SQLite error's message and code. */
export type StoreReply =
  | { id: number; ok: true; op: 'load'; snapshot: Uint8Array | null; updates: Uint8Array[]; lastUpdateId: number }
  | { id: number; ok: true; op: 'append'; rowId: number; prevRowId: number }
  | { id: number; ok: true; op: 'since'; snapshot: Uint8Array | null; updates: Uint8Array[]; lastRowId: number }
  | { id: number; ok: true; op: 'seed'; seededId: number | null }
  | { id: number; ok: true; op: 'compact'; throughUpdateId: number | null }
  | { id: number; ok: true; op: 'close' }
  | { id: number; ok: false; message: string; code: string | undefined };

/** Options of createSqliteBoardStore. */
export interface SqliteBoardStoreOptions {
  /** SQLite busy timeout of the store's connection; defaults to 5 s like the app's. */
  busyTimeoutMs?: number;
}

/** A BoardStore that owns a worker thread and its connection: close it when the server stops. */
export interface SqliteBoardStore extends BoardStore {
  /** Finishes the calls in flight, closes the connection and ends the worker. */
  close(): Promise<void>;
}

/** An error from the store's SQLite connection, carrying SQLite's code (SQLITE_READONLY, SQLITE_FULL...). */
export class SqliteStoreError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'SqliteStoreError';
  }
}

type Pending = { resolve(reply: StoreReply): void; reject(error: Error): void };
type Request = StoreRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** Starts the worker: plain JavaScript, so Node runs it without a TypeScript loader in the thread. */
function startWorker(data: StoreWorkerData): Worker {
  return new Worker(new URL('./sqlite-board-store-worker.mjs', import.meta.url), { workerData: data });
}

/** A copy owning its whole ArrayBuffer: the caller keeps its bytes, the copy is transferred, not cloned. */
function ownCopy(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(data);
}

/**
 * The BoardStore for SQLite on better-sqlite3 directly, in a worker thread: the same tables as
 * Prisma's (rows stay readable by Prisma), blobs as bytes with no conversion, and commits (WAL,
 * synchronous=FULL, one fsync each) off the event loop so one board's fsync never stalls others.
 * Failures (read-only or full database, busy) reject the call, so the room's retry logic applies.
 */
export function createSqliteBoardStore(file: string, options: SqliteBoardStoreOptions = {}): SqliteBoardStore {
  const data: StoreWorkerData = { file, busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS };
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let worker: Worker | null = null;
  let closed = false;

  /** The running worker; a worker that died is replaced on the next call, so retries can succeed. */
  function ensureWorker(): Worker {
    if (worker) return worker;
    const started = startWorker(data);
    started.unref();
    started.on('message', (reply: StoreReply) => {
      const call = pending.get(reply.id);
      if (!call) return;
      pending.delete(reply.id);
      if (pending.size === 0) started.unref();
      call.resolve(reply);
    });
    const fail = (error: Error) => {
      if (worker === started) worker = null;
      for (const call of pending.values()) call.reject(error);
      pending.clear();
    };
    started.on('error', (error) => fail(new SqliteStoreError(`board store worker failed: ${error.message}`, undefined)));
    started.on('exit', (code) => fail(new SqliteStoreError(`board store worker exited with code ${code}`, undefined)));
    worker = started;
    return started;
  }

  function call(request: Request, transfer: ArrayBuffer[] = []): Promise<StoreReply> {
    if (closed) return Promise.reject(new Error('The board store is closed'));
    const target = ensureWorker();
    const id = nextId++;
    return new Promise<StoreReply>((resolve, reject) => {
      pending.set(id, {
        resolve(reply) {
          if (reply.ok) resolve(reply);
          else reject(new SqliteStoreError(reply.message, reply.code));
        },
        reject,
      });
      // Referenced while a call is in flight: a process waiting only on the store must not exit.
      target.ref();
      target.postMessage({ ...request, id }, transfer);
    });
  }

  /** Narrows a reply to the operation asked for (the worker answers each id with its own op). */
  function expectOp<Op extends StoreReply & { ok: true }>(reply: StoreReply, op: Op['op']): Op {
    if (!reply.ok || reply.op !== op) throw new Error(`board store worker answered ${reply.ok ? reply.op : 'an error'} to ${op}`);
    return reply as Op;
  }

  // Started now rather than on the first call: booting the worker (better-sqlite3, the connection)
  // takes tens of ms, which the first person to open a board would otherwise wait.
  ensureWorker();

  return {
    async load(boardId): Promise<StoredBoardState> {
      const reply = expectOp<Extract<StoreReply, { op: 'load' }>>(await call({ op: 'load', boardId }), 'load');
      return { snapshot: reply.snapshot, updates: reply.updates, lastUpdateId: reply.lastUpdateId };
    },

    async appendUpdates(boardId, updates) {
      if (updates.length === 0) throw new Error('appendUpdates needs at least one update');
      const copies = updates.map(ownCopy);
      const request = { op: 'append', boardId, updates: copies } as const;
      const reply = expectOp<Extract<StoreReply, { op: 'append' }>>(await call(request, copies.map((u) => u.buffer)), 'append');
      return { rowId: reply.rowId, prevRowId: reply.prevRowId };
    },

    async readUpdatesSince(boardId, afterRowId) {
      const reply = expectOp<Extract<StoreReply, { op: 'since' }>>(await call({ op: 'since', boardId, afterRowId }), 'since');
      return { snapshot: reply.snapshot, updates: reply.updates, lastRowId: reply.lastRowId };
    },

    async seed(boardId, update) {
      const copy = ownCopy(update);
      return expectOp<Extract<StoreReply, { op: 'seed' }>>(await call({ op: 'seed', boardId, update: copy }, [copy.buffer]), 'seed').seededId;
    },

    async compact(boardId) {
      return expectOp<Extract<StoreReply, { op: 'compact' }>>(await call({ op: 'compact', boardId }), 'compact').throughUpdateId;
    },

    async close() {
      if (closed) return;
      const running = worker;
      if (running) {
        // Queued behind every call already sent, so those finish first.
        await call({ op: 'close' }).catch(() => undefined);
        closed = true;
        worker = null;
        await running.terminate();
      }
      closed = true;
    },
  };
}
