import type { PostQuery } from '../store.js';
import { instantMs } from '../rows/post-rows.js';

/**
 * A PostQuery as SQL over the listing indexes. With a theme it reads
 * post_themes (which carries each post's listing order), otherwise posts;
 * either way the ids come in listing order from an index alone. The SQL
 * depends only on which filters are set, so it doubles as a statement
 * cache key.
 */
export interface PostSql {
  /** The ids of a page of matching posts, newest first. */
  pageIds: string;
  /** How many posts match, whatever the page. */
  count: string;
  params: { theme?: string; since?: number; until?: number };
}

export interface PostPage {
  /** -1 means no limit (SQLite's spelling). */
  limit: number;
  offset: number;
}

export function postSql(query: PostQuery): PostSql {
  const byTheme = query.theme !== undefined;
  const from = byTheme ? 'post_themes AS x' : 'posts AS x';
  const id = byTheme ? 'x.post_id' : 'x.id';
  const clauses: string[] = [];
  const params: PostSql['params'] = {};
  if (query.theme !== undefined) {
    clauses.push('x.theme = @theme');
    params.theme = query.theme;
  }
  if (query.since !== undefined) {
    clauses.push('x.published_ms >= @since');
    params.since = instantMs(query.since, 'since');
  }
  if (query.until !== undefined) {
    clauses.push('x.published_ms < @until');
    params.until = instantMs(query.until, 'until');
  }
  // Withdrawn posts are few: the listing's index stays the one read, the withdrawals' key is looked up beside it.
  if (query.withdrawn === undefined) clauses.push(`${id} NOT IN (SELECT post_id FROM post_withdrawals)`);
  else if (query.withdrawn === 'only') clauses.push(`${id} IN (SELECT post_id FROM post_withdrawals)`);
  const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
  return {
    pageIds: `SELECT ${id} AS id FROM ${from} ${where}
      ORDER BY x.published_ms DESC, x.sequence ASC, ${id} ASC LIMIT @limit OFFSET @offset`,
    count: `SELECT count(*) AS n FROM ${from} ${where}`,
    params,
  };
}

/** The limit / offset part of a query. */
export function postPage(query: PostQuery): PostPage {
  return {
    limit: query.limit === undefined ? -1 : wholeNumber(query.limit, 'limit'),
    offset: query.offset === undefined ? 0 : wholeNumber(query.offset, 'offset'),
  };
}

function wholeNumber(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a whole number of 0 or more, not ${value}`);
  }
  return value;
}
