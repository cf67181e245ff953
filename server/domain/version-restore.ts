/**
 * What restoring an old version changes, record by record: every record of the old version
 * that is missing now or differs is written back whole, and every record present now but
 * absent from the old version is deleted. Pure: the caller turns it into one Yjs update.
 */
export interface RestoreChanges {
  /** Records to write, keyed by record id. */
  set: [string, unknown][];
  /** Record ids to delete. */
  remove: string[];
}

/** The changes that turn `current` back into `old` (both keyed by record id). */
export function restoreChanges(current: ReadonlyMap<string, unknown>, old: ReadonlyMap<string, unknown>): RestoreChanges {
  const set: [string, unknown][] = [];
  for (const [id, record] of old) {
    // Records are plain JSON replaced whole, so comparing their JSON is exact enough: at worst a
    // record with the same content in another key order is written again, which changes nothing.
    if (!current.has(id) || JSON.stringify(current.get(id)) !== JSON.stringify(record)) set.push([id, record]);
  }
  const remove = [...current.keys()].filter((id) => !old.has(id));
  return { set, remove };
}
