import { afterEach, beforeEach, expect, it } from 'vitest';
import { periodKeysAt } from '../../src/digest/periods.js';
import { periodKeysOf } from '../../src/model/post-periods.js';
import type { Withdrawal } from '../../src/model/post.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import type { Store } from '../../src/store/store.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { makeBatch, makePost, manyPosts } from './fixtures/posts.js';

/**
 * Two processes on one PostgreSQL store (two stores, each with its own pool
 * of connections, on one database), doing the same thing to the same posts
 * at the same moment: the server decides each outcome once, so nothing is
 * done twice, lost, or left half-way.
 */
describePostgres('PostgreSQL posts, two processes at once', () => {
  const POSTS = 300;
  let database: TestDatabase;
  let one: Store;
  let two: Store;
  beforeEach(async () => {
    database = await freshDatabase();
    one = await openPostgresStore(database.url);
    two = await openPostgresStore(database.url);
  });
  afterEach(async () => {
    await Promise.all([one.close(), two.close()]);
    await database.drop();
  });

  const posts = () => manyPosts(POSTS, 200, 'race');
  const withdrawal = (reason: string): Withdrawal => ({ at: '2024-06-01T10:00:00.000Z', reason, cause: 'command' });

  it('withdraw a post once between them, and restore it once', async () => {
    await one.applyImport(makeBatch(posts()));
    const ids = posts().map((post) => post.id);
    const [byOne, byTwo] = await Promise.all([
      Promise.all(ids.map((id) => one.withdrawPost(id, withdrawal('one')))),
      Promise.all([...ids].reverse().map((id) => two.withdrawPost(id, withdrawal('two')))),
    ]);
    byTwo.reverse();
    const stored = await one.getPosts(ids);
    ids.forEach((id, i) => {
      expect([byOne[i], byTwo[i]].filter(Boolean), id).toHaveLength(1);
      expect(stored[i]?.withdrawn?.reason, id).toBe(byOne[i] ? 'one' : 'two');
    });
    expect(await two.countPosts()).toBe(0);

    const [upOne, upTwo] = await Promise.all([Promise.all(ids.map((id) => one.restorePost(id))), Promise.all(ids.map((id) => two.restorePost(id)))]);
    ids.forEach((id, i) => expect([upOne[i], upTwo[i]].filter(Boolean), id).toHaveLength(1));
    expect(await one.countPosts()).toBe(POSTS);
  });

  it('give posts new addresses one whole change after the other, without a deadlock', async () => {
    await one.applyImport(makeBatch(posts()));
    const ids = posts().map((post) => post.id);
    for (let round = 0; round < 3; round += 1) {
      const [a, b] = await Promise.all([
        one.setPostUrls(ids.map((id) => ({ id, url: `https://one.example/${id}/` }))),
        two.setPostUrls([...ids].reverse().map((id) => ({ id, url: `https://two.example/${id}/` }))),
      ]);
      expect([a, b]).toEqual([POSTS, POSTS]);
      const hosts = new Set((await two.listPosts()).map((post) => new URL(post.url).host));
      // the one that committed last changed every address: no mix of the two
      expect(hosts.size).toBe(1);
    }
  });

  it('work out each post’s period keys once between them', async () => {
    const many = manyPosts(1_000, 100, 'keys');
    await one.applyImport(makeBatch(many));
    for (const zone of ['Pacific/Auckland', 'Europe/London']) {
      const [a, b] = await Promise.all([one.refreshPeriodKeys(zone, periodKeysAt), two.refreshPeriodKeys(zone, periodKeysAt)]);
      expect(a + b).toBe(1_000);
      const listed = await two.listPosts();
      expect(listed.filter((post) => periodKeysOf(post, zone) !== undefined)).toHaveLength(1_000);
    }
  });

  it('apply two imports one after the other: each whole, a source claimed by both held by the later', async () => {
    const shared = { file: 'blog.txt', format: 'text-export', line: 1, slot: 'shared', hash: 'h' } as const;
    await one.applyImport(makeBatch(posts()));
    const [first, second] = await Promise.all([
      one.applyImport(makeBatch([...manyPosts(500, 200, 'from-one'), makePost('x', { sources: [shared] })], { startedAt: '2024-06-01T00:00:00.000Z' })),
      two.applyImport(makeBatch([...manyPosts(500, 200, 'from-two'), makePost('y', { sources: [shared] })], { startedAt: '2024-06-02T00:00:00.000Z' })),
    ]);
    expect(await one.countPosts()).toBe(POSTS + 1_002);
    const later = first.id > second.id ? 'x' : 'y';
    const earlier = later === 'x' ? 'y' : 'x';
    expect((await two.getPost(later))?.sources).toEqual([shared]);
    expect((await two.getPost(earlier))?.sources).toEqual([]);
    expect(await one.listImportRuns()).toHaveLength(3);
  });
});
