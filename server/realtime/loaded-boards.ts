import type * as Y from 'yjs';
import { RECORDS_MAP } from '../../lib/collab-protocol';

/**
 * The boards this process holds in memory (one per Room), so app code in the same process can
 * read a board as it is now without loading and replaying it from the store (a ballot check on
 * a busy board took 250 ms that way). The registry lives on globalThis, like control.ts: Next's
 * bundled route code and the custom server load our modules separately. When the realtime
 * server runs in another process nothing is registered here and callers read the store.
 */
const key = Symbol.for('together-board.loaded-boards');
type G = typeof globalThis & { [key]?: Map<string, Y.Doc> };

function registry(): Map<string, Y.Doc> {
  return ((globalThis as G)[key] ??= new Map());
}

/** Lookups a board's records answer: a Y.Map, or a Map read from the store. */
export interface BoardRecordLookup {
  get(id: string): unknown;
  readonly size: number;
}

/** Called by a Room when it holds a board's document. */
export function registerLoadedBoard(boardId: string, doc: Y.Doc): void {
  registry().set(boardId, doc);
}

/** Called by a Room when it lets its document go (only forgets that same document). */
export function forgetLoadedBoard(boardId: string, doc: Y.Doc): void {
  if (registry().get(boardId) === doc) registry().delete(boardId);
}

/** The live records of a board loaded in this process, or null when it is not loaded here. Read them synchronously. */
export function loadedBoardRecords(boardId: string): BoardRecordLookup | null {
  return registry().get(boardId)?.getMap(RECORDS_MAP) ?? null;
}
