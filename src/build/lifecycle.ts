import type { Config } from '../config/schema.js';
import { postPeriodId } from '../digest/periods.js';
import type { Post } from '../model/post.js';
import { livePosts, postState } from '../model/post-state.js';
import { GONE_FILE, goneListText } from '../pages/gone.js';
import type { Store } from '../store/store.js';
import type { SiteFile, SiteLifecycle } from './site-files.js';

/**
 * The posts a build publishes at `now`, and those it needs because they
 * are not up: withdrawn (tombstones, 410s, the roundups already sent with
 * them) and expired (410s). A withdrawn post went out with a roundup when
 * that issue's record was sending or sent before the post was withdrawn.
 * `times`: the instants of the stored posts (published, updated, expires),
 * for the build's state (build-state.ts). `listed`: the store's
 * listPosts(), when the caller holds it already; else the posts are read
 * with lazy bodies, so the store must stay open while the build runs.
 */
export async function sitePosts(
  store: Pick<Store, 'listPosts' | 'getIssue'>,
  config: Config,
  now: Date,
  future: boolean,
  listed?: readonly Post[],
): Promise<{ posts: Post[]; lifecycle: SiteLifecycle; scheduled: number; times: string[] }> {
  // Bodies are read when rendered (store.ts, PostQuery.bodies): most of a build renders few posts.
  const stored = listed ?? (await store.listPosts({ bodies: 'lazy' }));
  const posts = livePosts(stored, now, { future });
  const scheduled = stored.filter((p) => postState(p, now) === 'scheduled').length;
  const expired = stored.filter((p) => postState(p, now) === 'expired');
  const withdrawn = await store.listPosts({ withdrawn: 'only', bodies: 'lazy' });
  const inSentIssues: Post[] = [];
  const { period } = config.digest;
  const { timeZone, language } = config.site;
  for (const post of withdrawn) {
    let issueId: string;
    try {
      issueId = postPeriodId(post, period, timeZone, language);
    } catch {
      continue;
    }
    const record = await store.getIssue(issueId);
    if (record === undefined || record.status === 'draft' || post.withdrawn === undefined) continue;
    if (Date.parse(record.createdAt) < Date.parse(post.withdrawn.at)) inSentIssues.push(post);
  }
  // Every instant at which a post's place could change by time alone (coming out, expiring, its future `updated` coming).
  const times = stored.flatMap((p) => [p.published, p.updated, ...(p.expires === undefined ? [] : [p.expires])]);
  return { posts, lifecycle: { withdrawn, expired, inSentIssues, now }, scheduled, times };
}

/** The gone list as a file of the site. */
export function goneFile(folders: readonly string[]): SiteFile {
  return { path: GONE_FILE, content: goneListText(folders), kind: 'page' };
}
