import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { TidingsError } from '../errors.js';
import { describeStoreLocation, type StoreLocation } from './open.js';
import { openPool } from './postgres/connection.js';
import { migratePostgres, pendingMigrations } from './postgres/migrate.js';
import { POSTGRES_MIGRATIONS } from './postgres/migrations.js';
import { isInMemory, openDatabase } from './sqlite/connection.js';
import { migrate } from './sqlite/migrate.js';
import { MIGRATIONS, type Migration } from './sqlite/migrations.js';
import { pendingSqliteMigrations } from './sqlite/pending-migrations.js';

/** What `tidings migrate` reports: the schema migrations by number and name. */
export type SchemaStep = Pick<Migration, 'version' | 'name'>;

/** The migrations a store is at, in both engines: the same numbers. */
export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

const step = ({ version, name }: Migration): SchemaStep => ({ version, name });

/** The migrations the store at `location` has yet to run, found without changing it (a store not made yet: all of them). */
export async function pendingStoreMigrations(location: StoreLocation): Promise<SchemaStep[]> {
  return withStoreErrors(location, async () => {
    if (location.kind === 'postgres') {
      const db = openPool(location.url, { max: 1 });
      try {
        return (await pendingMigrations(db, POSTGRES_MIGRATIONS)).map(step);
      } finally {
        await db.close();
      }
    }
    if (isInMemory(location.path) || !existsSync(location.path)) return MIGRATIONS.map(step);
    const db = new Database(location.path, { readonly: true, fileMustExist: true });
    try {
      return pendingSqliteMigrations(db, MIGRATIONS).map(step);
    } finally {
      db.close();
    }
  });
}

/** Brings the store at `location` to the current schema (making it when new); returns the migrations it applied. */
export async function applyStoreMigrations(location: StoreLocation): Promise<SchemaStep[]> {
  return withStoreErrors(location, async () => {
    if (location.kind === 'postgres') {
      const db = openPool(location.url, { max: 1 });
      try {
        const applied = new Set(await migratePostgres(db, POSTGRES_MIGRATIONS));
        return POSTGRES_MIGRATIONS.filter((migration) => applied.has(migration.version)).map(step);
      } finally {
        await db.close();
      }
    }
    const db = openDatabase(location.path);
    try {
      const applied = new Set(migrate(db, MIGRATIONS));
      return MIGRATIONS.filter((migration) => applied.has(migration.version)).map(step);
    } finally {
      db.close();
    }
  });
}

async function withStoreErrors<T>(location: StoreLocation, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof TidingsError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new TidingsError(`cannot migrate the store ${describeStoreLocation(location)}: ${reason}`, { cause: error });
  }
}
