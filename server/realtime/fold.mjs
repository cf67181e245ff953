// @ts-check
import * as Y from 'yjs';

/**
 * A board's whole state as one update: the snapshot with the rows applied, through a Y.Doc so
 * that deleted content is garbage-collected (Y.mergeUpdates would keep it for ever). Plain
 * JavaScript (types in fold.d.mts), so the store workers (sqlite-board-store-worker.mjs,
 * fold-worker.mjs) run the same fold as the server without a TypeScript loader.
 * @param {Uint8Array | null} snapshot
 * @param {readonly Uint8Array[]} rows
 * @returns {Uint8Array}
 */
export function foldIntoSnapshot(snapshot, rows) {
  const doc = new Y.Doc();
  try {
    Y.transact(doc, () => {
      if (snapshot) Y.applyUpdate(doc, snapshot);
      for (const row of rows) Y.applyUpdate(doc, row);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
