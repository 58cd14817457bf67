import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';

/** The issue numbers' half of the Store contract: a number is given once, and kept. */
export function describeIssueNumberContract(makeStore: () => Promise<Store>): void {
  describe('issue numbers', () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    it('keeps a number for good and gives a new issue the next after the highest, whatever its period', async () => {
      expect(await store.issueNumbers()).toEqual(new Map());
      expect(await store.assignIssueNumbers(['2019-W30', '2019-W31'])).toEqual(new Map([['2019-W30', 1], ['2019-W31', 2]]));
      // A back-dated week comes first in the plan; it takes 3, and the others keep theirs.
      expect(await store.assignIssueNumbers(['2016-W09', '2019-W30', '2019-W31'])).toEqual(new Map([['2016-W09', 3], ['2019-W30', 1], ['2019-W31', 2]]));
      // An issue that is gone (its posts withdrawn) keeps its number; nobody else gets it.
      expect(await store.assignIssueNumbers(['2019-W31', '2019-W32'])).toEqual(new Map([['2019-W31', 2], ['2019-W32', 4]]));
      expect(await store.issueNumbers()).toEqual(new Map([['2019-W30', 1], ['2019-W31', 2], ['2016-W09', 3], ['2019-W32', 4]]));
    });

    it('gives an issue named twice in one call one number, and answers an empty call with nothing', async () => {
      expect(await store.assignIssueNumbers([])).toEqual(new Map());
      const numbers = await store.assignIssueNumbers(['2019-W30', '2019-W31', '2019-W30']);
      expect([...numbers]).toEqual([['2019-W30', 1], ['2019-W31', 2]]);
      expect(await store.assignIssueNumbers(['2019-W32'])).toEqual(new Map([['2019-W32', 3]]));
    });

    it('refuses an instant that is not one, and gives no number then', async () => {
      await expect(store.assignIssueNumbers(['2019-W30'], { now: '30/07/2019' })).rejects.toThrow(/now/);
      expect(await store.issueNumbers()).toEqual(new Map());
    });
  });
}
