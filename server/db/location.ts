import path from 'node:path';

/** Folder for the embedded database, secrets and the mail outbox. */
export function dataDir(): string {
  return path.resolve(process.env.DATA_DIR ?? 'data');
}

/**
 * The SQLite location as a `file:` URL. `DATABASE_URL` overrides the default
 * `data/together-board.db`.
 */
export function databaseFileUrl(): string {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) return fromEnv;
  return `file:${path.join(dataDir(), 'together-board.db')}`;
}

/** The filesystem path of a `file:` database URL. */
export function databaseFilePath(url = databaseFileUrl()): string {
  return url.replace(/^file:/, '');
}
