import type { ClickCount } from '../click-store.js';

/** A clicks row with its readers counted, as both stores read it. */
export interface ClickRow {
  issue_id: string;
  post_id: string;
  url: string;
  clicks: number;
  readers: number;
  first_at: string;
  last_at: string;
}

/** The counters with their readers (`FROM clicks c`), and their order: newest issue, then most clicked, then by post. */
export const CLICK_SELECT = `
    SELECT c.issue_id, c.post_id, c.url, c.clicks, c.first_at, c.last_at,
      (SELECT count(*) FROM reader_clicks r WHERE r.issue_id = c.issue_id AND r.post_id = c.post_id) AS readers
    FROM clicks c`;
export const CLICK_ORDER = 'ORDER BY c.issue_id DESC, c.clicks DESC, c.post_id';

export function rowToClickCount(row: ClickRow): ClickCount {
  return {
    issueId: row.issue_id,
    postId: row.post_id,
    url: row.url,
    clicks: row.clicks,
    readers: row.readers,
    firstAt: row.first_at,
    lastAt: row.last_at,
  };
}
