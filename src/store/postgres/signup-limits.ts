import type { SignupLimitStore } from '../signup-limit-store.js';
import type { Db } from './connection.js';

/**
 * One upsert per hit: INSERT … ON CONFLICT DO UPDATE takes the row's lock
 * and reads its latest committed version, so that of two servers counting
 * the same slot at once, the second waits and sees the first's hit; the
 * update only happens below the limit, so nothing is counted beyond it.
 */
const TAKE = `
  INSERT INTO signup_limits (key, window_start_ms, hits, expires_ms) VALUES ($1, $2, 1, $3)
  ON CONFLICT (key, window_start_ms) DO UPDATE SET
    hits = CASE WHEN signup_limits.expires_ms <= $4 THEN 1 ELSE signup_limits.hits + 1 END,
    expires_ms = CASE WHEN signup_limits.expires_ms <= $4 THEN excluded.expires_ms ELSE signup_limits.expires_ms END
  WHERE signup_limits.expires_ms <= $4 OR signup_limits.hits < $5
  RETURNING hits`;

export function postgresSignupLimits(db: Db): SignupLimitStore {
  return {
    async takeSignupSlot(slot, limit, nowMs) {
      const result = await db.query(TAKE, [slot.key, slot.windowStartMs, slot.expiresMs, nowMs, limit]);
      return result.rowCount === 1;
    },
    async giveBackSignupSlot(slot) {
      await db.query('UPDATE signup_limits SET hits = hits - 1 WHERE key = $1 AND window_start_ms = $2 AND hits > 0', [slot.key, slot.windowStartMs]);
    },
    async pruneSignupSlots(nowMs) {
      const result = await db.query('DELETE FROM signup_limits WHERE expires_ms <= $1', [nowMs]);
      return result.rowCount ?? 0;
    },
  };
}
