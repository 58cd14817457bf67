import type { Post } from '../../model/post.js';
import { attachRowPeriods, PERIOD_COLUMNS, rowToIndexEntry, rowToPost, type PeriodColumns, type PostIndexRow, type PostRow } from '../rows/post-rows.js';
import type { PostIndexEntry, PostQuery } from '../store.js';
import type { Queryable } from './connection.js';
import { postSql } from './post-query.js';

export interface PostReads {
  get(id: string): Promise<Post | undefined>;
  getMany(ids: readonly string[]): Promise<Post[]>;
  list(query: PostQuery): Promise<Post[]>;
  count(query: PostQuery): Promise<number>;
  index(): Promise<PostIndexEntry[]>;
  importTimes(): Promise<Map<string, string>>;
}

/** A post's row with its stored period keys beside it. */
interface KeyedPostRow extends PostRow, PeriodColumns {}

const NEWEST_FIRST = 'ORDER BY p.published_ms DESC, p.sequence ASC, p.id ASC';

/** A post's sources as one JSON array (text, read by the same mapper as SQLite's), in the order they were given. */
const SOURCES = `COALESCE((
  SELECT json_agg(json_build_object(
    'file', s.file, 'format', s.format, 'line', s.line, 'slot', s.slot, 'hash', s.hash
  ) ORDER BY s.position)
  FROM post_sources AS s WHERE s.post_id = p.id
)::text, '[]') AS sources`;

const POST_COLUMNS = `p.id, p.slug, p.url, p.title, p.title_derived, p.published, p.updated,
  p.sequence, p.author, p.summary, p.word_count, p.reading_minutes, p.themes, p.tags, p.fingerprint,
  p.text, p.html, p.expires, p.permalink, ${SOURCES}, w.at AS withdrawn_at, w.reason AS withdrawn_reason, w.cause AS withdrawn_cause,
  ${PERIOD_COLUMNS}`;

const JOINED = 'LEFT JOIN post_withdrawals AS w ON w.post_id = p.id LEFT JOIN post_periods AS k ON k.post_id = p.id';

const INDEX = `
  SELECT p.id, p.fingerprint, p.slug, p.published, COALESCE((
    SELECT json_agg(json_build_object('file', s.file, 'slot', s.slot, 'hash', s.hash, 'format', s.format) ORDER BY s.position)
    FROM post_sources AS s WHERE s.post_id = p.id
  )::text, '[]') AS sources, w.cause AS withdrawn_cause
  FROM posts AS p LEFT JOIN post_withdrawals AS w ON w.post_id = p.id ${NEWEST_FIRST}`;

function keyedPost(row: KeyedPostRow): Post {
  return attachRowPeriods(rowToPost(row), row);
}

/**
 * The read side of the posts tables on PostgreSQL. Each read is one
 * statement (one snapshot, one round trip): a listing picks the page's ids
 * in order from the listing index, then joins the whole posts, their
 * withdrawals and period keys to them.
 */
export function postgresPostReads(db: Queryable): PostReads {
  return {
    async get(id) {
      const { rows } = await db.query<KeyedPostRow>(`SELECT ${POST_COLUMNS} FROM posts AS p ${JOINED} WHERE p.id = $1`, [id]);
      return rows[0] === undefined ? undefined : keyedPost(rows[0]);
    },
    async getMany(ids) {
      if (ids.length === 0) return [];
      const { rows } = await db.query<KeyedPostRow>(`SELECT ${POST_COLUMNS} FROM posts AS p ${JOINED} WHERE p.id = ANY($1::text[])`, [[...ids]]);
      const byId = new Map(rows.map((row) => [row.id, row]));
      // In the order asked, each once, missing ones left out (as SQLite's).
      return [...new Set(ids)].flatMap((id) => {
        const row = byId.get(id);
        return row === undefined ? [] : [keyedPost(row)];
      });
    },
    async list(query) {
      const sql = postSql(query);
      const { rows } = await db.query<KeyedPostRow>(
        `SELECT ${POST_COLUMNS} FROM (${sql.pageIds}) AS page JOIN posts AS p ON p.id = page.id ${JOINED} ${NEWEST_FIRST}`,
        [...sql.params, ...sql.page],
      );
      return rows.map(keyedPost);
    },
    async count(query) {
      const sql = postSql(query);
      const { rows } = await db.query<{ n: number }>(sql.count, sql.params);
      return rows[0]?.n ?? 0;
    },
    async index() {
      const { rows } = await db.query<PostIndexRow>(INDEX);
      return rows.map(rowToIndexEntry);
    },
    async importTimes() {
      const { rows } = await db.query<{ id: string; imported_at: string }>('SELECT id, imported_at FROM posts WHERE imported_at IS NOT NULL');
      return new Map(rows.map((row) => [row.id, row.imported_at]));
    },
  };
}
