import type Database from 'better-sqlite3';
import type { Post } from '../../model/post.js';
import { postParams, type PostParams } from './post-rows.js';

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

const UPSERT_POST = `
  INSERT INTO posts (${COLUMNS.join(', ')})
  VALUES (${COLUMNS.map((column) => `@${column}`).join(', ')})
  ON CONFLICT (id) DO UPDATE SET
    ${COLUMNS.filter((column) => column !== 'id').map((column) => `${column} = excluded.${column}`).join(',\n    ')}`;

/**
 * Writes one post whole: its row, then its sources and themes replacing the
 * old ones. A source (file, slot) held by another post moves to this one.
 * Must run inside the caller's transaction; the statements are prepared once.
 */
export function preparePostWriter(db: Database.Database): (post: Post) => void {
  const upsertPost = db.prepare<PostParams>(UPSERT_POST);
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

  return (post) => {
    const params = postParams(post);
    upsertPost.run(params);
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
