import type Database from 'better-sqlite3';
import { attachPeriodKeys, type PeriodKeys } from '../../model/post-periods.js';
import type { Post } from '../../model/post.js';
import type { PeriodKeysAt } from '../store.js';

export interface PostPeriods {
  /** Attaches the stored keys of these posts to them (model/post-periods.ts). */
  attach(posts: readonly Post[]): void;
  /** Works out the keys of every post that has none, or stale ones, for `zone`, in one transaction; how many. */
  refresh(zone: string, keysAt: PeriodKeysAt): number;
}

/** The post_periods table (migration 17): each post's period keys, kept beside it. */
export function preparePostPeriods(db: Database.Database): PostPeriods {
  const byIds = db.prepare<[string], PeriodKeys & { post_id: string }>(
    'SELECT post_id, zone, published, weekly, daily, monthly FROM post_periods WHERE post_id IN (SELECT value FROM json_each(?))',
  );
  const stale = db.prepare<[string], { id: string; published: string }>(`
    SELECT p.id, p.published FROM posts AS p LEFT JOIN post_periods AS k ON k.post_id = p.id
    WHERE k.post_id IS NULL OR k.zone <> ? OR k.published <> p.published`);
  const put = db.prepare<[string, string, string, string, string, string]>(
    'INSERT OR REPLACE INTO post_periods (post_id, zone, published, weekly, daily, monthly) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const refresh = db.transaction((zone: string, keysAt: PeriodKeysAt): number => {
    let done = 0;
    for (const { id, published } of stale.all(zone)) {
      const keys = keysAt(published, zone);
      // An unreadable date has no keys; planning reports the post, as before.
      if (keys === undefined) continue;
      put.run(id, zone, published, keys.weekly, keys.daily, keys.monthly);
      done += 1;
    }
    return done;
  });
  return {
    attach(posts) {
      if (posts.length === 0) return;
      const rows = new Map(byIds.all(JSON.stringify(posts.map((p) => p.id))).map((row) => [row.post_id, row]));
      for (const post of posts) {
        const row = rows.get(post.id);
        if (row !== undefined) {
          attachPeriodKeys(post, { zone: row.zone, published: row.published, weekly: row.weekly, daily: row.daily, monthly: row.monthly });
        }
      }
    },
    // Nothing stale (every build after the first): one read, no write lock taken.
    refresh: (zone, keysAt) => (stale.get(zone) === undefined ? 0 : refresh.immediate(zone, keysAt)),
  };
}
