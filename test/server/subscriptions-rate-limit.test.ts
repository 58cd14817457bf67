import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/server/subscriptions/rate-limit.js';

describe('the per-IP rate limit', () => {
  it('lets `limit` hits through in any window, per key, and more once old ones age out', () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000, now: () => now });
    expect([1, 2, 3, 4].map(() => limiter.take('10.0.0.1'))).toEqual([true, true, true, false]);
    expect(limiter.take('10.0.0.2')).toBe(true);
    now = 30_000;
    expect(limiter.take('10.0.0.1')).toBe(false);
    now = 60_000;
    expect(limiter.take('10.0.0.1')).toBe(true);
    expect(limiter.take('10.0.0.1')).toBe(true);
    expect(limiter.take('10.0.0.1')).toBe(true);
    expect(limiter.take('10.0.0.1')).toBe(false);
  });

  it('does not count refused hits, so a client that keeps trying is not locked out for ever', () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 1, windowMs: 1_000, now: () => now });
    expect(limiter.take('a')).toBe(true);
    for (now = 100; now < 1_000; now += 100) expect(limiter.take('a')).toBe(false);
    now = 1_000;
    expect(limiter.take('a')).toBe(true);
  });

  it('gives a hit back with undo (a confirmation that could not be sent), leaving other keys as they were', () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 1, windowMs: 3_600_000, now: () => now });
    expect(limiter.take('ann@example.org')).toBe(true);
    expect(limiter.take('bob@example.org')).toBe(true);
    limiter.undo('ann@example.org');
    now = 60_000;
    expect(limiter.take('ann@example.org')).toBe(true);
    expect(limiter.take('ann@example.org')).toBe(false);
    expect(limiter.take('bob@example.org')).toBe(false);
    limiter.undo('nobody@example.org');
  });
});
