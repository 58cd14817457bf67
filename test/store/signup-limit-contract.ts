import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SignupSlot, Store } from '../../src/store/store.js';

const MINUTE = 60_000;
const T0 = Date.parse('2024-06-03T09:00:00.000Z');
const slot = (key: string, windowStartMs = T0, expiresMs = T0 + 10 * MINUTE): SignupSlot => ({ key, windowStartMs, expiresMs });

/** The sign-up limits' half of the Store contract: counters shared by every server on one store. */
export function describeSignupLimitContract(makeStore: () => Promise<Store>): void {
  describe('sign-up limits', () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    const takes = async (s: SignupSlot, times: number, limit: number, nowMs = T0) => {
      const answers: boolean[] = [];
      for (let i = 0; i < times; i++) answers.push(await store.takeSignupSlot(s, limit, nowMs));
      return answers;
    };

    it('counts up to the limit per key and window, and refuses beyond it', async () => {
      expect(await takes(slot('a'), 4, 3)).toEqual([true, true, true, false]);
      expect(await store.takeSignupSlot(slot('b'), 3, T0)).toBe(true);
      // The next fixed window is another counter.
      expect(await takes(slot('a', T0 + 10 * MINUTE, T0 + 20 * MINUTE), 4, 3, T0 + 10 * MINUTE)).toEqual([true, true, true, false]);
    });

    it('does not count refused hits, and takes one hit back on request', async () => {
      expect(await takes(slot('a'), 5, 2)).toEqual([true, true, false, false, false]);
      await store.giveBackSignupSlot(slot('a'));
      expect(await takes(slot('a'), 2, 2)).toEqual([true, false]);
      // Giving back what holds nothing changes nothing.
      await store.giveBackSignupSlot(slot('nobody'));
      expect(await takes(slot('nobody'), 2, 1)).toEqual([true, false]);
    });

    it('starts a spent slot again from the next hit, with the new expiry', async () => {
      const once = (nowMs: number) => store.takeSignupSlot(slot('ann', 0, nowMs + 60 * MINUTE), 1, nowMs);
      expect(await once(T0)).toBe(true);
      expect(await once(T0 + 59 * MINUTE)).toBe(false);
      expect(await once(T0 + 60 * MINUTE)).toBe(true);
      expect(await once(T0 + 119 * MINUTE)).toBe(false);
      expect(await once(T0 + 120 * MINUTE)).toBe(true);
    });

    it('prunes spent slots only', async () => {
      await takes(slot('old', T0, T0 + MINUTE), 2, 2);
      await takes(slot('new', T0, T0 + 10 * MINUTE), 2, 2);
      expect(await store.pruneSignupSlots(T0 + MINUTE - 1)).toBe(0);
      expect(await store.pruneSignupSlots(T0 + MINUTE)).toBe(1);
      expect(await store.takeSignupSlot(slot('new', T0, T0 + 10 * MINUTE), 2, T0 + MINUTE)).toBe(false);
      expect(await store.pruneSignupSlots(T0 + MINUTE)).toBe(0);
    });

    it('lets exactly `limit` of many hits at once through', async () => {
      const answers = await Promise.all(Array.from({ length: 20 }, () => store.takeSignupSlot(slot('crowd'), 5, T0)));
      expect(answers.filter(Boolean)).toHaveLength(5);
    });
  });
}
