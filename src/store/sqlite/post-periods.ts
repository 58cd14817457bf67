import type Database from 'better-sqlite3';
import type { PeriodKeysAt } from '../store.js';

export interface PostPeriods {
  /** Works out the keys of every post that has none, or stale ones, for `zone`, in one transaction; how many. */
  refresh(zone: string, keysAt: PeriodKeysAt): number;
}

/** The post_periods table (migration 17): each post's period keys, kept beside it (the reads join them: post-reads.ts). */
export function preparePostPeriods(db: Database.Database): PostPeriods {
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
    // Nothing stale (every build after the first): one read, no write lock taken.
    refresh: (zone, keysAt) => (stale.get(zone) === undefined ? 0 : refresh.immediate(zone, keysAt)),
  };
}
