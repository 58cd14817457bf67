import type Database from 'better-sqlite3';
import type { Migration } from './migrations.js';

/**
 * The migrations of `migrations` a SQLite store has yet to run, in order,
 * read without writing (a store without a ledger has them all); throws when
 * it has a version this tidings does not know (a newer one wrote it).
 */
export function pendingSqliteMigrations(db: Database.Database, migrations: readonly Migration[]): Migration[] {
  const applied = appliedSqliteVersions(db);
  const known = new Set(migrations.map((migration) => migration.version));
  if (applied.some((version) => !known.has(version))) {
    throw new Error(`this store was written by a newer tidings (schema ${Math.max(...applied)}); upgrade tidings`);
  }
  const done = new Set(applied);
  return migrations.filter((migration) => !done.has(migration.version));
}

/** The versions recorded in schema_migrations, oldest first; none when there is no ledger. */
export function appliedSqliteVersions(db: Database.Database): number[] {
  const ledger = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if ((ledger?.n ?? 0) === 0) return [];
  return db
    .prepare<[], { version: number }>('SELECT version FROM schema_migrations ORDER BY version')
    .all()
    .map((row) => row.version);
}
