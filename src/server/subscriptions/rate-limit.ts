/**
 * A sliding-window limit per key (a client's IP address, or an address
 * confirmation emails go to): at most `limit`
 * hits in any `windowMs`. In memory, bounded: keys whose hits have all aged
 * out are dropped as the map grows. The clock is passed in.
 */
export interface RateLimiter {
  /** Counts a hit for `key`; false when it is over the limit (the hit is not counted). */
  take(key: string): boolean;
  /** Gives back the last hit counted for `key` (what it was for did not happen). */
  undo(key: string): void;
}

const PRUNE_AT = 10_000;

export function createRateLimiter(options: { limit: number; windowMs: number; now: () => number }): RateLimiter {
  const { limit, windowMs, now } = options;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`rate limiter: limit must be 1 or more, not ${limit}`);
  if (!(windowMs > 0)) throw new RangeError(`rate limiter: the window must be above 0 ms, not ${windowMs}`);
  const hits = new Map<string, number[]>();

  const recent = (times: readonly number[], at: number) => times.filter((time) => at - time < windowMs);

  return {
    take(key) {
      const at = now();
      if (hits.size >= PRUNE_AT) {
        for (const [other, times] of hits) if (recent(times, at).length === 0) hits.delete(other);
      }
      const times = recent(hits.get(key) ?? [], at);
      if (times.length >= limit) {
        hits.set(key, times);
        return false;
      }
      hits.set(key, [...times, at]);
      return true;
    },
    undo(key) {
      const times = hits.get(key);
      if (times === undefined || times.length <= 1) hits.delete(key);
      else hits.set(key, times.slice(0, -1));
    },
  };
}
