import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { periodKeysAt } from '../../src/digest/periods.js';
import { periodKeysOf } from '../../src/model/post-periods.js';
import type { Post, Withdrawal } from '../../src/model/post.js';
import type { Store } from '../../src/store/store.js';
import { FILE, makeBatch, makePost, manyPosts } from './fixtures/posts.js';

/**
 * The Store contract for what happens to posts after they are stored:
 * withdrawals and restores (by command and by import), new addresses,
 * period keys, forgotten source files, and one large import. Each test gets
 * a fresh, empty store from `makeStore`.
 */
export function describePostChangeContract(makeStore: () => Promise<Store>): void {
  let store: Store;
  beforeEach(async () => {
    store = await makeStore();
  });
  afterEach(async () => {
    await store.close();
  });

  const ids = (posts: Post[]): string[] => posts.map((post) => post.id);
  const byCommand: Withdrawal = { at: '2024-06-01T10:00:00.000Z', reason: 'asked by the family', cause: 'command' };
  const byFile: Withdrawal = { at: '2024-06-02T10:00:00.000Z', reason: 'content/posts/b.md was deleted', cause: 'file' };
  const three = () => [
    makePost('a', { published: '2019-03-03T00:00:00.000Z', themes: ['courts'] }),
    makePost('b', { published: '2019-03-02T00:00:00.000Z', themes: ['courts'] }),
    makePost('c', { published: '2019-03-01T00:00:00.000Z' }),
  ];

  describe('withdrawn posts', () => {
    beforeEach(async () => {
      await store.applyImport(makeBatch(three()));
    });

    it('are left out of listings and counts unless asked for, and say why they are down', async () => {
      expect(await store.withdrawPost('b', byCommand)).toBe(true);
      expect(ids(await store.listPosts())).toEqual(['a', 'c']);
      expect(ids(await store.listPosts({ theme: 'courts' }))).toEqual(['a']);
      expect(await store.countPosts()).toBe(2);
      expect(ids(await store.listPosts({ withdrawn: 'only' }))).toEqual(['b']);
      expect(await store.countPosts({ withdrawn: 'only', theme: 'courts' })).toBe(1);
      expect(ids(await store.listPosts({ withdrawn: 'include' }))).toEqual(['a', 'b', 'c']);
      expect((await store.getPost('b'))?.withdrawn).toEqual(byCommand);
      expect((await store.getPosts(['b']))[0]?.withdrawn).toEqual(byCommand);
      expect((await store.getPost('a'))?.withdrawn).toBeUndefined();
      const index = await store.postIndex();
      expect(index.find((entry) => entry.id === 'b')?.withdrawn).toBe('command');
      expect(index.find((entry) => entry.id === 'a')).not.toHaveProperty('withdrawn');
    });

    it('keep their first withdrawal unless it is replaced, and there is no withdrawing a post that is not there', async () => {
      expect(await store.withdrawPost('missing', byCommand)).toBe(false);
      expect(await store.withdrawPost('b', byFile)).toBe(true);
      expect(await store.withdrawPost('b', byCommand)).toBe(false);
      expect((await store.getPost('b'))?.withdrawn).toEqual(byFile);
      expect(await store.withdrawPost('b', byCommand, { replace: true })).toBe(true);
      expect((await store.getPost('b'))?.withdrawn).toEqual(byCommand);
      expect(await store.withdrawPost('missing', byCommand, { replace: true })).toBe(false);
      expect(await store.countPosts({ withdrawn: 'include' })).toBe(3);
    });

    it('come back up when restored, once', async () => {
      await store.withdrawPost('b', byCommand);
      expect(await store.restorePost('b')).toBe(true);
      expect(await store.restorePost('b')).toBe(false);
      expect(await store.restorePost('missing')).toBe(false);
      expect(ids(await store.listPosts())).toEqual(['a', 'b', 'c']);
      expect((await store.getPost('b'))?.withdrawn).toBeUndefined();
    });

    it('stay down when an import updates them', async () => {
      await store.withdrawPost('b', byCommand);
      await store.applyImport(makeBatch([makePost('b', { title: 'Edited', published: '2019-03-02T00:00:00.000Z', themes: ['courts'] })]));
      expect((await store.getPost('b'))?.title).toBe('Edited');
      expect((await store.getPost('b'))?.withdrawn).toEqual(byCommand);
      expect(ids(await store.listPosts())).toEqual(['a', 'c']);
    });

    it('are taken down and put back by an import, after its posts are written, without replacing a withdrawal', async () => {
      await store.withdrawPost('c', byCommand);
      await store.applyImport(
        makeBatch([makePost('new', { published: '2019-03-04T00:00:00.000Z' })], {
          withdraw: [
            { id: 'new', withdrawal: byFile },
            { id: 'b', withdrawal: byFile },
            { id: 'b', withdrawal: { ...byFile, reason: 'named twice' } },
            { id: 'c', withdrawal: byFile },
            { id: 'missing', withdrawal: byFile },
          ],
          counts: { new: 1, updated: 0, merged: 0, unchanged: 3, rejected: 0, skipped: 0, withdrawn: 2 },
        }),
      );
      expect(ids(await store.listPosts({ withdrawn: 'only' }))).toEqual(['new', 'b', 'c']);
      expect((await store.getPost('b'))?.withdrawn).toEqual(byFile);
      expect((await store.getPost('c'))?.withdrawn).toEqual(byCommand);
      expect(await store.getPost('missing')).toBeUndefined();
      expect((await store.listImportRuns())[0]?.counts.withdrawn).toBe(2);

      await store.applyImport(makeBatch([], { restore: ['b', 'new', 'a'], counts: { new: 0, updated: 0, merged: 0, unchanged: 4, rejected: 0, skipped: 0, restored: 2 } }));
      expect(ids(await store.listPosts())).toEqual(['new', 'a', 'b']);
      expect((await store.listImportRuns())[0]?.counts).toEqual({ new: 0, updated: 0, merged: 0, unchanged: 4, rejected: 0, skipped: 0, restored: 2 });
    });
  });

  describe('setPostUrls', () => {
    it('gives posts new addresses and changes nothing else, counting the changes that met a post', async () => {
      const [a, b, c] = three() as [Post, Post, Post];
      await store.applyImport(makeBatch([a, b, c]));
      expect(await store.setPostUrls([])).toBe(0);
      expect(
        await store.setPostUrls([
          { id: 'a', url: 'https://example.org/a/' },
          { id: 'missing', url: 'https://example.org/missing/' },
          { id: 'b', url: 'https://example.org/b-first/' },
          { id: 'b', url: 'https://example.org/b/' },
        ]),
      ).toBe(3);
      expect(await store.getPost('a')).toEqual({ ...a, url: 'https://example.org/a/' });
      expect((await store.getPost('b'))?.url).toBe('https://example.org/b/');
      expect(await store.getPost('c')).toEqual(c);
      expect(await store.getPost('missing')).toBeUndefined();
      expect(await store.setPostUrls([{ id: 'missing', url: 'https://example.org/m/' }])).toBe(0);
    });
  });

  describe('period keys', () => {
    const zone = 'Pacific/Auckland';

    it('are worked out once for every post, attached to every read, and again when stale', async () => {
      await store.applyImport(makeBatch(three()));
      expect(await store.refreshPeriodKeys(zone, periodKeysAt)).toBe(3);
      expect(await store.refreshPeriodKeys(zone, periodKeysAt)).toBe(0);

      // 2019-03-01T00:00Z is 13:00 on the 1st in Auckland (summer time).
      const expected = { zone, published: '2019-03-01T00:00:00.000Z', weekly: '2019-W09', daily: '2019-03-01', monthly: '2019-03' };
      const c = await store.getPost('c');
      expect(c && periodKeysOf(c, zone)).toEqual(expected);
      const [fromMany] = await store.getPosts(['c']);
      expect(fromMany && periodKeysOf(fromMany, zone)).toEqual(expected);
      const listed = await store.listPosts();
      expect(listed.every((post) => periodKeysOf(post, zone) !== undefined)).toBe(true);
      expect(listed.every((post) => periodKeysOf(post, 'Europe/London') === undefined)).toBe(true);

      // a re-dated post, and only it
      await store.applyImport(makeBatch([makePost('c', { published: '2019-12-31T12:00:00.000Z' })]));
      const redated = await store.getPost('c');
      expect(redated && periodKeysOf(redated, zone)).toBeUndefined();
      expect(await store.refreshPeriodKeys(zone, periodKeysAt)).toBe(1);
      const again = await store.getPost('c');
      expect(again && periodKeysOf(again, zone)).toMatchObject({ weekly: '2020-W01', daily: '2020-01-01', monthly: '2020-01' });

      // another zone: every post again
      expect(await store.refreshPeriodKeys('Europe/London', periodKeysAt)).toBe(3);
    });

    it('leave out a post whose date cannot be read, and count only what they wrote', async () => {
      await store.applyImport(makeBatch(three()));
      const unreadable = (published: string, z: string) => (published.startsWith('2019-03-02') ? undefined : periodKeysAt(published, z));
      expect(await store.refreshPeriodKeys(zone, unreadable)).toBe(2);
      const b = await store.getPost('b');
      expect(b && periodKeysOf(b, zone)).toBeUndefined();
      expect(await store.refreshPeriodKeys(zone, periodKeysAt)).toBe(1);
    });

    it('are none in an empty store', async () => {
      expect(await store.refreshPeriodKeys(zone, periodKeysAt)).toBe(0);
    });
  });

  describe('forgotten source files', () => {
    it('are dropped from the hashes before the batch records its own', async () => {
      await store.applyImport(makeBatch([], { sourceFiles: new Map([['a.md', { hash: 'a1' }], ['b.md', { hash: 'b1' }], ['c.md', { hash: 'c1' }]]) }));
      await store.applyImport(makeBatch([], { sourceFiles: new Map([['c.md', { hash: 'c2' }]]), forgetFiles: ['a.md', 'c.md', 'never-seen.md'] }));
      expect(await store.sourceFiles()).toEqual(new Map([['b.md', { hash: 'b1' }], ['c.md', { hash: 'c2' }]]));
    });
  });

  describe('a large import', () => {
    it('imports 10,000 posts in one batch and reads them back', async () => {
      const posts = manyPosts(10_000);
      await store.applyImport(makeBatch(posts));

      expect(await store.countPosts()).toBe(10_000);
      expect(await store.countPosts({ theme: 'adoption' })).toBe(5_000);
      expect(await store.postIndex()).toHaveLength(10_000);
      expect(await store.getPost('bulk-9999')).toEqual(posts[9_999]);
      expect(ids(await store.listPosts({ limit: 3 }))).toEqual(['bulk-9999', 'bulk-9996', 'bulk-9997']);
      expect(await store.sourceFiles()).toEqual(new Map([[FILE, { hash: 'file-hash-1' }]]));
    });
  });
}
