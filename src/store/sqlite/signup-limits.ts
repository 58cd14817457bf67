import type Database from 'better-sqlite3';
import type { SignupSlot } from '../signup-limit-store.js';

export interface SignupLimits {
  take(slot: SignupSlot, limit: number, nowMs: number): boolean;
  giveBack(slot: Pick<SignupSlot, 'key' | 'windowStartMs'>): void;
  prune(nowMs: number): number;
}

/**
 * The counters are added to in one statement (an upsert whose update only
 * happens below the limit), never read and written back: what PostgreSQL
 * does with the same SQL, and what makes it atomic there too.
 */
const TAKE_SIGNUP_SLOT = `
  INSERT INTO signup_limits (key, window_start_ms, hits, expires_ms) VALUES ($key, $start, 1, $expires)
  ON CONFLICT (key, window_start_ms) DO UPDATE SET
    hits = CASE WHEN signup_limits.expires_ms <= $now THEN 1 ELSE signup_limits.hits + 1 END,
    expires_ms = CASE WHEN signup_limits.expires_ms <= $now THEN excluded.expires_ms ELSE signup_limits.expires_ms END
  WHERE signup_limits.expires_ms <= $now OR signup_limits.hits < $limit
  RETURNING hits`;

export function prepareSignupLimits(db: Database.Database): SignupLimits {
  const take = db.prepare<[{ key: string; start: number; expires: number; now: number; limit: number }], { hits: number }>(TAKE_SIGNUP_SLOT);
  const giveBack = db.prepare<[string, number]>('UPDATE signup_limits SET hits = hits - 1 WHERE key = ? AND window_start_ms = ? AND hits > 0');
  const prune = db.prepare<[number]>('DELETE FROM signup_limits WHERE expires_ms <= ?');
  return {
    take: (slot, limit, nowMs) => take.get({ key: slot.key, start: slot.windowStartMs, expires: slot.expiresMs, now: nowMs, limit }) !== undefined,
    giveBack: (slot) => void giveBack.run(slot.key, slot.windowStartMs),
    prune: (nowMs) => prune.run(nowMs).changes,
  };
}
