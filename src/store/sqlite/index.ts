import { TidingsError } from '../../errors.js';
import type { Store } from '../store.js';
import { openDatabase } from './connection.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations.js';
import { createSqliteStore } from './sqlite-store.js';

/**
 * Opens the SQLite store at `path` (':memory:' for a throwaway one),
 * creating the file and its folder on first use and bringing its schema up
 * to date. Refuses a store written by a newer tidings. Failures are
 * TidingsErrors naming the file.
 */
export async function openSqliteStore(path: string): Promise<Store> {
  let db;
  try {
    db = openDatabase(path);
  } catch (error) {
    throw openError(path, error);
  }
  try {
    migrate(db, MIGRATIONS);
    return createSqliteStore(db);
  } catch (error) {
    db.close();
    throw openError(path, error);
  }
}

function openError(path: string, error: unknown): TidingsError {
  const reason = error instanceof Error ? error.message : String(error);
  return new TidingsError(`cannot open the store ${path}: ${reason}`, { cause: error });
}
