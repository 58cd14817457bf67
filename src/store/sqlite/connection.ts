import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { makeDirectorySync } from '../../files/make-dir.js';

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
  if (!isInMemory(path)) makeDirectorySync(dirname(path));
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Switching to WAL needs an exclusive lock and SQLite does not call the busy
    // handler for it: when several processes open a new store at once, retry.
    retryWhileBusy(() => db.pragma('journal_mode = WAL'));
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Runs `fn`, retrying for up to BUSY_TIMEOUT_MS while SQLite answers SQLITE_BUSY. */
function retryWhileBusy<T>(fn: () => T): T {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      return fn();
    } catch (error) {
      const busy = (error as { code?: string }).code === 'SQLITE_BUSY';
      if (!busy || Date.now() > deadline) throw error;
      Atomics.wait(pause, 0, 0, 10 + Math.floor(Math.random() * 20));
    }
  }
}
