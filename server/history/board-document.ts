import * as Y from 'yjs';
import { RECORDS_MAP } from '../../lib/collab-protocol';
import type { Db } from '../db/client';
import { createPrismaBoardStore } from '../realtime/board-store';

/**
 * A board's document as stored (snapshot plus log). Updates the realtime server has accepted
 * but not yet committed (a few milliseconds' worth) are not in it.
 */
export async function readBoardDoc(db: Db, boardId: string): Promise<Y.Doc> {
  const stored = await createPrismaBoardStore(db).load(boardId);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

/** A document from an encoded Yjs state (a saved version). */
export function docFromState(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}

/** The document's tldraw records, keyed by record id. */
export function boardRecords(doc: Y.Doc): Map<string, unknown> {
  return new Map(doc.getMap<unknown>(RECORDS_MAP).entries());
}
