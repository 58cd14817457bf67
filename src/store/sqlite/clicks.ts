import type Database from 'better-sqlite3';
import type { ClickCount, ClickInput } from '../click-store.js';
import { CLICK_ORDER, CLICK_SELECT, rowToClickCount, type ClickRow } from '../rows/click-rows.js';
import { instant } from './clock.js';

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
  const all = db.prepare<[], ClickRow>(`${CLICK_SELECT} ${CLICK_ORDER}`);
  const ofIssue = db.prepare<[string], ClickRow>(`${CLICK_SELECT} WHERE c.issue_id = ? ${CLICK_ORDER}`);
  const count = db.transaction((click: ClickInput, at: string) => {
    bump.run(click.issueId, click.postId, click.url, at, at);
    if (click.subscriberId !== undefined) bumpReader.run(click.issueId, click.postId, click.subscriberId, at, click.subscriberId);
  });
  return {
    count: (click, now) => count.immediate(click, instant(now).iso),
    counts: (issueId) => (issueId === undefined ? all.all() : ofIssue.all(issueId)).map(rowToClickCount),
  };
}
