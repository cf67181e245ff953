import * as Y from 'yjs';
import { META_MAP, META_SCHEMA_KEY, RECORDS_MAP } from '../../lib/collab-protocol';
import type { Db } from '../db/client';
import { createPrismaBoardStore } from '../realtime/board-store';

/**
 * A board's document as committed now: the store's snapshot plus every log row after it.
 * Every edit a person was told is saved is in the database, so this is the board they see.
 */
export async function readCommittedBoardState(db: Db, boardId: string): Promise<Uint8Array> {
  const stored = await createPrismaBoardStore(db).load(boardId);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

/** tldraw's store snapshot (`{ store, schema }`) of frozen Yjs state, for a read-only canvas. */
export interface BoardRecordsSnapshot {
  store: Record<string, unknown>;
  schema: unknown;
}

/** Reads the records of frozen Yjs state (an edition) into the shape tldraw loads. */
export function recordsOfState(state: Uint8Array): BoardRecordsSnapshot {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const store = doc.getMap(RECORDS_MAP).toJSON() as Record<string, unknown>;
  const schema = doc.getMap(META_MAP).get(META_SCHEMA_KEY) ?? null;
  doc.destroy();
  return { store, schema };
}
