import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { InputError } from '../../errors.js';
import { appliedSqliteVersions } from '../sqlite/pending-migrations.js';

/** One table of the source as the copy reads it: its columns, in order, from PRAGMA table_info. */
export interface SourceTable {
  name: string;
  columns: string[];
}

/**
 * A SQLite store opened read-only for a copy, in one read transaction (a
 * snapshot: a tidings still writing it cannot tear the copy), its tables
 * in an order where every table comes after those it refers to.
 */
export interface SqliteSource {
  path: string;
  version: number;
  tables: SourceTable[];
  count(table: SourceTable): number;
  rows(table: SourceTable): IterableIterator<unknown[]>;
  /** The highest id AUTOINCREMENT has handed out in `table` (deleted rows too), or 0. */
  lastId(table: string): number;
  close(): void;
}

/** Opens the store at `path` to copy it, refusing (exit 2) a missing file, a file that is not a tidings store, or one not at `version`. */
export function openSqliteSource(path: string, version: number): SqliteSource {
  if (!existsSync(path)) throw new InputError(`there is no SQLite store at ${path}: --from sqlite:PATH names the store file to copy (store.path of its config)`);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    db.exec('BEGIN');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError(`${path} is not a tidings store: ${reason}`);
  }
  try {
    const found = appliedSqliteVersions(db);
    if (found.length === 0) throw new InputError(`${path} is not a tidings store: it has no schema_migrations table`);
    const at = Math.max(...found);
    if (at > version) throw new InputError(`${path} was written by a newer tidings (schema ${at}, this tidings knows ${version}): upgrade tidings first`);
    if (at < version) {
      throw new InputError(
        `${path} is at schema ${at}, the target at ${version}: bring it up to date first with \`TIDINGS_STORE_URL=sqlite:${path} tidings migrate\` (opening it with tidings upgrades it), then copy again`,
      );
    }
    return source(db, path, at);
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Tables each engine keeps in its own way, never copied: the schema's
 * record, the content version (migration 19), and the posts' body facts
 * (migration 21), which only SQLite keeps, worked out from the posts.
 */
const ENGINE_TABLES = ['schema_migrations', 'content_version', 'post_bodies'];

function source(db: Database.Database, path: string, version: number): SqliteSource {
  const names = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
    .all()
    .map((row) => row.name)
    .filter((name) => !ENGINE_TABLES.includes(name));
  const refers = new Map(names.map((name) => [name, pragma<{ table: string }>(db, 'foreign_key_list', name).map((fk) => fk.table)]));
  const tables = dependencyOrder(names, refers).map((name) => ({ name, columns: pragma<{ name: string }>(db, 'table_info', name).map((column) => column.name) }));
  const hasSequence = names.length > 0 && db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").get() !== undefined;
  return {
    path,
    version,
    tables,
    count: (table) => db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${quote(table.name)}`).get()?.n ?? 0,
    rows: (table) => db.prepare(`SELECT ${table.columns.map(quote).join(', ')} FROM ${quote(table.name)}`).raw(true).iterate() as IterableIterator<unknown[]>,
    lastId: (table) => (hasSequence ? (db.prepare<[string], { seq: number }>('SELECT seq FROM sqlite_sequence WHERE name = ?').get(table)?.seq ?? 0) : 0),
    close() {
      if (db.inTransaction) db.exec('COMMIT');
      db.close();
    },
  };
}

/** Tables so that each comes after every table it refers to (a table referring to itself needs nothing before it). */
export function dependencyOrder(names: readonly string[], refers: ReadonlyMap<string, readonly string[]>): string[] {
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const visit = (name: string): void => {
    if (placed.has(name)) return;
    if (visiting.has(name)) throw new Error(`the tables refer to each other in a cycle through ${name}`);
    visiting.add(name);
    for (const other of refers.get(name) ?? []) if (other !== name && names.includes(other)) visit(other);
    visiting.delete(name);
    placed.add(name);
    ordered.push(name);
  };
  for (const name of names) visit(name);
  return ordered;
}

function pragma<R>(db: Database.Database, which: string, table: string): R[] {
  return db.prepare(`PRAGMA ${which}(${quote(table)})`).all() as R[];
}

export function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
