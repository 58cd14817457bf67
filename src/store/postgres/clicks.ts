import type { ClickStore } from '../click-store.js';
import { CLICK_ORDER, CLICK_SELECT, rowToClickCount, type ClickRow } from '../rows/click-rows.js';
import { instant } from '../sqlite/clock.js';
import type { Db } from './connection.js';

/** A foreign key the reader's counter pointed at was gone by the time it was written. */
const FOREIGN_KEY_VIOLATION = '23503';

/**
 * Click counters, added to in the database (INSERT … ON CONFLICT DO UPDATE
 * SET clicks = clicks + 1), never read and written back: clicks counted by
 * any number of servers at once all count.
 */
export function postgresClicks(db: Db): ClickStore {
  const count = (click: Parameters<ClickStore['countClick']>[0], at: string) =>
    db.transaction(async (client) => {
      await client.query(
        `INSERT INTO clicks AS c (issue_id, post_id, url, clicks, first_at, last_at) VALUES ($1, $2, $3, 1, $4, $4)
         ON CONFLICT (issue_id, post_id) DO UPDATE SET clicks = c.clicks + 1, url = excluded.url, last_at = excluded.last_at`,
        [click.issueId, click.postId, click.url, at],
      );
      if (click.subscriberId === undefined) return;
      // Only for a subscriber still stored: a removed one's clicks are not kept against their id.
      await client.query(
        `INSERT INTO reader_clicks AS r (issue_id, post_id, subscriber_id, clicks, last_at)
           SELECT $1, $2, $3::bigint, 1, $4 WHERE EXISTS (SELECT 1 FROM subscribers WHERE id = $3::bigint)
         ON CONFLICT (issue_id, post_id, subscriber_id) DO UPDATE SET clicks = r.clicks + 1, last_at = excluded.last_at`,
        [click.issueId, click.postId, click.subscriberId, at],
      );
    });
  return {
    async countClick(click, options = {}) {
      const at = instant(options.now).iso;
      try {
        await count(click, at);
      } catch (error) {
        // The subscriber was removed between the check and the write: count the click again, now without them.
        if ((error as { code?: string }).code !== FOREIGN_KEY_VIOLATION) throw error;
        await count(click, at);
      }
    },
    async clickCounts(query = {}) {
      const rows =
        query.issueId === undefined
          ? await db.query<ClickRow>(`${CLICK_SELECT} ${CLICK_ORDER}`)
          : await db.query<ClickRow>(`${CLICK_SELECT} WHERE c.issue_id = $1 ${CLICK_ORDER}`, [query.issueId]);
      return rows.rows.map(rowToClickCount);
    },
  };
}
