import type { Post } from '../model/post.js';

/**
 * Reverse chronological order, the store's order: published (newest first),
 * then sequence (as the source listed them), then id. Total, so that every
 * build lists the same posts in the same order.
 */
export function newestFirst(posts: readonly Post[]): Post[] {
  const keyed = posts.map((post) => ({ post, ms: Date.parse(post.published) }));
  keyed.sort((a, b) => {
    if (a.ms !== b.ms) return b.ms - a.ms;
    if (a.post.sequence !== b.post.sequence) return a.post.sequence - b.post.sequence;
    return a.post.id < b.post.id ? -1 : a.post.id > b.post.id ? 1 : 0;
  });
  return keyed.map((k) => k.post);
}
