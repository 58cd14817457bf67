import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSignupLimiter } from '../../src/server/subscriptions/signup-limits.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/store.js';

const MINUTE = 60_000;
const T0 = Date.parse('2024-06-03T09:00:00.000Z');

describe('the sign-up limits, kept in the store', () => {
  let dir: string;
  let file: string;
  let store: Store;
  let now: number;
  const limiter = (over: Partial<Parameters<typeof createSignupLimiter>[0]> = {}) =>
    createSignupLimiter({ store, secret: 'limits-secret-0123456789-abcdefghijkl', perClient: { limit: 3, windowMs: 10 * MINUTE }, perEmailWindowMs: 60 * MINUTE, now: () => now, ...over });
  /** One after the other, as a visitor's sign-ups come. */
  const oks = async (calls: (() => Promise<{ ok: boolean }>)[]) => {
    const answers: boolean[] = [];
    for (const call of calls) answers.push((await call()).ok);
    return answers;
  };

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tidings-limits-'));
    file = path.join(dir, 'tidings.db');
    store = await openSqliteStore(file);
    now = T0;
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lets `limit` sign-ups per client through in each fixed window, saying when the next window opens', async () => {
    const limits = limiter();
    expect(await oks([1, 2, 3].map(() => () => limits.takeForClient('203.0.113.7')))).toEqual([true, true, true]);
    now = T0 + 4 * MINUTE + 30_000;
    expect(await limits.takeForClient('203.0.113.7')).toEqual({ ok: false, retryAfterSeconds: 330 });
    expect((await limits.takeForClient('203.0.113.8')).ok).toBe(true);
    now = T0 + 10 * MINUTE;
    expect(await oks([1, 2, 3, 4].map(() => () => limits.takeForClient('203.0.113.7')))).toEqual([true, true, true, false]);
  });

  it('counts for every server on the store: a second limiter sees the first one’s sign-ups', async () => {
    const [one, two] = [limiter(), limiter()];
    expect(await oks([() => one.takeForClient('203.0.113.7'), () => two.takeForClient('203.0.113.7'), () => one.takeForClient('203.0.113.7')])).toEqual([true, true, true]);
    expect((await two.takeForClient('203.0.113.7')).ok).toBe(false);
    expect((await two.takeForEmail('Ann@Example.org')).ok).toBe(true);
    expect((await one.takeForEmail('ann@example.org')).ok).toBe(false);
  });

  it('mails an address once per interval since the last email, and again at once when it was not sent', async () => {
    const limits = limiter();
    const first = await limits.takeForEmail('ann@example.org');
    expect(first.ok).toBe(true);
    await first.giveBack();
    expect((await limits.takeForEmail('ann@example.org')).ok).toBe(true);
    now = T0 + 59 * MINUTE;
    expect((await limits.takeForEmail('ann@example.org')).ok).toBe(false);
    now = T0 + 60 * MINUTE;
    expect((await limits.takeForEmail('ann@example.org')).ok).toBe(true);
    now = T0 + 119 * MINUTE;
    expect((await limits.takeForEmail('ann@example.org')).ok).toBe(false);
  });

  it('keeps no address in the store, only keyed hashes, and forgets them once their window is over', async () => {
    const limits = limiter();
    await limits.takeForClient('203.0.113.7');
    await limits.takeForEmail('ann@example.org');
    const rows = () => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare<[], { key: string }>('SELECT key FROM signup_limits').all().map((row) => row.key);
      } finally {
        db.close();
      }
    };
    const keys = rows();
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key).toMatch(/^(client|email):[A-Za-z0-9_-]{43}$/);
      expect(key).not.toContain('203.0.113');
      expect(key).not.toContain('ann');
    }
    // The client's window ends at 09:10, the address's hour at 10:00; pruning runs at most once a minute, on a sign-up.
    now = T0 + 10 * MINUTE;
    await limits.takeForClient('198.51.100.1');
    expect(rows().filter((key) => keys.includes(key))).toEqual(keys.filter((key) => key.startsWith('email:')));
    now = T0 + 60 * MINUTE;
    await limits.takeForClient('198.51.100.1');
    expect(rows().filter((key) => keys.includes(key))).toEqual([]);
  });
});
