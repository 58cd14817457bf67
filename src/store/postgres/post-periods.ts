import type { PeriodKeysAt } from '../store.js';
import type { Db } from './connection.js';
import { chunks, unnestRows, type Column } from './unnest.js';

interface KeysRow {
  id: string;
  published: string;
  weekly: string;
  daily: string;
  monthly: string;
}

const COLUMNS: readonly Column<KeysRow>[] = (['id', 'published', 'weekly', 'daily', 'monthly'] as const).map((name) => ({
  name,
  type: 'text',
  value: (row: KeysRow) => row[name],
}));

const STALE = `
  SELECT p.id, p.published FROM posts AS p LEFT JOIN post_periods AS k ON k.post_id = p.id
  WHERE k.post_id IS NULL OR k.zone <> $1 OR k.published <> p.published
  ORDER BY p.id`;

const KEYS_PER_STATEMENT = 5_000;

/**
 * Works out the period keys (post_periods) of every post that has none, or
 * stale ones, for `zone`; how many it wrote. The keys are worked out here,
 * then written in bulk by a conditional upsert: a row is written only while
 * the post still has the date the keys came from, and replaces only keys
 * that are stale, so that two processes refreshing at once write each post
 * once between them (the second waits on the first's rows, then finds
 * nothing to do) and the counts add up to what SQLite's one writer says.
 */
export async function refreshPostgresPeriodKeys(db: Db, zone: string, keysAt: PeriodKeysAt): Promise<number> {
  const { rows: stale } = await db.query<{ id: string; published: string }>(STALE, [zone]);
  const keyed = stale.flatMap(({ id, published }) => {
    const keys = keysAt(published, zone);
    // An unreadable date has no keys; planning reports the post, as before.
    return keys === undefined ? [] : [{ id, published, ...keys }];
  });
  if (keyed.length === 0) return 0;
  return db.transaction(async (client) => {
    let done = 0;
    for (const chunk of chunks(keyed, KEYS_PER_STATEMENT)) {
      const from = unnestRows(COLUMNS, chunk, 2);
      const result = await client.query(
        `INSERT INTO post_periods (post_id, zone, published, weekly, daily, monthly)
         SELECT u.id, $1::text, u.published, u.weekly, u.daily, u.monthly
         FROM ${from.from} JOIN posts AS p ON p.id = u.id AND p.published = u.published
         ORDER BY u.id
         ON CONFLICT (post_id) DO UPDATE SET
           zone = excluded.zone, published = excluded.published,
           weekly = excluded.weekly, daily = excluded.daily, monthly = excluded.monthly
         WHERE post_periods.zone <> excluded.zone OR post_periods.published <> excluded.published`,
        [zone, ...from.params],
      );
      done += result.rowCount ?? 0;
    }
    return done;
  });
}
