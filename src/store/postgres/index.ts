import { TidingsError } from '../../errors.js';
import type { Store } from '../store.js';
import { openPool, redactUrl } from './connection.js';
import { migratePostgres } from './migrate.js';
import { POSTGRES_MIGRATIONS } from './migrations.js';
import { createPostgresStore } from './postgres-store.js';

/**
 * Opens the PostgreSQL store at `url` (postgres://…), bringing its schema
 * up to date. Refuses a store written by a newer tidings. Failures are
 * TidingsErrors naming the database (its password left out).
 */
export async function openPostgresStore(url: string): Promise<Store> {
  const db = openPool(url);
  try {
    await migratePostgres(db, POSTGRES_MIGRATIONS);
    return createPostgresStore(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new TidingsError(`cannot open the store ${redactUrl(url)}: ${reason}`, { cause: error });
  }
}
