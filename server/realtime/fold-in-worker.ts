import { Worker } from 'node:worker_threads';

/**
 * Folds boards' stored state (foldIntoSnapshot) in a worker thread, one fold at a time, for the
 * PostgreSQL store's compaction: measured on this machine, folding a board's snapshot and 500 log
 * rows takes about 0.1 s for a few hundred notes and 1.5-2 s for 20,000; on the event loop that
 * would hold every board's messages on the node for as long. The worker starts with the first
 * fold, holds the process open only while a fold runs, and is replaced if it dies.
 */
export interface FoldWorker {
  fold(snapshot: Uint8Array | null, rows: readonly Uint8Array[]): Promise<Uint8Array>;
  /** Waits for the folds asked for, then ends the thread. */
  close(): Promise<void>;
}

type FoldReply = { folded: Uint8Array; error?: undefined } | { folded?: undefined; error: string };

export function createFoldWorker(): FoldWorker {
  let worker: Worker | null = null;
  /** The folds asked for, in order: the next starts when the one before has settled. */
  let queue: Promise<unknown> = Promise.resolve();

  function foldNow(snapshot: Uint8Array | null, rows: readonly Uint8Array[]): Promise<Uint8Array> {
    // Plain JavaScript, so Node runs it without a TypeScript loader in the thread.
    const thread = (worker ??= new Worker(new URL('./fold-worker.mjs', import.meta.url)));
    return new Promise<Uint8Array>((resolve, reject) => {
      const settle = (done: () => void) => {
        thread.off('message', onReply).off('error', onError).off('exit', onExit);
        thread.unref();
        done();
      };
      const onReply = (reply: FoldReply) => settle(() => (reply.error === undefined ? resolve(reply.folded) : reject(new Error(`folding the board failed: ${reply.error}`))));
      const lost = (why: string) =>
        settle(() => {
          if (worker === thread) worker = null;
          reject(new Error(`the fold worker ${why}`));
        });
      const onError = (error: Error) => lost(`failed: ${error.message}`);
      const onExit = (code: number) => lost(`exited with code ${code}`);
      thread.on('message', onReply).on('error', onError).on('exit', onExit);
      thread.ref();
      // Copied, not transferred: the rows' buffers may be slices of a shared pool.
      thread.postMessage({ snapshot, rows });
    });
  }

  return {
    fold(snapshot, rows) {
      const result = queue.then(() => foldNow(snapshot, rows));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      await queue;
      const running = worker;
      worker = null;
      await running?.terminate();
    },
  };
}
