import { postsPerFile, SOURCE_FILE_COLUMNS, sourceFileRecord, type SourceFileRow } from '../rows/source-file-rows.js';
import type { SourceFileRecord } from '../store.js';
import type { Queryable } from './connection.js';

/** source_files on PostgreSQL: the hash and stamp of every source file a committed import read, by path. */
export const postgresSourceFiles = {
  /** Records each file's hash and stamp (replacing what was recorded of it), stamped with `importedAt`, in one statement. */
  async put(db: Queryable, files: ReadonlyMap<string, SourceFileRecord>, importedAt: string): Promise<void> {
    if (files.size === 0) return;
    const records = [...files.values()];
    await db.query(
      `INSERT INTO source_files (path, hash, stamp, imported_at)
       SELECT u.path, u.hash, u.stamp, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS u(path, hash, stamp) ORDER BY u.path
       ON CONFLICT (path) DO UPDATE SET hash = excluded.hash, stamp = excluded.stamp, imported_at = excluded.imported_at`,
      [[...files.keys()], records.map((file) => file.hash), records.map((file) => file.stamp ?? null), importedAt],
    );
  },

  /** Store.sourceFiles. */
  async all(db: Queryable, paths?: readonly string[]): Promise<Map<string, SourceFileRecord>> {
    const { rows } =
      paths === undefined
        ? await db.query<SourceFileRow>(`SELECT ${SOURCE_FILE_COLUMNS} FROM source_files`)
        : await db.query<SourceFileRow>(`SELECT ${SOURCE_FILE_COLUMNS} FROM source_files WHERE path = ANY($1::text[])`, [[...paths]]);
    return new Map(rows.map((row) => [row.path, sourceFileRecord(row)]));
  },

  /** Store.postsPerSourceFile. */
  async postCounts(db: Queryable, paths?: readonly string[]): Promise<Map<string, number>> {
    const { rows } =
      paths === undefined
        ? await db.query<{ file: string; n: string }>(postsPerFile())
        : await db.query<{ file: string; n: string }>(postsPerFile('WHERE file = ANY($1::text[])'), [[...paths]]);
    return new Map(rows.map((row) => [row.file, Number(row.n)]));
  },

  /** Forgets files (deleted from a folder that was imported): if one comes back it is read again. */
  async forget(db: Queryable, paths: readonly string[]): Promise<void> {
    if (paths.length > 0) await db.query('DELETE FROM source_files WHERE path = ANY($1::text[])', [[...paths]]);
  },
};
