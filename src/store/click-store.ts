/**
 * Click counts (engagement.clicks): one counter per issue and post, and,
 * only when the publisher counts per subscriber, one per issue, post and
 * subscriber. Nothing else about a reader is kept: no opens, no times of
 * day, no addresses (a subscriber's counters go with their row).
 */
export interface ClickCount {
  issueId: string;
  postId: string;
  /** The address the link went to. */
  url: string;
  clicks: number;
  /** Subscribers whose clicks were counted for this post (0 when none were counted per subscriber). */
  readers: number;
  /** ISO instants of the first and the latest click. */
  firstAt: string;
  lastAt: string;
}

export interface ClickInput {
  issueId: string;
  postId: string;
  url: string;
  /** Counted for this subscriber too when given and still stored. */
  subscriberId?: number;
}

export interface ClickStore {
  /** One more click on a post's link in an issue: one upsert per counter, in one transaction; `now` defaults to the clock. */
  countClick(click: ClickInput, options?: { now?: string }): Promise<void>;
  /** The counters, newest issue first, then most clicked; only one issue's when `issueId` is given. */
  clickCounts(query?: { issueId?: string }): Promise<ClickCount[]>;
}
