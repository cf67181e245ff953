import { isTemplatePromptId } from './templates';

/**
 * Shape locks, kept by the server: tldraw's own `isLocked` property, which only people who may
 * lock (facilitators, see `board.lock` in the permission table) may set or clear. For everyone
 * else a locked shape cannot be changed, deleted or copied, whatever their client sends; the room
 * puts refused records back (or takes them out) in the same batch (room.ts), so peers never see
 * the change.
 *
 * tldraw's own rule is wider (a shape inside a locked frame is locked too); the server keeps the
 * part that stops a template being moved or deleted: the locked shape itself.
 */

/** One key's change in a client's batch, with the value it was written with. */
export type RecordChange =
  | { action: 'add'; value: unknown }
  | { action: 'update'; oldValue: unknown; value: unknown }
  | { action: 'delete'; oldValue: unknown };

/** What the server must write back so a batch from someone who may not lock leaves locks alone. */
export interface LockRuling {
  /** Records put back exactly as they were before the batch (refused updates and deletions). */
  restore: Map<string, unknown>;
  /**
   * New shapes refused: copies of a locked shape (written locked: a duplicated or pasted frame
   * brings its locked prompt along) and shapes claiming a template prompt's id. A template's
   * parts are the facilitator's, so nobody else's copy of one may be credited to them.
   */
  refusedNew: Set<string>;
}

type ShapeLike = Record<string, unknown> & { typeName: 'shape' };

function asShape(value: unknown): ShapeLike | null {
  return typeof value === 'object' && value !== null && (value as { typeName?: unknown }).typeName === 'shape' ? (value as ShapeLike) : null;
}

function isLockedShape(value: unknown): boolean {
  return asShape(value)?.isLocked === true;
}

/**
 * Rules on one batch from someone who may not lock shapes:
 * - an update to a shape that was locked is refused (that includes unlocking it);
 * - an update that locks a shape is refused;
 * - a deletion that would take a locked shape away is refused for the whole deleted branch it
 *   belongs to: the locked shape, its ancestors deleted in the same batch (deleting a frame
 *   deletes its children, so the frame comes back with its prompt) and everything under them
 *   that went with them, so no restored shape is left without its parent;
 * - a new shape written locked (a copy of a locked shape), or with a template prompt's id, is
 *   refused.
 */
export function ruleOnShapeLocks(changes: ReadonlyMap<string, RecordChange>): LockRuling {
  const restore = new Map<string, unknown>();
  const refusedNew = new Set<string>();
  const deleted = new Map<string, unknown>();
  for (const [key, change] of changes) {
    if (change.action === 'delete') deleted.set(key, change.oldValue);
    else if (change.action === 'update') {
      if (asShape(change.oldValue) && (isLockedShape(change.oldValue) || isLockedShape(change.value))) restore.set(key, change.oldValue);
    } else if (asShape(change.value) && (isLockedShape(change.value) || isTemplatePromptId(key))) {
      refusedNew.add(key);
    }
  }
  for (const key of keptDeletions(deleted)) restore.set(key, deleted.get(key));
  return { restore, refusedNew: withAddedDescendants(refusedNew, changes) };
}

/** The refused new shapes and every shape added under them in the same batch, so none is left without its parent. */
function withAddedDescendants(refused: Set<string>, changes: ReadonlyMap<string, RecordChange>): Set<string> {
  if (refused.size === 0) return refused;
  const parentOf = new Map<string, string>();
  for (const [key, change] of changes) {
    const parentId = change.action === 'add' ? asShape(change.value)?.parentId : undefined;
    if (typeof parentId === 'string') parentOf.set(key, parentId);
  }
  const all = new Set(refused);
  const kept = new Set<string>();
  for (const key of parentOf.keys()) {
    // Up the chain of shapes added in this batch until a verdict is known. Steps are bounded by
    // the batch size, so parent cycles in crafted records cannot loop.
    const path: string[] = [];
    let k: string | undefined = key;
    while (k !== undefined && !all.has(k) && !kept.has(k) && path.length <= parentOf.size) {
      path.push(k);
      k = parentOf.get(k);
    }
    for (const step of path) (k !== undefined && all.has(k) ? all : kept).add(step);
  }
  return all;
}

/** The deleted records that must come back: see ruleOnShapeLocks. */
function keptDeletions(deleted: ReadonlyMap<string, unknown>): Set<string> {
  const kept = new Set<string>();
  const parentOf = (key: string): string | null => {
    const parentId = (deleted.get(key) as { parentId?: unknown } | null | undefined)?.parentId;
    return typeof parentId === 'string' && deleted.has(parentId) ? parentId : null;
  };
  // Each locked shape and the chain of its deleted ancestors. Steps are bounded by the batch
  // size, so parent cycles in crafted records cannot loop.
  for (const [key, oldValue] of deleted) {
    if (!isLockedShape(oldValue)) continue;
    for (let k: string | null = key, steps = 0; k && !kept.has(k) && steps <= deleted.size; k = parentOf(k), steps++) kept.add(k);
  }
  if (kept.size === 0) return kept;
  // Then everything deleted under a kept record.
  for (const key of deleted.keys()) {
    if (kept.has(key)) continue;
    for (let k = parentOf(key), steps = 0; k && steps <= deleted.size; k = parentOf(k), steps++) {
      if (kept.has(k)) {
        kept.add(key);
        break;
      }
    }
  }
  return kept;
}
