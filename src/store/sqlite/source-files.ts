import type Database from 'better-sqlite3';
import { postsPerFile, SOURCE_FILE_COLUMNS, sourceFileRecord, type SourceFileRow } from '../rows/source-file-rows.js';
import type { SourceFileRecord } from '../store.js';

export interface SourceFiles {
  /** Records each file's hash and stamp (replacing what was recorded of it), stamped with `importedAt`. */
  put(files: ReadonlyMap<string, SourceFileRecord>, importedAt: string): void;
  /** Store.sourceFiles. */
  all(paths?: readonly string[]): Map<string, SourceFileRecord>;
  /** Store.postsPerSourceFile. */
  postCounts(paths?: readonly string[]): Map<string, number>;
  /** Forgets files (deleted from a folder that was imported): if one comes back it is read again. */
  forget(paths: readonly string[]): void;
}

export function prepareSourceFiles(db: Database.Database): SourceFiles {
  const upsert = db.prepare<[string, string, string | null, string]>(`
    INSERT INTO source_files (path, hash, stamp, imported_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (path) DO UPDATE SET hash = excluded.hash, stamp = excluded.stamp, imported_at = excluded.imported_at`);
  const select = db.prepare<[], SourceFileRow>(`SELECT ${SOURCE_FILE_COLUMNS} FROM source_files`);
  const selectSome = db.prepare<[string], SourceFileRow>(`SELECT ${SOURCE_FILE_COLUMNS} FROM source_files WHERE path IN (SELECT value FROM json_each(?))`);
  const remove = db.prepare<[string]>('DELETE FROM source_files WHERE path = ?');
  const counts = db.prepare<[], { file: string; n: number }>(postsPerFile());
  const countsOfSome = db.prepare<[string], { file: string; n: number }>(postsPerFile('WHERE file IN (SELECT value FROM json_each(?))'));

  return {
    put(files, importedAt) {
      for (const [path, file] of files) upsert.run(path, file.hash, file.stamp ?? null, importedAt);
    },
    all(paths) {
      const rows = paths === undefined ? select.all() : selectSome.all(JSON.stringify(paths));
      return new Map(rows.map((row) => [row.path, sourceFileRecord(row)]));
    },
    postCounts(paths) {
      const rows = paths === undefined ? counts.all() : countsOfSome.all(JSON.stringify(paths));
      return new Map(rows.map((row) => [row.file, row.n]));
    },
    forget(paths) {
      for (const path of paths) remove.run(path);
    },
  };
}

