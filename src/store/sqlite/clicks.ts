import type Database from 'better-sqlite3';
import type { ClickCount, ClickInput } from '../click-store.js';
import { instant } from './clock.js';

interface ClickRow {
  issue_id: string;
  post_id: string;
  url: string;
  clicks: number;
  readers: number;
  first_at: string;
  last_at: string;
}

export interface Clicks {
  count(click: ClickInput, now?: string): void;
  counts(issueId?: string): ClickCount[];
}

/** Counters are added to in the database (`clicks = clicks + 1`), never read and written back: two clicks at once both count. */
export function prepareClicks(db: Database.Database): Clicks {
  const bump = db.prepare<[string, string, string, string, string]>(`
    INSERT INTO clicks (issue_id, post_id, url, clicks, first_at, last_at) VALUES (?, ?, ?, 1, ?, ?)
    ON CONFLICT (issue_id, post_id) DO UPDATE SET clicks = clicks + 1, url = excluded.url, last_at = excluded.last_at`);
  // Only for a subscriber still stored: a removed one's clicks are not kept against their id.
  const bumpReader = db.prepare<[string, string, number, string, number]>(`
    INSERT INTO reader_clicks (issue_id, post_id, subscriber_id, clicks, last_at)
      SELECT ?, ?, ?, 1, ? WHERE EXISTS (SELECT 1 FROM subscribers WHERE id = ?)
    ON CONFLICT (issue_id, post_id, subscriber_id) DO UPDATE SET clicks = clicks + 1, last_at = excluded.last_at`);
  const select = `
    SELECT c.issue_id, c.post_id, c.url, c.clicks, c.first_at, c.last_at,
      (SELECT count(*) FROM reader_clicks r WHERE r.issue_id = c.issue_id AND r.post_id = c.post_id) AS readers
    FROM clicks c`;
  const order = 'ORDER BY c.issue_id DESC, c.clicks DESC, c.post_id';
  const all = db.prepare<[], ClickRow>(`${select} ${order}`);
  const ofIssue = db.prepare<[string], ClickRow>(`${select} WHERE c.issue_id = ? ${order}`);
  const count = db.transaction((click: ClickInput, at: string) => {
    bump.run(click.issueId, click.postId, click.url, at, at);
    if (click.subscriberId !== undefined) bumpReader.run(click.issueId, click.postId, click.subscriberId, at, click.subscriberId);
  });
  const toCount = (row: ClickRow): ClickCount => ({
    issueId: row.issue_id,
    postId: row.post_id,
    url: row.url,
    clicks: row.clicks,
    readers: row.readers,
    firstAt: row.first_at,
    lastAt: row.last_at,
  });
  return {
    count: (click, now) => count.immediate(click, instant(now).iso),
    counts: (issueId) => (issueId === undefined ? all.all() : ofIssue.all(issueId)).map(toCount),
  };
}
