import type { HubNotice } from '../hub-notice-store.js';

/** A hub_notices row as both stores read it. */
export interface HubNoticeRow {
  url: string;
  hub: string;
  attempts: number;
  first_failed_at: string;
  last_failed_at: string;
  last_error: string;
}

/** Every kept notice, oldest failure first (then by URL). */
export const KEPT_HUB_NOTICES = 'SELECT url, hub, attempts, first_failed_at, last_failed_at, last_error FROM hub_notices ORDER BY first_failed_at, url';

export function rowToHubNotice(row: HubNoticeRow): HubNotice {
  return {
    url: row.url,
    hub: row.hub,
    attempts: row.attempts,
    firstFailedAt: row.first_failed_at,
    lastFailedAt: row.last_failed_at,
    lastError: row.last_error,
  };
}
