import type { Post } from './post.js';

/**
 * A post's period keys, worked out once (at import, or at the first build
 * after the site's time zone changed) and kept in the store (post_periods):
 * the ISO week (`2020-W53`), the day (`2020-12-31`) and the month
 * (`2020-12`) its `published` instant falls in, in `zone`. `published` is
 * the instant they were worked out from: keys whose zone or instant differ
 * from the post's are stale, and are not used.
 */
export interface PeriodKeys {
  readonly zone: string;
  readonly published: string;
  readonly weekly: string;
  readonly daily: string;
  readonly monthly: string;
}

/**
 * The keys travel beside the Post, not in it: the store attaches them as it
 * reads a post, planning looks them up, and a Post compared, copied or
 * written out is the same as before. A copy (`{ ...post }`) has no keys and
 * is planned the slow way, with the same result.
 */
const attached = new WeakMap<Post, PeriodKeys>();

export function attachPeriodKeys(post: Post, keys: PeriodKeys): void {
  attached.set(post, keys);
}

/** The post's keys for `zone`, when they were worked out from its current date in that zone. */
export function periodKeysOf(post: Post, zone: string): PeriodKeys | undefined {
  const keys = attached.get(post);
  return keys !== undefined && keys.zone === zone && keys.published === post.published ? keys : undefined;
}
