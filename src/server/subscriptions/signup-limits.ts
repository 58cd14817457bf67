import { createHmac } from 'node:crypto';
import type { SignupLimitStore, SignupSlot } from '../../store/signup-limit-store.js';

/**
 * The sign-up limits over the store, so that every server on one store
 * counts against the same numbers: rateLimitPerIp sign-ups per client
 * address in fixed windows of rateLimitWindowMinutes (aligned to the
 * clock: 09:00, 09:10, …), and one confirmation email per address per
 * confirmationIntervalMinutes since the last one. The store holds only an
 * HMAC of each address under the links' secret (which every server shares),
 * and forgets it once its window is over (pruned at most once a minute).
 */
export interface SignupLimiter {
  /** Counts a sign-up from a client address: `retryAfterSeconds` when it is over the limit (nothing counted). */
  takeForClient(address: string): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }>;
  /** Counts a confirmation email to an address: false when one went within the interval; `giveBack` when it was not sent after all. */
  takeForEmail(email: string): Promise<{ ok: boolean; giveBack(): Promise<void> }>;
}

export interface SignupLimitOptions {
  store: SignupLimitStore;
  /** subscriptions.secret: the key of the HMAC that stands in for addresses. */
  secret: string;
  perClient: { limit: number; windowMs: number };
  perEmailWindowMs: number;
  now: () => number;
}

const PRUNE_EVERY_MS = 60_000;

export function createSignupLimiter(options: SignupLimitOptions): SignupLimiter {
  const { store, secret, perClient, perEmailWindowMs, now } = options;
  if (!Number.isSafeInteger(perClient.limit) || perClient.limit < 1) throw new RangeError(`sign-up limit: the limit must be 1 or more, not ${perClient.limit}`);
  if (!(perClient.windowMs > 0) || !(perEmailWindowMs > 0)) throw new RangeError('sign-up limit: a window must be above 0 ms');
  const keyOf = (kind: 'client' | 'email', value: string) => `${kind}:${createHmac('sha256', secret).update(`${kind}\0${value}`).digest('base64url')}`;
  let prunedAt = -Infinity;
  const pruneNow = async (at: number) => {
    if (at - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = at;
    await store.pruneSignupSlots(at);
  };

  return {
    async takeForClient(address) {
      const at = now();
      await pruneNow(at);
      const windowStartMs = Math.floor(at / perClient.windowMs) * perClient.windowMs;
      const slot: SignupSlot = { key: keyOf('client', address), windowStartMs, expiresMs: windowStartMs + perClient.windowMs };
      if (await store.takeSignupSlot(slot, perClient.limit, at)) return { ok: true };
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((slot.expiresMs - at) / 1000)) };
    },
    async takeForEmail(email) {
      const at = now();
      const slot: SignupSlot = { key: keyOf('email', email.toLowerCase()), windowStartMs: 0, expiresMs: at + perEmailWindowMs };
      const ok = await store.takeSignupSlot(slot, 1, at);
      return { ok, giveBack: () => store.giveBackSignupSlot(slot) };
    },
  };
}
