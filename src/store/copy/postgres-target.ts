import { InputError, TidingsError } from '../../errors.js';
import type { Queryable } from '../postgres/connection.js';
import { quote, type SourceTable, type SqliteSource } from './sqlite-source.js';

/** Most parameters in one statement: PostgreSQL takes up to 65,535. */
const MAX_PARAMETERS = 60_000;
/** Most rows in one INSERT. */
const MAX_BATCH_ROWS = 500;

/**
 * Rows per table that are in the target now, for the tables that exist there
 * (none for a database without the schema), in the order of `tables`: not
 * the catalog's, which an ALTER TABLE reshuffles.
 */
export async function targetCounts(db: Queryable, tables: readonly string[]): Promise<Map<string, number>> {
  const present = await db.query<{ name: string }>('SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename = ANY($1::text[])', [
    [...tables],
  ]);
  const found = new Set(present.rows.map((row) => row.name));
  const counts = new Map<string, number>();
  for (const name of tables.filter((table) => found.has(table))) {
    const counted = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${quote(name)}`);
    counts.set(name, counted.rows[0]?.n ?? 0);
  }
  return counts;
}

/** Refuses (exit 2) a target that holds rows in any of the tables to copy: a copy goes into an empty store only. */
export function refuseNotEmpty(counts: ReadonlyMap<string, number>, target: string): void {
  const held = [...counts].filter(([, n]) => n > 0);
  if (held.length === 0) return;
  const listed = held.map(([name, n]) => `${name} ${n}`).join(', ');
  throw new InputError(`the target store ${target} is not empty (rows: ${listed}): copy into a new, empty PostgreSQL database; nothing was copied`);
}

/**
 * Copies every table of `source`, in its order, into the target inside
 * the caller's transaction: the target's tables are locked against
 * writers and checked empty again first, then filled in batched multi-row
 * INSERTs with the ids kept, and each identity sequence set past the
 * highest id (or the highest SQLite ever gave, for a table that never
 * reuses one). Returns the rows copied per table.
 */
export async function copyInto(client: Queryable, source: SqliteSource, target: string): Promise<Map<string, number>> {
  const names = source.tables.map((table) => table.name);
  await checkColumns(client, source.tables);
  await client.query(`LOCK TABLE ${names.map(quote).join(', ')} IN EXCLUSIVE MODE`);
  refuseNotEmpty(await targetCounts(client, names), target);
  const copied = new Map<string, number>();
  for (const table of source.tables) {
    try {
      copied.set(table.name, await copyTable(client, source, table));
    } catch (error) {
      if (error instanceof TidingsError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new TidingsError(`cannot copy table ${table.name}: ${reason}; nothing was copied`, { cause: error });
    }
  }
  await setIdentities(client, source);
  return copied;
}

async function copyTable(client: Queryable, source: SqliteSource, table: SourceTable): Promise<number> {
  const width = table.columns.length;
  const batchRows = Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(MAX_PARAMETERS / width)));
  const head = `INSERT INTO ${quote(table.name)} (${table.columns.map(quote).join(', ')}) VALUES `;
  let batch: unknown[][] = [];
  let copied = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const tuples = batch.map((_, row) => `(${table.columns.map((__, column) => `$${row * width + column + 1}`).join(', ')})`);
    await client.query(head + tuples.join(', '), batch.flat());
    copied += batch.length;
    batch = [];
  };
  for (const row of source.rows(table)) {
    batch.push(row);
    if (batch.length >= batchRows) await flush();
  }
  await flush();
  return copied;
}

/** Every column the source has must be in the target (a target may have more: they take their defaults). */
async function checkColumns(client: Queryable, tables: readonly SourceTable[]): Promise<void> {
  const found = await client.query<{ table_name: string; column_name: string }>(
    'SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ANY($1::text[])',
    [tables.map((table) => table.name)],
  );
  const have = new Set(found.rows.map((row) => `${row.table_name}.${row.column_name}`));
  const missing = tables.flatMap((table) => table.columns.map((column) => `${table.name}.${column}`)).filter((column) => !have.has(column));
  if (missing.length > 0) throw new TidingsError(`the target's schema differs from the source's: it has no ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`);
}

async function setIdentities(client: Queryable, source: SqliteSource): Promise<void> {
  const identities = await client.query<{ table_name: string; column_name: string }>(
    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES' AND table_name = ANY($1::text[])",
    [source.tables.map((table) => table.name)],
  );
  for (const { table_name: table, column_name: column } of identities.rows) {
    const max = await client.query<{ n: number | null }>(`SELECT max(${quote(column)})::bigint AS n FROM ${quote(table)}`);
    const last = Math.max(max.rows[0]?.n ?? 0, source.lastId(table));
    // setval(…, last, true): the next id is last + 1; an empty table starts at 1.
    await client.query('SELECT setval(pg_get_serial_sequence($1, $2), $3, $4)', [quote(table), column, Math.max(last, 1), last > 0]);
  }
}
