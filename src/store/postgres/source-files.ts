import type { Queryable } from './connection.js';

/** source_files on PostgreSQL: the hash of every source file a committed import read, by path. */
export const postgresSourceFiles = {
  /** Records each file's hash (replacing an older one), stamped with `importedAt`, in one statement. */
  async put(db: Queryable, hashes: ReadonlyMap<string, string>, importedAt: string): Promise<void> {
    if (hashes.size === 0) return;
    await db.query(
      `INSERT INTO source_files (path, hash, imported_at)
       SELECT u.path, u.hash, $3 FROM unnest($1::text[], $2::text[]) AS u(path, hash) ORDER BY u.path
       ON CONFLICT (path) DO UPDATE SET hash = excluded.hash, imported_at = excluded.imported_at`,
      [[...hashes.keys()], [...hashes.values()], importedAt],
    );
  },

  async all(db: Queryable): Promise<Map<string, string>> {
    const { rows } = await db.query<{ path: string; hash: string }>('SELECT path, hash FROM source_files');
    return new Map(rows.map((row) => [row.path, row.hash]));
  },

  /** Forgets files (deleted from a folder that was imported): if one comes back it is read again. */
  async forget(db: Queryable, paths: readonly string[]): Promise<void> {
    if (paths.length > 0) await db.query('DELETE FROM source_files WHERE path = ANY($1::text[])', [[...paths]]);
  },
};
