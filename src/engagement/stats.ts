import type { Config } from '../config/schema.js';
import type { ClickCount, Store } from '../store/store.js';

/** Clicks per post per issue, as `tidings stats` prints them and the preview's panel shows them. */
export interface ClickStats {
  /** What the config counts now. */
  readonly counting: { readonly clicks: boolean; readonly perSubscriber: boolean };
  /** Newest issue first. */
  readonly issues: readonly IssueClicks[];
}

export interface IssueClicks {
  readonly issueId: string;
  /** The subject it was sent with; null when the store has no record of sending it. */
  readonly subject: string | null;
  readonly clicks: number;
  /** Most clicked first. */
  readonly posts: readonly PostClicks[];
}

export interface PostClicks {
  readonly postId: string;
  /** null for a post no longer stored. */
  readonly title: string | null;
  readonly url: string;
  readonly clicks: number;
  /** Subscribers counted for it (per-subscriber counting only; else 0). */
  readonly readers: number;
  readonly lastAt: string;
}

/** The counters of the store (one issue's when `issueId` is given), with the posts' titles and the issues' subjects. */
export async function clickStats(store: Pick<Store, 'clickCounts' | 'getPosts' | 'getIssue'>, config: Config, issueId?: string): Promise<ClickStats> {
  const counts = await store.clickCounts(issueId === undefined ? {} : { issueId });
  const titles = new Map((await store.getPosts([...new Set(counts.map((c) => c.postId))])).map((post) => [post.id, post.title]));
  const byIssue = new Map<string, ClickCount[]>();
  for (const count of counts) byIssue.set(count.issueId, [...(byIssue.get(count.issueId) ?? []), count]);
  const issues: IssueClicks[] = [];
  for (const [id, rows] of byIssue) {
    const record = await store.getIssue(id);
    issues.push({
      issueId: id,
      subject: record?.subject ?? null,
      clicks: rows.reduce((n, row) => n + row.clicks, 0),
      posts: rows.map((row) => ({ postId: row.postId, title: titles.get(row.postId) ?? null, url: row.url, clicks: row.clicks, readers: row.readers, lastAt: row.lastAt })),
    });
  }
  return { counting: { clicks: config.engagement.clicks, perSubscriber: config.engagement.clicks && config.engagement.perSubscriber }, issues };
}

/** The plain-text form: a line per issue, an indented line per post. */
export function formatClickStats(stats: ClickStats, issueId?: string): string {
  const lines: string[] = [];
  const { clicks, perSubscriber } = stats.counting;
  if (!clicks) lines.push('clicks are not counted: engagement.clicks is off in the config (links in roundups are the posts’ own addresses)');
  else lines.push(`counting clicks on the links to posts, per issue and post${perSubscriber ? ', and per subscriber' : ' (no subscriber is named)'}; never opens`);
  if (stats.issues.length === 0) {
    lines.push(issueId === undefined ? 'no clicks counted yet' : `no clicks counted for issue ${issueId}`);
    return lines.join('\n');
  }
  for (const issue of stats.issues) {
    const subject = issue.subject === null ? '' : ` "${issue.subject}"`;
    lines.push(`${issue.issueId}${subject}: ${plural(issue.clicks, 'click')} on ${plural(issue.posts.length, 'post')}`);
    const width = String(issue.posts[0]?.clicks ?? 0).length;
    for (const post of issue.posts) {
      const readers = perSubscriber || post.readers > 0 ? ` (${plural(post.readers, 'subscriber')})` : '';
      lines.push(`  ${String(post.clicks).padStart(width)}  ${post.title ?? '(post no longer stored)'}${readers}  ${post.url}`);
    }
  }
  return lines.join('\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
