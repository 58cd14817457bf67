import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';

const at = (minutes: number) => new Date(Date.parse('2024-05-01T10:00:00.000Z') + minutes * 60_000).toISOString();
const HUB = 'https://hub.example.net/';
const ATOM = 'https://example.org/atom.xml';
const ARCHIVE = 'https://example.org/archive/atom-1.xml';
const RSS = 'https://example.org/rss.xml';

/** The WebSub notices' half of the Store contract: what a build or the scheduler could not get through to the hub is kept until it is. */
export function describeHubNoticeContract(makeStore: () => Promise<Store>): void {
  describe('hub notices', () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    it('keeps one notice per document, counting each failure, with its first failure and its latest hub and error', async () => {
      expect(await store.keptHubNotices()).toEqual([]);
      await store.keepHubNotices(HUB, [{ url: ATOM, error: 'the hub did not answer' }], { now: at(0) });
      await store.keepHubNotices('https://other-hub.example.net/', [{ url: ATOM, error: 'HTTP 503' }], { now: at(5) });
      await store.keepHubNotices(HUB, [{ url: ATOM, error: 'HTTP 502' }], { now: at(9) });
      expect(await store.keptHubNotices()).toEqual([
        { url: ATOM, hub: HUB, attempts: 3, firstFailedAt: at(0), lastFailedAt: at(9), lastError: 'HTTP 502' },
      ]);
    });

    it('lists the oldest failure first, then by address, and forgets only what the hub took', async () => {
      await store.keepHubNotices(HUB, [{ url: RSS, error: 'e1' }, { url: ATOM, error: 'e2' }], { now: at(10) });
      await store.keepHubNotices(HUB, [{ url: ARCHIVE, error: 'e3' }], { now: at(2) });
      expect((await store.keptHubNotices()).map((n) => n.url)).toEqual([ARCHIVE, ATOM, RSS]);

      await store.dropHubNotices([ATOM, 'https://example.org/never-kept.xml']);
      await store.dropHubNotices([]);
      expect((await store.keptHubNotices()).map((n) => n.url)).toEqual([ARCHIVE, RSS]);

      // A document dropped and failing again starts its count afresh.
      await store.keepHubNotices(HUB, [{ url: ATOM, error: 'e4' }], { now: at(20) });
      expect((await store.keptHubNotices()).find((n) => n.url === ATOM)).toMatchObject({ attempts: 1, firstFailedAt: at(20) });
    });

    it('keeps nothing for an empty list, and refuses an instant that is not one', async () => {
      await store.keepHubNotices(HUB, []);
      expect(await store.keptHubNotices()).toEqual([]);
      await expect(store.keepHubNotices(HUB, [{ url: ATOM, error: 'e' }], { now: 'yesterday' })).rejects.toThrow(/now/);
      expect(await store.keptHubNotices()).toEqual([]);
    });
  });
}
