import { TidingsError } from '../../errors.js';
import { openPool, redactUrl, type Db } from '../postgres/connection.js';
import { migratePostgres, pendingMigrations } from '../postgres/migrate.js';
import { POSTGRES_MIGRATIONS } from '../postgres/migrations.js';
import { SCHEMA_VERSION, type SchemaStep } from '../schema-migrations.js';
import { copyInto, refuseNotEmpty, targetCounts } from './postgres-target.js';
import { openSqliteSource } from './sqlite-source.js';

export interface TableCopy {
  name: string;
  /** Rows in the source (with dryRun: the rows that would be copied). */
  rows: number;
}

export interface CopyReport {
  source: string;
  target: string;
  version: number;
  /** Migrations the target was (with dryRun: would be) brought up to date with first. */
  migrations: SchemaStep[];
  tables: TableCopy[];
  /** Set after a copy: every table holds as many rows in the target as in the source. */
  verified: boolean;
}

/**
 * Copies the SQLite store at `sourcePath` into the PostgreSQL store at
 * `targetUrl`: every table, every row, ids kept, in one transaction.
 * Refuses (InputError, nothing written) a source that is no tidings store
 * or not at this tidings' schema, and a target that holds rows. The target
 * is first brought to the current schema. With `dryRun`, only checks and
 * counts. Afterwards the rows are counted on both sides again.
 */
export async function copySqliteToPostgres(sourcePath: string, targetUrl: string, options: { dryRun?: boolean } = {}): Promise<CopyReport> {
  const target = redactUrl(targetUrl);
  const source = openSqliteSource(sourcePath, SCHEMA_VERSION);
  let db: Db | undefined;
  try {
    db = openPool(targetUrl, { max: 2 });
    const names = source.tables.map((table) => table.name);
    const pending = await pendingMigrations(db, POSTGRES_MIGRATIONS);
    refuseNotEmpty(await targetCounts(db, names), target);
    const tables = source.tables.map((table) => ({ name: table.name, rows: source.count(table) }));
    const report: CopyReport = { source: sourcePath, target, version: source.version, migrations: pending.map(({ version, name }) => ({ version, name })), tables, verified: false };
    if (options.dryRun === true) return report;

    await migratePostgres(db, POSTGRES_MIGRATIONS);
    await db.transaction(async (client) => {
      // Checked before the commit too: a copy that does not match is rolled back.
      verify(report.tables, await copyInto(client, source, target), 'copied');
      verify(report.tables, await targetCounts(client, names), 'in the target');
    });
    verify(report.tables, await targetCounts(db, names), 'in the target after the commit');
    return { ...report, verified: true };
  } catch (error) {
    if (error instanceof TidingsError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new TidingsError(`cannot copy ${sourcePath} into ${target}: ${reason}`, { cause: error });
  } finally {
    source.close();
    await db?.close();
  }
}

function verify(expected: readonly TableCopy[], found: ReadonlyMap<string, number>, what: string): void {
  const differ = expected.filter((table) => found.get(table.name) !== table.rows);
  if (differ.length === 0) return;
  const listed = differ.map((table) => `${table.name}: ${table.rows} in the source, ${found.get(table.name) ?? 'none'} ${what}`).join('; ');
  throw new TidingsError(`the copy does not match its source: ${listed}`);
}
