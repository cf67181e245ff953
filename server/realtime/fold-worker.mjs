// @ts-check
import { parentPort } from 'node:worker_threads';
import { foldIntoSnapshot } from './fold.mjs';

/**
 * The PostgreSQL store's compaction fold, in a thread of its own (fold-in-worker.ts): folding a
 * big board takes from a tenth of a second to seconds, which on the event loop would hold every
 * board's messages on the node. One request at a time: `{ snapshot, rows }` in, `{ folded }` or
 * `{ error }` out.
 */

const port = parentPort;
if (!port) throw new Error('fold-worker must run in a worker thread');

port.on('message', (/** @type {{ snapshot: Uint8Array | null; rows: Uint8Array[] }} */ { snapshot, rows }) => {
  try {
    const folded = foldIntoSnapshot(snapshot, rows);
    // The encoder's own fresh array: handed over, not copied.
    port.postMessage({ folded }, [/** @type {ArrayBuffer} */ (folded.buffer)]);
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
