/**
 * Addresses follow the config: every post's address derived again from its
 * source's and the config's current rules (site.baseUrl, pages.permalink),
 * as each build does. Pure: returns the posts with their addresses and the
 * ones that moved; the caller stores those.
 */
import type { Config } from '../config/schema.js';
import type { Post } from '../model/post.js';
import type { PostUrlChange } from '../store/store.js';
import { postAddress } from './post-address.js';

export interface Readdressed {
  readonly posts: readonly Post[];
  /** Posts whose derived address differs from the stored one. */
  readonly moved: readonly PostUrlChange[];
}

export function readdress(posts: readonly Post[], config: Pick<Config, 'site' | 'pages'>): Readdressed {
  const moved: PostUrlChange[] = [];
  const out = posts.map((post) => {
    let url: string;
    try {
      url = postAddress(post, config).url;
    } catch {
      return post; // An unreadable date: the feeds report the post as they always have.
    }
    if (url === post.url) return post;
    moved.push({ id: post.id, url });
    return { ...post, url };
  });
  return { posts: out, moved };
}
