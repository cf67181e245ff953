import * as Y from 'yjs';
import { COMMENTS_MAP, META_MAP, REACTIONS_MAP, RECORDS_MAP } from '../../lib/collab-protocol';

/** The root types a board's document has (lib/collab-protocol.ts); a client may write no other. */
const BOARD_ROOT_TYPES: ReadonlySet<string> = new Set([RECORDS_MAP, META_MAP, REACTIONS_MAP, COMMENTS_MAP]);

/**
 * A root type name longer than this is refused outright: a short one is applied and emptied again
 * (clearRootTypes), which leaves its name in the document.
 */
const FOREIGN_ROOT_NAME_MAX_CHARS = 64;

/** Bounds on one client update, checked before Yjs applies it (see DEFAULT_REALTIME_LIMITS). */
export interface UpdateGuardLimits {
  /** Structs (items, GC and skip runs) one update may carry. */
  updateStructsMax: number;
  /** Deleted ranges one update's delete set may list. */
  updateDeleteRangesMax: number;
}

/** What an update writes, as far as the server must know before applying it. */
export interface UpdateInspection {
  /** Root types outside the board's layout that the update writes into. */
  foreignRoots: string[];
  /** Whether it carries new content (items), as opposed to only deletions. */
  addsContent: boolean;
}

/**
 * Decodes a client's update without applying it and checks its shape: throws (the socket is then
 * closed as malformed) when it is not a Yjs v1 update (yjs#479, #498) or lists more structs or
 * deleted ranges than any real client sends. Applying costs Yjs a few microseconds per struct and
 * per range, so a 4 MB message of nothing but tiny ranges would hold the event loop, and every
 * other board, for seconds (yjs#687's family); run lengths themselves are cheap here (a GC run
 * of 2^30 applies in about a millisecond). Decoding an edit costs tens of microseconds.
 */
export function inspectUpdate(update: Uint8Array, limits: UpdateGuardLimits): UpdateInspection {
  const { structs, ds } = Y.decodeUpdate(update);
  if (structs.length > limits.updateStructsMax) throw new Error(`Update carries ${structs.length} structs`);
  const foreign = new Set<string>();
  let addsContent = false;
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    addsContent ||= !(struct.content instanceof Y.ContentDeleted);
    // Items at the top of a root type name it; nested items name their parent item instead.
    const parent = struct.parent as unknown;
    if (typeof parent !== 'string' || BOARD_ROOT_TYPES.has(parent)) continue;
    if (parent.length > FOREIGN_ROOT_NAME_MAX_CHARS) throw new Error('Update writes a root type with a long name');
    foreign.add(parent);
  }
  let ranges = 0;
  for (const list of ds.clients.values()) ranges += list.length;
  if (ranges > limits.updateDeleteRangesMax) throw new Error(`Update lists ${ranges} deleted ranges`);
  return { foreignRoots: Array.from(foreign), addsContent };
}

/**
 * Deletes everything in the given root types, as a server repair: content a client wrote outside
 * the board's layout is then dropped from the doc (garbage-collected) in the same batch, so it is
 * neither stored nor relayed, while the client's clock stays continuous.
 */
export function clearRootTypes(doc: Y.Doc, names: readonly string[], origin: unknown): void {
  doc.transact((transaction) => {
    for (const name of names) {
      const type = doc.share.get(name);
      if (!type) continue;
      for (let item = type._start; item; item = item.right) if (!item.deleted) item.delete(transaction);
      for (const item of type._map.values()) if (!item.deleted) item.delete(transaction);
    }
  }, origin);
}
