/**
 * This device's copies of boards: each opened board is kept in IndexedDB (y-indexeddb, one
 * database per board) so it opens offline, and the service worker keeps the app's pages. On a
 * shared computer those copies must not outlive the person's sign-in, but a copy holding changes
 * the server has not saved yet must never be thrown away: those are the only copy of someone's
 * words. So each board connection notes here whether its copy holds unsaved changes, and after
 * signing out every other copy is removed.
 */

/** The IndexedDB database of a board's copy on this device. */
export function boardCopyName(boardId: string): string {
  return `${BOARD_COPY_PREFIX}${boardId}`;
}
const BOARD_COPY_PREFIX = 'together-board:';
/** localStorage: the ids of boards whose copy here holds changes the server has not saved. */
const UNSAVED_KEY = 'together-board:unsaved-boards';
/** The service worker's caches (public/sw.js names them together-board-shell-v<N>). */
const SHELL_CACHE_PREFIX = 'together-board-shell';

function readUnsaved(): Set<string> {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(UNSAVED_KEY) ?? '[]');
    return new Set(Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : []);
  } catch {
    return new Set();
  }
}

function writeUnsaved(ids: Set<string>): void {
  try {
    if (ids.size === 0) localStorage.removeItem(UNSAVED_KEY);
    else localStorage.setItem(UNSAVED_KEY, JSON.stringify([...ids]));
  } catch {
    // Storage full or blocked: the copy is then kept at sign-out (see forgetBoardCopies).
  }
}

/** Notes whether this board's copy here holds changes the server has not saved yet. */
export function noteUnsavedChanges(boardId: string, unsaved: boolean): void {
  const ids = readUnsaved();
  if (ids.has(boardId) === unsaved) return;
  if (unsaved) ids.add(boardId);
  else ids.delete(boardId);
  writeUnsaved(ids);
}

/** How many boards on this device hold changes the server has not saved. */
export function unsavedBoardCount(): number {
  return readUnsaved().size;
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

/**
 * Removes this device's copies of boards, except those holding unsaved changes, and the
 * pages the service worker kept. Returns how many boards were kept because of unsaved changes.
 */
export async function forgetBoardCopies(): Promise<{ removed: number; kept: number }> {
  const unsaved = readUnsaved();
  let removed = 0;
  const databases = typeof indexedDB !== 'undefined' && indexedDB.databases ? await indexedDB.databases() : [];
  for (const { name } of databases) {
    if (!name?.startsWith(BOARD_COPY_PREFIX) || unsaved.has(name.slice(BOARD_COPY_PREFIX.length))) continue;
    await deleteDatabase(name);
    removed += 1;
  }
  if (typeof caches !== 'undefined') {
    for (const name of await caches.keys()) if (name.startsWith(SHELL_CACHE_PREFIX)) await caches.delete(name);
  }
  return { removed, kept: unsaved.size };
}
