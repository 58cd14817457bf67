import type { HubNoticeStore } from '../hub-notice-store.js';
import { KEPT_HUB_NOTICES, rowToHubNotice, type HubNoticeRow } from '../rows/hub-notice-rows.js';
import { instant } from '../sqlite/clock.js';
import type { Db } from './connection.js';

/** WebSub notices the hub did not take: one row per document URL, its failures counted in the database. */
export function postgresHubNotices(db: Db): HubNoticeStore {
  return {
    async keptHubNotices() {
      return (await db.query<HubNoticeRow>(KEPT_HUB_NOTICES)).rows.map(rowToHubNotice);
    },
    async keepHubNotices(hub, failed, options = {}) {
      const at = instant(options.now).iso;
      if (failed.length === 0) return;
      // One upsert per URL, as in SQLite: a URL listed twice counts two failures.
      await db.transaction(async (client) => {
        for (const notice of failed) {
          await client.query(
            `INSERT INTO hub_notices AS h (url, hub, attempts, first_failed_at, last_failed_at, last_error) VALUES ($1, $2, 1, $3, $3, $4)
             ON CONFLICT (url) DO UPDATE SET hub = excluded.hub, attempts = h.attempts + 1,
               last_failed_at = excluded.last_failed_at, last_error = excluded.last_error`,
            [notice.url, hub, at, notice.error],
          );
        }
      });
    },
    async dropHubNotices(urls) {
      if (urls.length === 0) return;
      await db.query('DELETE FROM hub_notices WHERE url = ANY($1::text[])', [[...urls]]);
    },
  };
}
