import { instantMs } from '../rows/post-rows.js';
import { postPage } from '../sqlite/post-query.js';
import type { PostQuery } from '../store.js';

/**
 * A PostQuery as PostgreSQL (the same filters and order as
 * sqlite/post-query.ts, with $n parameters). With a theme it reads
 * post_themes, which carries each post's listing order; instants are
 * compared by their *_ms numbers, ties broken by sequence then id (COLLATE
 * "C": code point order, as in SQLite).
 */
export interface PostSql {
  /** `SELECT id … ORDER BY … LIMIT … OFFSET …`: the ids of a page, newest first. */
  pageIds: string;
  /** `SELECT count(*) AS n …`: how many posts match, whatever the page. */
  count: string;
  /** Parameters of `count`; `pageIds` takes these then limit and offset. */
  params: unknown[];
  /** Limit (null: none) and offset, to append to `params` for `pageIds`. */
  page: [number | null, number];
}

export function postSql(query: PostQuery): PostSql {
  const byTheme = query.theme !== undefined;
  const from = byTheme ? 'post_themes AS x' : 'posts AS x';
  const id = byTheme ? 'x.post_id' : 'x.id';
  const clauses: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  if (query.theme !== undefined) clauses.push(`x.theme = ${param(query.theme)}`);
  if (query.since !== undefined) clauses.push(`x.published_ms >= ${param(instantMs(query.since, 'since'))}`);
  if (query.until !== undefined) clauses.push(`x.published_ms < ${param(instantMs(query.until, 'until'))}`);
  if (query.withdrawn === undefined) clauses.push(`NOT EXISTS (SELECT 1 FROM post_withdrawals AS w WHERE w.post_id = ${id})`);
  else if (query.withdrawn === 'only') clauses.push(`EXISTS (SELECT 1 FROM post_withdrawals AS w WHERE w.post_id = ${id})`);
  const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
  const { limit, offset } = postPage(query);
  return {
    pageIds: `SELECT ${id} AS id FROM ${from} ${where}
      ORDER BY x.published_ms DESC, x.sequence ASC, ${id} ASC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    count: `SELECT count(*) AS n FROM ${from} ${where}`,
    params,
    page: [limit < 0 ? null : limit, offset],
  };
}
