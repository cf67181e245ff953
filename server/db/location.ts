import path from 'node:path';

/** Folder for the embedded database, secrets and the mail outbox. */
export function dataDir(): string {
  return path.resolve(process.env.DATA_DIR ?? 'data');
}

/**
 * The database URL: `DATABASE_URL` (a `file:` SQLite URL or a `postgresql://` one), else the
 * embedded SQLite file `data/together-board.db`.
 */
export function databaseUrl(): string {
  return process.env.DATABASE_URL || embeddedDatabaseUrl();
}

/** The embedded SQLite database: `data/together-board.db` (under DATA_DIR when set). */
export function embeddedDatabaseUrl(): string {
  return `file:${path.join(dataDir(), 'together-board.db')}`;
}

/** The two databases Together Board runs on. */
export type DatabaseKind = 'sqlite' | 'postgresql';

/** Which database a URL names; anything but `file:` and `postgres(ql)://` is a configuration error. */
export function databaseKind(url = databaseUrl()): DatabaseKind {
  if (/^postgres(ql)?:\/\//i.test(url)) return 'postgresql';
  if (url.startsWith('file:')) return 'sqlite';
  throw new Error('DATABASE_URL must be a file: URL (SQLite) or a postgresql:// URL');
}

/** The filesystem path of a `file:` database URL. */
export function databaseFilePath(url = databaseUrl()): string {
  return url.replace(/^file:/, '');
}
