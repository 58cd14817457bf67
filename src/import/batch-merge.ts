import type { Post } from '../model/post.js';
import { markdownContent } from './own-file.js';
import { hasStatedId } from './stated-id.js';

type Merge = (a: Post, b: Post) => Post;

/**
 * Within one import, the same post met several times (in two files, or twice
 * in one) becomes one post: first by fingerprint (the same date and opening
 * words), then by id (the same stated id). Each group merges in a fixed order
 * (by first source), so the result does not depend on the order the files
 * were given in. Feed items with different stated ids are never merged by
 * fingerprint (see stated-id.ts): where a fingerprint is shared by items of
 * two or more ids, each id keeps its own post, and the posts without an id
 * that share it merge only with each other. Two Markdown files are never
 * one post either, unless they are copies (own-file.ts): where a fingerprint
 * is shared by several files of different content, each keeps its own post, and `ownIds` gives the ones that would
 * share an id one of their own before posts are merged by id.
 */
export function mergeWithinBatch(
  posts: readonly Post[],
  merge: Merge,
  ownIds: (posts: readonly Post[]) => Post[] = (p) => [...p],
): { posts: Post[]; merged: number } {
  const byFingerprint = mergeGroups(posts, fingerprintKey(posts), merge);
  const byId = mergeGroups(ownIds(byFingerprint.posts), (p) => p.id, merge);
  return { posts: byId.posts, merged: byFingerprint.merged + byId.merged };
}

/** The fingerprint, split by stated id where posts of several ids share it, and by file where several Markdown files do. */
function fingerprintKey(posts: readonly Post[]): (p: Post) => string {
  const idsOf = new Map<string, Set<string>>();
  const filesOf = new Map<string, Set<string>>();
  for (const p of posts) {
    const content = markdownContent(p.sources);
    if (content !== undefined) filesOf.set(p.fingerprint, (filesOf.get(p.fingerprint) ?? new Set<string>()).add(content));
    if (!hasStatedId(p.sources)) continue;
    const ids = idsOf.get(p.fingerprint) ?? new Set<string>();
    ids.add(p.id);
    idsOf.set(p.fingerprint, ids);
  }
  return (p) => {
    // Markdown files that are not copies of each other (another content) keep their own posts.
    const content = (filesOf.get(p.fingerprint)?.size ?? 0) > 1 ? markdownContent(p.sources) : undefined;
    const key = content === undefined ? p.fingerprint : `${p.fingerprint}\u0000file:${content}`;
    if ((idsOf.get(p.fingerprint)?.size ?? 0) <= 1) return key;
    return hasStatedId(p.sources) ? `${key}\u0000id:${p.id}` : `${key}\u0000no-id`;
  };
}

/** Merges the posts that share a key (undefined: never merged); keeps first-seen order of groups. */
export function mergeGroups(posts: readonly Post[], key: (p: Post) => string | undefined, merge: Merge): { posts: Post[]; merged: number } {
  const groups = new Map<string, Post[]>();
  const out: (Post | Post[])[] = [];
  for (const p of posts) {
    const k = key(p);
    const group = k === undefined ? undefined : groups.get(k);
    if (group) group.push(p);
    else {
      const fresh = [p];
      if (k !== undefined) groups.set(k, fresh);
      out.push(fresh);
    }
  }
  let merged = 0;
  const result = out.map((entry) => {
    const group = [...(entry as Post[])].sort(compareSource);
    merged += group.length - 1;
    return group.slice(1).reduce(merge, group[0]!);
  });
  return { posts: result, merged };
}

function compareSource(a: Post, b: Post): number {
  const ka = sourceKey(a);
  const kb = sourceKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function sourceKey(p: Post): string {
  const s = p.sources[0];
  return s ? `${s.file}\u0000${String(s.line).padStart(9, '0')}` : '';
}
