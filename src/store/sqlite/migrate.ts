import type Database from 'better-sqlite3';
import type { Migration } from './migrations.js';

const CREATE_LEDGER = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at TEXT    NOT NULL
  ) STRICT`;

/**
 * Brings the database up to the last of `migrations`: each one not yet
 * recorded in schema_migrations runs in its own transaction together with
 * its record, so a failure leaves the store at the previous version. Refuses
 * a store that has a version this list does not know (written by a newer
 * tidings). Returns the versions it applied (none for an up-to-date store).
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[],
  now: () => Date = () => new Date(),
): number[] {
  checkOrder(migrations);
  db.exec(CREATE_LEDGER);
  refuseNewer(db, migrations);

  const isApplied = db.prepare<[number], { version: number }>(
    'SELECT version FROM schema_migrations WHERE version = ?',
  );
  const record = db.prepare<[number, string, string]>(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  const applyOne = db.transaction((migration: Migration): boolean => {
    // Checked again inside the write lock: another process may have applied it meanwhile.
    if (isApplied.get(migration.version)) return false;
    db.exec(migration.up);
    migration.fill?.(db);
    record.run(migration.version, migration.name, now().toISOString());
    return true;
  });

  const applied: number[] = [];
  for (const migration of migrations) {
    if (isApplied.get(migration.version)) continue;
    try {
      if (applyOne.immediate(migration)) applied.push(migration.version);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`schema migration ${migration.version} (${migration.name}) failed: ${reason}`, {
        cause: error,
      });
    }
  }
  return applied;
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `schema migrations must be numbered 1, 2, 3… in order: found version ${migration.version} at position ${index + 1}`,
      );
    }
  });
}

function refuseNewer(db: Database.Database, migrations: readonly Migration[]): void {
  const known = new Set(migrations.map((migration) => migration.version));
  const versions = db
    .prepare<[], { version: number }>('SELECT version FROM schema_migrations ORDER BY version')
    .all()
    .map((row) => row.version);
  const unknown = versions.filter((version) => !known.has(version));
  if (unknown.length > 0) {
    const newest = Math.max(...versions);
    throw new Error(`this store was written by a newer tidings (schema ${newest}); upgrade tidings`);
  }
}
