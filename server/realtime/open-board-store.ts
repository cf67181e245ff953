import { databaseFilePath, databaseKind, databaseUrl } from '../db/location';
import type { BoardStore } from './board-store';
import { createPostgresBoardStore } from './postgres-board-store';
import { createSqliteBoardStore } from './sqlite-board-store';

/** A board store a server owns: close it after the realtime server. */
export interface ClosableBoardStore extends BoardStore {
  close(): Promise<void>;
}

/**
 * The board store for the database at `url` (DATABASE_URL by default): PostgreSQL on its own
 * pool with group commit, or SQLite on better-sqlite3 in a worker thread. Both keep board blobs
 * out of Prisma (bytes without conversion) and their commits off the event loop.
 */
export function openBoardStore(url = databaseUrl()): ClosableBoardStore {
  return databaseKind(url) === 'postgresql' ? createPostgresBoardStore(url) : createSqliteBoardStore(databaseFilePath(url));
}
