import type Database from 'better-sqlite3';

export interface SourceFiles {
  /** Records each file's hash (replacing an older one), stamped with `importedAt`. */
  put(hashes: ReadonlyMap<string, string>, importedAt: string): void;
  all(): Map<string, string>;
  /** Forgets files (deleted from a folder that was imported): if one comes back it is read again. */
  forget(paths: readonly string[]): void;
}

export function prepareSourceFiles(db: Database.Database): SourceFiles {
  const upsert = db.prepare<[string, string, string]>(`
    INSERT INTO source_files (path, hash, imported_at) VALUES (?, ?, ?)
    ON CONFLICT (path) DO UPDATE SET hash = excluded.hash, imported_at = excluded.imported_at`);
  const select = db.prepare<[], { path: string; hash: string }>('SELECT path, hash FROM source_files');
  const remove = db.prepare<[string]>('DELETE FROM source_files WHERE path = ?');

  return {
    put(hashes, importedAt) {
      for (const [path, hash] of hashes) upsert.run(path, hash, importedAt);
    },
    all() {
      return new Map(select.all().map((row) => [row.path, row.hash]));
    },
    forget(paths) {
      for (const path of paths) remove.run(path);
    },
  };
}
