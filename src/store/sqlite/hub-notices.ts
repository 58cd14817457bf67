import type Database from 'better-sqlite3';
import type { HubNotice } from '../hub-notice-store.js';
import { KEPT_HUB_NOTICES, rowToHubNotice, type HubNoticeRow } from '../rows/hub-notice-rows.js';
import { instant } from './clock.js';

export interface HubNotices {
  all(): HubNotice[];
  keep(hub: string, failed: readonly { url: string; error: string }[], now?: string): void;
  drop(urls: readonly string[]): void;
}

export function prepareHubNotices(db: Database.Database): HubNotices {
  const select = db.prepare<[], HubNoticeRow>(KEPT_HUB_NOTICES);
  const upsert = db.prepare<[string, string, string, string, string]>(`
    INSERT INTO hub_notices (url, hub, attempts, first_failed_at, last_failed_at, last_error) VALUES (?, ?, 1, ?, ?, ?)
    ON CONFLICT (url) DO UPDATE SET hub = excluded.hub, attempts = attempts + 1,
      last_failed_at = excluded.last_failed_at, last_error = excluded.last_error`);
  const remove = db.prepare<[string]>('DELETE FROM hub_notices WHERE url = ?');
  const keep = db.transaction((hub: string, failed: readonly { url: string; error: string }[], at: string) => {
    for (const f of failed) upsert.run(f.url, hub, at, at, f.error);
  });
  const drop = db.transaction((urls: readonly string[]) => {
    for (const url of urls) remove.run(url);
  });
  return {
    all: () => select.all().map(rowToHubNotice),
    keep: (hub, failed, now) => keep.immediate(hub, failed, instant(now).iso),
    drop: (urls) => drop.immediate(urls),
  };
}
