import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** How long a writer waits for another process's lock before giving up. */
export const BUSY_TIMEOUT_MS = 5_000;

/** True for the paths SQLite keeps in memory instead of on disk. */
export function isInMemory(path: string): boolean {
  return path === ':memory:' || path === '';
}

/**
 * Opens (creating it and its folder on first use) the SQLite database at
 * `path` with the settings every tidings connection runs with: WAL journal
 * (readers never block the writer, and a crash mid-write leaves the file
 * whole), a busy timeout, and foreign keys enforced.
 */
export function openDatabase(path: string): Database.Database {
  if (!isInMemory(path)) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
