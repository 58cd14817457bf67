import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';

const at = (seconds: number) => new Date(Date.parse('2019-08-05T08:00:00.000Z') + seconds * 1000).toISOString();

/** The click counters' half of the Store contract (engagement.clicks). */
export function describeClickContract(makeStore: () => Promise<Store>): void {
  describe('click counts', () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    it('keeps one counter per issue and post, with its first and latest click, newest issue and most clicked first', async () => {
      expect(await store.clickCounts()).toEqual([]);
      await store.countClick({ issueId: '2019-W31', postId: 'a', url: 'https://example.org/a/' }, { now: at(0) });
      await store.countClick({ issueId: '2019-W31', postId: 'b', url: 'https://example.org/b/' }, { now: at(1) });
      await store.countClick({ issueId: '2019-W31', postId: 'b', url: 'https://example.org/b/' }, { now: at(2) });
      await store.countClick({ issueId: '2019-W30', postId: 'a', url: 'https://example.org/a/' }, { now: at(3) });
      expect(await store.clickCounts()).toEqual([
        { issueId: '2019-W31', postId: 'b', url: 'https://example.org/b/', clicks: 2, readers: 0, firstAt: at(1), lastAt: at(2) },
        { issueId: '2019-W31', postId: 'a', url: 'https://example.org/a/', clicks: 1, readers: 0, firstAt: at(0), lastAt: at(0) },
        { issueId: '2019-W30', postId: 'a', url: 'https://example.org/a/', clicks: 1, readers: 0, firstAt: at(3), lastAt: at(3) },
      ]);
      expect((await store.clickCounts({ issueId: '2019-W30' })).map((c) => c.postId)).toEqual(['a']);
      expect(await store.clickCounts({ issueId: '2000-W01' })).toEqual([]);
    });

    it('counts per subscriber only for a subscriber it holds, and forgets a removed one’s counters', async () => {
      await store.upsertSubscribers([
        { email: 'ann@example.org', status: 'active' },
        { email: 'bob@example.org', status: 'active' },
      ]);
      const ann = (await store.findSubscriberByEmail('ann@example.org'))?.id ?? 0;
      const bob = (await store.findSubscriberByEmail('bob@example.org'))?.id ?? 0;
      const click = { issueId: '2019-W31', postId: 'a', url: 'https://example.org/a/' };
      await store.countClick({ ...click, subscriberId: ann });
      await store.countClick({ ...click, subscriberId: ann });
      await store.countClick({ ...click, subscriberId: bob });
      await store.countClick({ ...click, subscriberId: 99_999 });
      expect(await store.clickCounts()).toMatchObject([{ clicks: 4, readers: 2 }]);
      await store.removeSubscriber(ann);
      expect(await store.clickCounts()).toMatchObject([{ clicks: 4, readers: 1 }]);
    });
  });
}
