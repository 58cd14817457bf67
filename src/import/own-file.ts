/**
 * A Markdown file is a post of its own. Its id derives from its fingerprint
 * (local date + opening words) when it states none, so two different files
 * with the same date and the same opening words (a series of notes that
 * open alike, a Hugo blog's two "Weekly links" posts of one day) got one
 * id and were merged into one post, silently. Now posts from two Markdown
 * files are never joined by fingerprint or by a fingerprint-derived id,
 * unless the files are copies (the same bytes: the same post met twice):
 *
 * - in one import, the posts that share such an id are ordered by file; the
 *   first keeps the id (so nothing already stored, and no store made again
 *   from the same files, sees another id), each other file gets
 *   `sha256(fingerprint + its file name)` (`ownId`);
 * - against the store, an id held by a stored post whose Markdown file is
 *   another one, still there, is taken: the incoming file gets its own id.
 *   A stored post whose file is gone (moved or renamed) is free: the file
 *   met at its new path keeps the post and its id, as before.
 *
 * Ids of posts already stored never change: an edit is found through its
 * source slot, and only a file that would have collided gets a new id.
 * A Markdown post and a post of another format (a text export, a feed item
 * without an id) that share a fingerprint are still one post.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { ID_LENGTH, postId } from '../normalise/post-id.js';
import type { Post } from '../model/post.js';
import type { SourceRef } from '../model/raw-post.js';
import type { PostIndexEntry } from '../store/store.js';

type Source = Pick<SourceRef, 'file' | 'format' | 'hash'>;

/** A post's Markdown file (the first by path when copies of one file were joined); undefined for any other post. */
export function markdownFile(sources: readonly Pick<SourceRef, 'file' | 'format'>[]): string | undefined {
  let first: string | undefined;
  for (const s of sources) if (s.format === 'markdown' && (first === undefined || s.file < first)) first = s.file;
  return first;
}

/** What a post's Markdown files hold (the sha256 of their bytes): copies of one file hold the same. */
export function markdownContent(sources: readonly Source[]): string | undefined {
  const file = markdownFile(sources);
  return file === undefined ? undefined : sources.find((s) => s.format === 'markdown' && s.file === file)?.hash;
}

/** The Markdown files among a stored post's sources. */
function markdownFiles(entry: Pick<PostIndexEntry, 'sources'>): string[] {
  return entry.sources.filter((s) => s.format === 'markdown').map((s) => s.file);
}

/** The id of a Markdown file whose fingerprint-derived id another file holds: the fingerprint and the file's name (`n` from 2 when names repeat). */
export function ownId(fingerprint: string, file: string, n = 1): string {
  const parts = file.split(/[\\/]/);
  const base = parts.at(-1) ?? file;
  const name = /^_?index\.[^.]+$/i.test(base) && parts.length > 1 ? `${parts.at(-2) ?? ''}/${base}` : base;
  const key = `${fingerprint}\u0000file:${name}${n > 1 ? `\u0000${n}` : ''}`;
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, ID_LENGTH);
}

/** Whether the post's id is the one its fingerprint gives (it states no id of its own). */
function derivedId(post: Post): boolean {
  return post.id === postId(undefined, post.fingerprint);
}

/**
 * The posts of one import (copies of one file already joined by
 * fingerprint), each Markdown file that is not a copy with an id no other
 * file holds. `stillThere` says whether a stored post's file is still
 * there (not deleted or moved away).
 */
export function ownFileIds(posts: readonly Post[], index: readonly PostIndexEntry[], stillThere: (file: string) => boolean): Post[] {
  const byId = new Map<string, PostIndexEntry>(index.map((e) => [e.id, e]));
  const taken = new Set<string>(byId.keys());
  const groups = new Map<string, Post[]>();
  for (const post of posts) {
    if (markdownFile(post.sources) === undefined) continue;
    const group = groups.get(post.id);
    if (group) group.push(post);
    else groups.set(post.id, [post]);
  }
  const renamed = new Map<Post, Post>();
  for (const [id, group] of groups) {
    const stored = byId.get(id);
    // One file and no stored post with its id: nothing to share it with (the usual case, decided without hashing).
    if (group.length === 1 && stored === undefined) continue;
    if (!group.every(derivedId)) continue;
    const storedFiles = stored === undefined ? [] : markdownFiles(stored);
    const sorted = [...group].sort((a, b) => ((markdownFile(a.sources) ?? '') < (markdownFile(b.sources) ?? '') ? -1 : 1));
    // The stored post's own file (or a copy of it) keeps the id; else, when it holds the id from another file that is
    // still there, nobody does; else (no stored post, one from another format, or its file gone) the first by path.
    const own = sorted.find((p) => p.sources.some((s) => s.format === 'markdown' && (storedFiles.includes(s.file) || stored?.sources.some((t) => t.format === 'markdown' && t.hash === s.hash))));
    const held = own === undefined && storedFiles.length > 0 && storedFiles.some(stillThere);
    const keeper = own ?? (held ? undefined : sorted[0]);
    for (const post of sorted) {
      if (post === keeper) continue;
      const file = markdownFile(post.sources) ?? '';
      let n = 1;
      let fresh = ownId(post.fingerprint, file, n);
      while (taken.has(fresh) && !isOwn(byId.get(fresh), file)) fresh = ownId(post.fingerprint, file, ++n);
      taken.add(fresh);
      renamed.set(post, { ...post, id: fresh });
    }
  }
  return renamed.size === 0 ? [...posts] : posts.map((p) => renamed.get(p) ?? p);
}

/** A stored post that is this file's own (its id was given to this file before). */
function isOwn(entry: PostIndexEntry | undefined, file: string): boolean {
  return entry !== undefined && markdownFiles(entry).includes(file);
}

/** Two posts read from different Markdown files that are not copies of each other (which are never one post). */
export function differentFiles(a: readonly Source[], b: readonly Source[]): boolean {
  const ma = a.filter((s) => s.format === 'markdown');
  const mb = b.filter((s) => s.format === 'markdown');
  if (ma.length === 0 || mb.length === 0) return false;
  return !ma.some((s) => mb.some((t) => path.normalize(t.file) === path.normalize(s.file) || t.hash === s.hash));
}
