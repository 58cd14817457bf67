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
 */
export async function sitePosts(
  store: Pick<Store, 'listPosts' | 'getIssue'>,
  config: Config,
  now: Date,
  future: boolean,
): Promise<{ posts: Post[]; lifecycle: SiteLifecycle; scheduled: number }> {
  const stored = await store.listPosts();
  const posts = livePosts(stored, now, { future });
  const scheduled = stored.filter((p) => postState(p, now) === 'scheduled').length;
  const expired = stored.filter((p) => postState(p, now) === 'expired');
  const withdrawn = await store.listPosts({ withdrawn: 'only' });
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
  return { posts, lifecycle: { withdrawn, expired, inSentIssues, now }, scheduled };
}

/** The gone list as a file of the site. */
export function goneFile(folders: readonly string[]): SiteFile {
  return { path: GONE_FILE, content: goneListText(folders), kind: 'page' };
}
