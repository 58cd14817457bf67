import type { PostUrlChange } from '../store.js';
import type { Db } from './connection.js';

/**
 * Gives posts new addresses in one transaction; how many changes met a
 * post (as SQLite counts them: a post named twice counts twice, and the
 * last address given wins). The posts are locked first, in id order, so
 * that two builds doing this at once take turns instead of deadlocking,
 * and the count is of rows that are there until the commit.
 */
export async function setPostgresPostUrls(db: Db, changes: readonly PostUrlChange[]): Promise<number> {
  if (changes.length === 0) return 0;
  const last = new Map(changes.map((change) => [change.id, change.url]));
  return db.transaction(async (client) => {
    const { rows } = await client.query<{ id: string }>('SELECT id FROM posts WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', [[...last.keys()]]);
    const found = new Set(rows.map((row) => row.id));
    if (found.size === 0) return 0;
    await client.query(
      'UPDATE posts SET url = u.url FROM unnest($1::text[], $2::text[]) AS u(id, url) WHERE posts.id = u.id',
      [[...last.keys()], [...last.values()]],
    );
    return changes.filter((change) => found.has(change.id)).length;
  });
}
