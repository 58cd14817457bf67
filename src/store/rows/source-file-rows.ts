import type { SourceFileRecord } from '../store.js';

/** A source_files row as both engines return it (stamp NULL: none recorded, migration 20). */
export interface SourceFileRow {
  path: string;
  hash: string;
  stamp: string | null;
}

export const SOURCE_FILE_COLUMNS = 'path, hash, stamp';

/** What the Store gives of a source_files row: no stamp property when none was recorded. */
export function sourceFileRecord(row: SourceFileRow): SourceFileRecord {
  return row.stamp === null ? { hash: row.hash } : { hash: row.hash, stamp: row.stamp };
}

/** Each source file with the number of posts it is a source of (Store.postsPerSourceFile), the same SQL on both engines; `where` narrows it to some files. */
export const postsPerFile = (where = ''): string => `SELECT file, COUNT(DISTINCT post_id) AS n FROM post_sources ${where} GROUP BY file`;
