import type { Post } from './post.js';

/**
 * A post's state at a moment:
 * - published: up, and dated at or before now;
 * - scheduled: dated after now (written ahead): out of feeds, pages and
 *   roundups until then; the first build (or scheduler run) after puts it in;
 * - expired: past its `expires` (Hugo `expiryDate`): out again;
 * - withdrawn: taken down (see Post.withdrawn), whatever its dates.
 * Only published posts appear in feeds, pages and roundups. Pure.
 */
export type PostState = 'published' | 'scheduled' | 'expired' | 'withdrawn';

export function postState(post: Post, now: Date): PostState {
  if (post.withdrawn !== undefined) return 'withdrawn';
  const ms = now.getTime();
  if (Date.parse(post.published) > ms) return 'scheduled';
  if (post.expires !== undefined && Date.parse(post.expires) <= ms) return 'expired';
  return 'published';
}

/**
 * The posts to publish at `now`, in their order. An `updated` in the future
 * (a source that says it was edited tomorrow) is read as `published`, so
 * that no feed's date is ever in the future and the output stays the same
 * build after build until that time comes. `future: true` (`tidings build
 * --future`) lets scheduled posts in, as they are, for a look.
 */
export function livePosts(posts: readonly Post[], now: Date, options: { future?: boolean } = {}): Post[] {
  const ms = now.getTime();
  const live: Post[] = [];
  for (const post of posts) {
    const state = postState(post, now);
    if (state === 'published') live.push(Date.parse(post.updated) > ms ? { ...post, updated: post.published } : post);
    else if (state === 'scheduled' && options.future) live.push(post);
  }
  return live;
}

/** The posts waiting for their date, soonest first. */
export function scheduledPosts(posts: readonly Post[], now: Date): Post[] {
  return posts.filter((p) => postState(p, now) === 'scheduled').sort((a, b) => Date.parse(a.published) - Date.parse(b.published));
}
