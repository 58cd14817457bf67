import type { Post } from '../../model/post.js';
import { postParams, type PostParams } from '../rows/post-rows.js';
import type { Queryable } from './connection.js';
import { chunks, unnestRows, type Column } from './unnest.js';

/** A post ready to write: its columns (dates checked), and the post for its sources and themes. */
export interface PostToWrite {
  post: Post;
  params: PostParams;
}

/**
 * The columns of each post, worked out before anything is written: a post
 * that cannot be stored (a date that is not an instant, a field that
 * throws as it is read) is named, as SQLite's writer names it.
 */
export function postsToWrite(posts: readonly Post[]): PostToWrite[] {
  return posts.map((post) => {
    try {
      const params = postParams(post);
      refuseNul(params, post);
      return { post, params };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`cannot store post ${post.id}: ${reason}`, { cause: error });
    }
  });
}

/**
 * PostgreSQL text cannot hold U+0000 (SQLite's can). Normalisation strips
 * control characters from a post's text, so one here is a bug upstream:
 * named, with its field, rather than the server's "invalid byte sequence".
 */
function refuseNul(params: PostParams, post: Post): void {
  const holds = (value: unknown): boolean => typeof value === 'string' && value.includes('\u0000');
  let found = false;
  for (const key in params) if (holds(params[key as keyof PostParams])) found = true;
  for (const source of post.sources) if (holds(source.file) || holds(source.slot) || holds(source.hash) || holds(source.format)) found = true;
  if (!found) return;
  const fields = Object.entries(params).filter(([, value]) => holds(value)).map(([name]) => name);
  const where = [...fields, ...(post.sources.some((source) => Object.values(source).some(holds)) ? ['sources'] : [])];
  throw new Error(`${where.join(', ')} ${where.length === 1 ? 'holds' : 'hold'} a NUL character (U+0000), which PostgreSQL text cannot store`);
}

const text = (name: keyof PostParams): Column<PostParams> => ({ name, type: 'text', value: (row) => row[name] as string | null });
const int = (name: keyof PostParams): Column<PostParams> => ({ name, type: 'int', value: (row) => row[name] as number });

const POST_COLUMNS: readonly Column<PostParams>[] = [
  text('id'), text('slug'), text('url'), text('title'), int('title_derived'), text('published'),
  { name: 'published_ms', type: 'int8', value: (row) => row.published_ms },
  text('updated'), int('sequence'), text('author'), text('summary'), int('word_count'),
  { name: 'reading_minutes', type: 'float8', value: (row) => row.reading_minutes },
  text('themes'), text('tags'), text('fingerprint'), text('text'), text('html'), text('expires'), text('permalink'),
];

interface SourceRow {
  post_id: string;
  position: number;
  file: string;
  format: string;
  line: number;
  slot: string;
  hash: string;
}

const SOURCE_COLUMNS: readonly Column<SourceRow>[] = [
  { name: 'post_id', type: 'text', value: (row) => row.post_id },
  { name: 'position', type: 'int', value: (row) => row.position },
  { name: 'file', type: 'text', value: (row) => row.file },
  { name: 'format', type: 'text', value: (row) => row.format },
  { name: 'line', type: 'int', value: (row) => row.line },
  { name: 'slot', type: 'text', value: (row) => row.slot },
  { name: 'hash', type: 'text', value: (row) => row.hash },
];

interface ThemeRow {
  post_id: string;
  theme: string;
  published_ms: number;
  sequence: number;
}

const THEME_COLUMNS: readonly Column<ThemeRow>[] = [
  { name: 'post_id', type: 'text', value: (row) => row.post_id },
  { name: 'theme', type: 'text', value: (row) => row.theme },
  { name: 'published_ms', type: 'int8', value: (row) => row.published_ms },
  { name: 'sequence', type: 'int', value: (row) => row.sequence },
];

/** Posts per statement, and about how many bytes of them: a few megabytes a round trip. */
const CHUNK_POSTS = 1_000;
const CHUNK_BYTES = 8 * 1024 * 1024;
const postBytes = ({ params }: PostToWrite): number => params.html.length + params.text.length + params.summary.length + 512;

/**
 * Writes posts whole, in bulk: per chunk of posts, one upsert of their
 * rows, one delete and one insert of their sources, one delete and one
 * insert of their themes (five statements for up to a thousand posts). A
 * source (file, slot) held by another post moves to the one written, as in
 * SQLite; a new row is stamped with `importedAt`, which later writes keep.
 * Rows go in id order, so that two writers lock them in the same order.
 * Must run inside the caller's transaction.
 */
export async function writePosts(client: Queryable, posts: readonly PostToWrite[], importedAt: string): Promise<void> {
  const sorted = [...posts].sort((a, b) => (a.params.id < b.params.id ? -1 : a.params.id > b.params.id ? 1 : 0));
  for (const chunk of chunks(sorted, CHUNK_POSTS, CHUNK_BYTES, postBytes)) {
    const ids = chunk.map(({ params }) => params.id);

    const rows = unnestRows(POST_COLUMNS, chunk.map(({ params }) => params), 2);
    await client.query(
      `INSERT INTO posts (${POST_COLUMNS.map((column) => column.name).join(', ')}, imported_at)
       SELECT u.*, $1::text FROM ${rows.from}
       ON CONFLICT (id) DO UPDATE SET
         ${POST_COLUMNS.filter((column) => column.name !== 'id').map((column) => `${column.name} = excluded.${column.name}`).join(', ')}`,
      [importedAt, ...rows.params],
    );

    const sources = chunk.flatMap(({ post }) =>
      post.sources.map((source, position) => ({
        post_id: post.id, position, file: source.file, format: source.format, line: source.line, slot: source.slot, hash: source.hash,
      })),
    );
    await client.query('DELETE FROM post_sources WHERE post_id = ANY($1::text[])', [ids]);
    if (sources.length > 0) {
      const from = unnestRows(SOURCE_COLUMNS, sources);
      await client.query(
        `INSERT INTO post_sources (post_id, position, file, format, line, slot, hash)
         SELECT * FROM ${from.from}
         ON CONFLICT (file, slot) DO UPDATE SET
           post_id = excluded.post_id, position = excluded.position, format = excluded.format,
           line = excluded.line, hash = excluded.hash`,
        from.params,
      );
    }

    const themes = chunk.flatMap(({ post, params }) =>
      [...new Set(post.themes)].map((theme) => ({ post_id: post.id, theme, published_ms: params.published_ms, sequence: post.sequence })),
    );
    await client.query('DELETE FROM post_themes WHERE post_id = ANY($1::text[])', [ids]);
    if (themes.length > 0) {
      const from = unnestRows(THEME_COLUMNS, themes);
      await client.query(`INSERT INTO post_themes (post_id, theme, published_ms, sequence) SELECT * FROM ${from.from}`, from.params);
    }
  }
}
