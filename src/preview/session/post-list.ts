import type { ImportReport } from '../../import/run-import.js';
import type { Post } from '../../model/post.js';

/** What the preview reads its posts through (the store's own calls). */
export interface PostSource {
  listPosts(): Promise<Post[]>;
  getPosts(ids: readonly string[]): Promise<Post[]>;
  countPosts(): Promise<number>;
}

/**
 * The posts that are up, newest first, as the store lists them, kept
 * between refreshes: after an import of a few files only the posts it
 * touched are read again (10,000 posts are not read back for one saved
 * file). An import that may have touched posts it does not name (a merge,
 * a deleted file, a post restored) reads the whole list again, and so does
 * a patched list whose length is not the store's count.
 */
export interface PostList {
  /** The whole list read again (at start, after a config change). */
  reload(): Promise<readonly Post[]>;
  /** The list after this import: the posts it named read again, the rest kept. */
  after(report: ImportReport): Promise<readonly Post[]>;
}

export function postList(store: PostSource): PostList {
  let posts: readonly Post[] | undefined;
  const reload = async (): Promise<readonly Post[]> => {
    posts = await store.listPosts();
    return posts;
  };
  return {
    reload,
    async after(report) {
      const ids = touchedIds(report);
      if (posts === undefined || ids === null) return reload();
      if (ids.length === 0) return posts;
      const patched = patchPosts(posts, ids, await store.getPosts(ids));
      if (patched.length !== (await store.countPosts())) return reload();
      posts = patched;
      return posts;
    },
  };
}

/** The ids of the posts an import wrote or withdrew; null when it may have changed others too. Pure. */
export function touchedIds(report: ImportReport): string[] | null {
  const c = report.counts;
  if (c.merged > 0 || (c.restored ?? 0) > 0 || report.deletedFiles.length > 0) return null;
  return [...new Set([...report.decisions.map((d) => d.post.id), ...report.withdrawn.map((w) => w.id)])];
}

/** `posts` with the posts of `ids` replaced by `fresh` (those up), in the store's order: published desc, sequence, id. Pure. */
export function patchPosts(posts: readonly Post[], ids: readonly string[], fresh: readonly Post[]): Post[] {
  const replaced = new Set(ids);
  const all = [...posts.filter((p) => !replaced.has(p.id)), ...fresh.filter((p) => p.withdrawn === undefined)];
  const ms = new Map(all.map((p) => [p, Date.parse(p.published)]));
  return all.sort((a, b) => (ms.get(b) ?? 0) - (ms.get(a) ?? 0) || a.sequence - b.sequence || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
