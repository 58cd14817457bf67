import type Database from 'better-sqlite3';
import type { Post } from '../../model/post.js';
import { bodyFactsOf } from '../../model/post-body.js';
import { postParams, type PostParams } from '../rows/post-rows.js';

interface SourceParams {
  post_id: string;
  position: number;
  file: string;
  format: string;
  line: number;
  slot: string;
  hash: string;
}

const COLUMNS = [
  'id', 'slug', 'url', 'title', 'title_derived', 'published', 'published_ms', 'updated', 'sequence',
  'author', 'summary', 'word_count', 'reading_minutes', 'themes', 'tags', 'fingerprint', 'text', 'html', 'expires',
  'permalink',
] as const satisfies readonly (keyof PostParams)[];

// imported_at is set when the row is first written and kept by every later write (an update, a merge).
const UPSERT_POST = `
  INSERT INTO posts (${COLUMNS.join(', ')}, imported_at)
  VALUES (${COLUMNS.map((column) => `@${column}`).join(', ')}, @imported_at)
  ON CONFLICT (id) DO UPDATE SET
    ${COLUMNS.filter((column) => column !== 'id').map((column) => `${column} = excluded.${column}`).join(',\n    ')}`;

/**
 * Writes one post whole: its row, then its sources and themes replacing the
 * old ones. A source (file, slot) held by another post moves to this one.
 * A new row is stamped with `importedAt` (the import's start), which later
 * writes keep; its body's facts (model/post-body.ts) are written beside it. Must run inside the caller's transaction; the statements are
 * prepared once.
 */
export function preparePostWriter(db: Database.Database): (post: Post, importedAt: string) => void {
  const upsertPost = db.prepare<PostParams & { imported_at: string }>(UPSERT_POST);
  const clearSources = db.prepare<[string]>('DELETE FROM post_sources WHERE post_id = ?');
  const putSource = db.prepare<SourceParams>(`
    INSERT INTO post_sources (post_id, position, file, format, line, slot, hash)
    VALUES (@post_id, @position, @file, @format, @line, @slot, @hash)
    ON CONFLICT (file, slot) DO UPDATE SET
      post_id = excluded.post_id, position = excluded.position, format = excluded.format,
      line = excluded.line, hash = excluded.hash`);
  const clearThemes = db.prepare<[string]>('DELETE FROM post_themes WHERE post_id = ?');
  const putTheme = db.prepare<[string, string, number, number]>(
    'INSERT OR IGNORE INTO post_themes (post_id, theme, published_ms, sequence) VALUES (?, ?, ?, ?)',
  );

  const putBody = db.prepare<[string, string, number]>('INSERT OR REPLACE INTO post_bodies (post_id, hash, relative_links) VALUES (?, ?, ?)');

  return (post, importedAt) => {
    const params = postParams(post);
    upsertPost.run({ ...params, imported_at: importedAt });
    const body = bodyFactsOf(post.html, post.text);
    putBody.run(post.id, body.hash, body.relativeLinks ? 1 : 0);
    clearSources.run(post.id);
    post.sources.forEach((source, position) => {
      putSource.run({
        post_id: post.id,
        position,
        file: source.file,
        format: source.format,
        line: source.line,
        slot: source.slot,
        hash: source.hash,
      });
    });
    clearThemes.run(post.id);
    for (const theme of post.themes) putTheme.run(post.id, theme, params.published_ms, post.sequence);
  };
}
