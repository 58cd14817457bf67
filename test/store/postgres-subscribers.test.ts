import { afterEach, beforeEach, expect, it } from 'vitest';
import pg from 'pg';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { SUBSCRIBER_PAGE } from '../../src/store/postgres/subscriber-reads.js';
import type { Store, SubscriberInput } from '../../src/store/store.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../helpers/postgres.js';

/**
 * Two tidings processes on one PostgreSQL database (two stores, each with
 * its own pool of connections) doing the same thing at the same moment:
 * nothing either does is lost or done twice.
 */
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describePostgres('PostgreSQL subscribers, with two servers racing', () => {
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

  it('counts 200 clicks made on two servers at once as 200, and each reader once', async () => {
    await one.upsertSubscribers([
      { email: 'ann@example.org', status: 'active' },
      { email: 'bob@example.org', status: 'active' },
    ]);
    const ann = (await one.findSubscriberByEmail('ann@example.org'))?.id ?? 0;
    const bob = (await one.findSubscriberByEmail('bob@example.org'))?.id ?? 0;
    const click = { issueId: '2019-W31', postId: 'a', url: 'https://example.org/a/' };
    await Promise.all(range(200).map((i) => (i % 2 === 0 ? one : two).countClick({ ...click, subscriberId: i % 3 === 0 ? ann : bob })));
    expect(await one.clickCounts()).toMatchObject([{ clicks: 200, readers: 2 }]);
  });

  it('never gives one issue number twice when two schedulers assign at once', async () => {
    const weeks = range(40).map((i) => `2019-W${String(i + 1).padStart(2, '0')}`);
    const answers = await Promise.all(
      range(8).map((round) => {
        const store = round % 2 === 0 ? one : two;
        // Overlapping windows of the plan, as two schedulers a tick apart would see it.
        return store.assignIssueNumbers(weeks.slice(round * 4, round * 4 + 12));
      }),
    );
    const numbers = await one.issueNumbers();
    expect(numbers.size).toBe(weeks.length);
    expect([...numbers.values()].sort((a, b) => a - b)).toEqual(range(weeks.length).map((i) => i + 1));
    for (const answer of answers) for (const [id, number] of answer) expect(numbers.get(id)).toBe(number);
  });

  it('keeps a bounce made while an import of the same addresses runs: an import never reactivates it', async () => {
    const addresses = range(150).map((i) => `reader${i}@example.org`);
    await one.upsertSubscribers(addresses.map((email) => ({ email, status: 'pending' })));
    const ids = new Map((await one.listSubscribers()).map((s) => [s.email, s.id]));
    const [, imports] = await Promise.all([
      Promise.all(addresses.map((email) => one.setSubscriberStatus(ids.get(email) ?? 0, 'bounced'))),
      Promise.all(addresses.map((email) => two.upsertSubscribers([{ email, name: 'Imported', status: 'active' }]))),
    ]);
    const after = await one.listSubscribers();
    expect(after.map((s) => s.status)).toEqual(addresses.map(() => 'bounced'));
    expect(after.every((s) => s.name === 'Imported' && s.unsubscribedAt !== null)).toBe(true);
    // Each import saw the address either before the bounce (and confirmed it) or after (and kept it bounced).
    for (const [result] of imports) expect(['updated:active', 'suppressed:bounced']).toContain(`${result?.outcome}:${result?.subscriber.status}`);
  });

  it('creates each address once when two imports bring the same new addresses at once', async () => {
    const batch = (name: string): SubscriberInput[] => range(1_000).map((i) => ({ email: `new${i}@example.org`, name, status: 'active' }));
    const [first, second] = await Promise.all([one.upsertSubscribers(batch('one')), two.upsertSubscribers(batch('two'))]);
    expect(await one.countSubscribers()).toBe(1_000);
    range(1_000).forEach((i) => {
      const outcomes = [first[i]?.outcome, second[i]?.outcome].sort();
      expect(outcomes).toEqual(['created', 'updated']);
      expect(first[i]?.subscriber.id).toBe(second[i]?.subscriber.id);
    });
    const created = [...first, ...second].filter((r) => r.outcome === 'created').map((r) => r.subscriber.id);
    expect(new Set(created).size).toBe(1_000);
  });

  it('counts a click made while its reader is removed, and keeps none of it against them', async () => {
    const addresses = range(100).map((i) => `gone${i}@example.org`);
    const added = await one.upsertSubscribers(addresses.map((email) => ({ email, status: 'active' })));
    const ids = added.map((r) => r.subscriber.id);
    const click = { issueId: '2019-W31', postId: 'a', url: 'https://example.org/a/' };
    await Promise.all(ids.flatMap((id) => [one.countClick({ ...click, subscriberId: id }), two.removeSubscriber(id)]));
    expect(await one.clickCounts()).toMatchObject([{ clicks: 100, readers: 0 }]);
  });

  it('counts every failure two builds report for one document at once', async () => {
    const failed = [{ url: 'https://example.org/atom.xml', error: 'HTTP 503' }];
    await Promise.all(range(60).map((i) => (i % 2 === 0 ? one : two).keepHubNotices('https://hub.example.net/', failed)));
    expect(await one.keptHubNotices()).toMatchObject([{ url: 'https://example.org/atom.xml', attempts: 60 }]);
  });
});

describePostgres('PostgreSQL subscribers, a list just imported', () => {
  // Regression: with no statistics yet, the planner paged a status of a new list by a bitmap scan
  // and a sort of every later row (walking 100,000 active subscribers: 8-9 s instead of about 1).
  it('is walked by status from an index, without sorting every later row for each page', async () => {
    const database = await freshDatabase();
    const store = await openPostgresStore(database.url);
    const client = new pg.Client({ connectionString: database.url });
    try {
      await store.upsertSubscribers(range(5_000).map((i) => ({ email: `r${i}@example.org`, status: i % 10 === 0 ? 'bounced' : 'active' })));
      await client.connect();
      // A page of the common status (a send's walk of the active) reads its rows in id order and stops at the limit.
      const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${SUBSCRIBER_PAGE}`, ['active', 1_000, 1_000]);
      const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
      expect(text).toMatch(/Index Scan/);
      expect(text).not.toMatch(/Sort/);
    } finally {
      await client.end();
      await store.close();
      await database.drop();
    }
  });
});
