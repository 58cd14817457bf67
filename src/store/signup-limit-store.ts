/**
 * The sign-up limits (subscriptions.rateLimitPerIp per window, one
 * confirmation email per address per confirmationIntervalMinutes), kept
 * in the store so that every server on one store counts against the same
 * numbers. A slot is a counter: `key` is opaque (the caller hashes the
 * address, so no IP or email address is stored), `windowStartMs` the
 * window it counts in (fixed windows: the caller rounds its clock down; 0
 * for a window that begins at the first hit), `expiresMs` when the counter
 * is spent and may be pruned.
 */
export interface SignupSlot {
  key: string;
  windowStartMs: number;
  expiresMs: number;
}

export interface SignupLimitStore {
  /**
   * Counts one hit against `limit`, atomically: true when it is counted,
   * false (nothing counted) when the slot already holds `limit` hits.
   * A slot whose expiresMs is at or before `nowMs` starts again from this
   * hit, taking the given expiresMs. Two servers asking at once never both
   * get the last hit.
   */
  takeSignupSlot(slot: SignupSlot, limit: number, nowMs: number): Promise<boolean>;
  /** Gives back one hit of a slot (what it was for did not happen); nothing when it holds none. */
  giveBackSignupSlot(slot: Pick<SignupSlot, 'key' | 'windowStartMs'>): Promise<void>;
  /** Forgets every slot whose expiresMs is at or before `nowMs`; how many. */
  pruneSignupSlots(nowMs: number): Promise<number>;
}
