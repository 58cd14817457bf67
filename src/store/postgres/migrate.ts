import type { Migration } from '../sqlite/migrations.js';
import type { Db, Queryable } from './connection.js';

const CREATE_LEDGER = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at TEXT    NOT NULL
  )`;

/** One key for every tidings process: schema changes wait for each other, never interleave. */
const MIGRATION_LOCK = 7_464_650;

/** The versions recorded in the store, oldest first (none for a new database). */
async function appliedVersions(db: Queryable): Promise<number[]> {
  const exists = await db.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  if (exists.rows[0]?.present !== true) return [];
  const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
  return rows.rows.map((row) => row.version);
}

/**
 * The migrations of `migrations` a database has yet to run, in order; throws
 * when it has a version this tidings does not know (a newer one wrote it).
 */
export async function pendingMigrations(db: Queryable, migrations: readonly Migration[]): Promise<Migration[]> {
  const applied = await appliedVersions(db);
  refuseNewer(applied, migrations);
  const done = new Set(applied);
  return migrations.filter((migration) => !done.has(migration.version));
}

/**
 * Brings the database up to the last of `migrations`, each in its own
 * transaction with its record, under one advisory lock, so that two
 * processes opening a new store at once apply each migration once. Returns
 * the versions applied.
 */
export async function migratePostgres(db: Db, migrations: readonly Migration[], now: () => Date = () => new Date()): Promise<number[]> {
  checkOrder(migrations);
  const applied: number[] = [];
  for (const migration of migrations) {
    const ran = await db.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(CREATE_LEDGER);
      // Checked inside the lock: another process may have applied it meanwhile.
      const pending = await pendingMigrations(client, migrations);
      if (!pending.some((candidate) => candidate.version === migration.version)) return false;
      try {
        await client.query(migration.up);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`schema migration ${migration.version} (${migration.name}) failed: ${reason}`, { cause: error });
      }
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, now().toISOString()]);
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return applied;
}

function checkOrder(migrations: readonly Migration[]): void {
  const first = migrations[0]?.version ?? 1;
  migrations.forEach((migration, index) => {
    if (migration.version !== first + index) {
      throw new Error(`schema migrations must be numbered one after another: found version ${migration.version} at position ${index + 1}`);
    }
  });
}

function refuseNewer(applied: readonly number[], migrations: readonly Migration[]): void {
  const known = new Set(migrations.map((migration) => migration.version));
  const unknown = applied.filter((version) => !known.has(version));
  if (unknown.length > 0) throw new Error(`this store was written by a newer tidings (schema ${Math.max(...applied)}); upgrade tidings`);
}
