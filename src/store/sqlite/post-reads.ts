import type Database from 'better-sqlite3';
import type { Post } from '../../model/post.js';
import type { PostIndexEntry, PostQuery } from '../store.js';
import { LAZY_BODY_COLUMNS, prepareLazyPosts, type LazyPostRow } from './lazy-posts.js';
import { postPage, postSql } from './post-query.js';
import { attachRowPeriods, PERIOD_COLUMNS, rowToIndexEntry, rowToPost, type PeriodColumns, type PostIndexRow, type PostRow } from '../rows/post-rows.js';

/** A post's row with its stored period keys beside it. */
interface KeyedPostRow extends PostRow, PeriodColumns {}

export interface PostReads {
  get(id: string): Post | undefined;
  getMany(ids: readonly string[]): Post[];
  list(query: PostQuery): Post[];
  count(query: PostQuery): number;
  index(): PostIndexEntry[];
  importTimes(): Map<string, string>;
}

const NEWEST_FIRST = 'ORDER BY p.published_ms DESC, p.sequence ASC, p.id ASC';

/** A post's sources as one JSON array, in the order they were given. */
const SOURCES = `(
  SELECT json_group_array(json_object(
    'file', s.file, 'format', s.format, 'line', s.line, 'slot', s.slot, 'hash', s.hash
  ) ORDER BY s.position)
  FROM post_sources AS s WHERE s.post_id = p.id
) AS sources`;

const HEAD_COLUMNS = `p.id, p.slug, p.url, p.title, p.title_derived, p.published, p.updated,
  p.sequence, p.author, p.summary, p.word_count, p.reading_minutes, p.themes, p.tags, p.fingerprint`;
const TAIL_COLUMNS = `p.expires, p.permalink, ${SOURCES}, w.at AS withdrawn_at, w.reason AS withdrawn_reason, w.cause AS withdrawn_cause, ${PERIOD_COLUMNS}`;
const POST_COLUMNS = `${HEAD_COLUMNS}, p.text, p.html, ${TAIL_COLUMNS}`;

/** A post with its withdrawal and its period keys (post_periods, migration 17), when it has them. */
const WITH_WITHDRAWAL = 'posts AS p LEFT JOIN post_withdrawals AS w ON w.post_id = p.id LEFT JOIN post_periods AS k ON k.post_id = p.id';

/**
 * The read side of the posts tables. A listing first picks the page's ids
 * in order (from the index alone, so sorting never drags whole posts
 * through a temporary table), then reads those posts; both steps run in one
 * read transaction, closed before the call returns.
 */
export function preparePostReads(db: Database.Database): PostReads {
  const getOne = db.prepare<[string], KeyedPostRow>(`SELECT ${POST_COLUMNS} FROM ${WITH_WITHDRAWAL} WHERE p.id = ?`);
  const getByIds = db.prepare<[string], KeyedPostRow>(
    `SELECT ${POST_COLUMNS} FROM ${WITH_WITHDRAWAL} WHERE p.id IN (SELECT value FROM json_each(?))`,
  );
  const getByIdsLazy = db.prepare<[string], LazyPostRow>(
    `SELECT ${HEAD_COLUMNS}, ${LAZY_BODY_COLUMNS}, ${TAIL_COLUMNS}
     FROM ${WITH_WITHDRAWAL} LEFT JOIN post_bodies AS b ON b.post_id = p.id WHERE p.id IN (SELECT value FROM json_each(?))`,
  );
  const lazyPost = prepareLazyPosts(db);
  const indexAll = db.prepare<[], PostIndexRow>(`
    SELECT p.id, p.fingerprint, p.slug, p.published, (
      SELECT json_group_array(json_object(
        'file', s.file, 'slot', s.slot, 'hash', s.hash, 'format', s.format
      ) ORDER BY s.position)
      FROM post_sources AS s WHERE s.post_id = p.id
    ) AS sources, (SELECT w.cause FROM post_withdrawals AS w WHERE w.post_id = p.id) AS withdrawn_cause
    FROM posts AS p ${NEWEST_FIRST}`);

  const imported = db.prepare<[], { id: string; imported_at: string }>('SELECT id, imported_at FROM posts WHERE imported_at IS NOT NULL');

  // One prepared statement per combination of filters set, made on first use.
  const pageIds = new Map<string, Database.Statement<[object], { id: string }>>();
  const counts = new Map<string, Database.Statement<[object], { n: number }>>();
  const cached = <R>(cache: Map<string, Database.Statement<[object], R>>, sql: string) => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = db.prepare<[object], R>(sql);
      cache.set(sql, statement);
    }
    return statement;
  };

  /** The posts with these ids, in this order (missing ones left out, repeats once); with lazy bodies (lazy-posts.ts) when asked. */
  const inOrder = (ids: readonly string[], bodies?: 'lazy'): Post[] => {
    const json = JSON.stringify(ids);
    const byId = new Map<string, Post>();
    if (bodies === 'lazy') for (const row of getByIdsLazy.all(json)) byId.set(row.id, lazyPost(row));
    else for (const row of getByIds.all(json)) byId.set(row.id, attachRowPeriods(rowToPost(row), row));
    const posts = [...new Set(ids)].flatMap((id) => {
      const post = byId.get(id);
      return post === undefined ? [] : [post];
    });
    return posts;
  };

  const list = db.transaction((query: PostQuery): Post[] => {
    const sql = postSql(query);
    const ids = cached(pageIds, sql.pageIds).all({ ...sql.params, ...postPage(query) });
    return inOrder(
      ids.map((row) => row.id),
      query.bodies,
    );
  });

  return {
    get(id) {
      const row = getOne.get(id);
      if (row === undefined) return undefined;
      return attachRowPeriods(rowToPost(row), row);
    },
    getMany: (ids) => inOrder(ids),
    list: (query) => list.deferred(query),
    count(query) {
      const sql = postSql(query);
      return cached(counts, sql.count).get(sql.params)?.n ?? 0;
    },
    index() {
      return indexAll.all().map(rowToIndexEntry);
    },
    importTimes() {
      return new Map(imported.all().map((row) => [row.id, row.imported_at]));
    },
  };
}
