import type Database from 'better-sqlite3';
import { POSTS_PER_FILE, SOURCE_FILE_COLUMNS, sourceFileRecord, type SourceFileRow } from '../rows/source-file-rows.js';
import type { SourceFileRecord } from '../store.js';

export interface SourceFiles {
  /** Records each file's hash and stamp (replacing what was recorded of it), stamped with `importedAt`. */
  put(files: ReadonlyMap<string, SourceFileRecord>, importedAt: string): void;
  all(): Map<string, SourceFileRecord>;
  /** Store.postsPerSourceFile. */
  postCounts(): Map<string, number>;
  /** Forgets files (deleted from a folder that was imported): if one comes back it is read again. */
  forget(paths: readonly string[]): void;
}

export function prepareSourceFiles(db: Database.Database): SourceFiles {
  const upsert = db.prepare<[string, string, string | null, string]>(`
    INSERT INTO source_files (path, hash, stamp, imported_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (path) DO UPDATE SET hash = excluded.hash, stamp = excluded.stamp, imported_at = excluded.imported_at`);
  const select = db.prepare<[], SourceFileRow>(`SELECT ${SOURCE_FILE_COLUMNS} FROM source_files`);
  const remove = db.prepare<[string]>('DELETE FROM source_files WHERE path = ?');
  const counts = db.prepare<[], { file: string; n: number }>(POSTS_PER_FILE);

  return {
    put(files, importedAt) {
      for (const [path, file] of files) upsert.run(path, file.hash, file.stamp ?? null, importedAt);
    },
    all() {
      return new Map(select.all().map((row) => [row.path, sourceFileRecord(row)]));
    },
    postCounts() {
      return new Map(counts.all().map((row) => [row.file, row.n]));
    },
    forget(paths) {
      for (const path of paths) remove.run(path);
    },
  };
}

