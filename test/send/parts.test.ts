import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import {
  backoffMs,
  countAudience,
  DEFAULT_RETRY,
  deliveryMessageId,
  enqueueDeliveries,
  exitCodeFor,
  resolveIssue,
  retriesLeft,
  sendIssue,
  testMessageId,
  variantFor,
  type SendReport,
} from '../../src/send/index.js';
import { ownerName } from '../../src/send/owner.js';
import type { Issue } from '../../src/digest/index.js';
import { planIssues, variantOf } from '../../src/digest/index.js';
import { digestConfig, postAt } from '../digest/helpers.js';
import { activeSubscribers, fixtureIssue, harness, memoryStore, sendConfig } from './helpers.js';

describe('backoff', () => {
  it('waits longer after each failure, up to a ceiling, for a few attempts', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n))).toEqual([1_000, 3_000, 9_000, 27_000]);
    expect(backoffMs(10)).toBe(DEFAULT_RETRY.maxMs);
    expect([1, 2, 3, 4].map((n) => retriesLeft(n))).toEqual([true, true, true, false]);
    expect(() => backoffMs(0)).toThrow(RangeError);
  });
});

describe('who gets which variant', () => {
  const config = sendConfig();
  const issue = fixtureIssue(config);

  it('gives active subscribers the sections of the themes they follow, everything when they chose none', () => {
    expect(variantFor(issue, { status: 'active', themes: [] })).toBe('*');
    expect(variantFor(issue, { status: 'active', themes: ['workforce', 'inspection', 'gone'] })).toBe('inspection,workforce');
    expect(variantFor(issue, { status: 'active', themes: ['gone'] })).toBeNull();
    for (const status of ['pending', 'unsubscribed', 'bounced', 'complained'] as const) expect(variantFor(issue, { status, themes: [] })).toBeNull();
  });

  it('counts the audience and creates its deliveries once', async () => {
    const store = await memoryStore([
      ...activeSubscribers(25),
      { email: 'w@example.org', status: 'active', themes: ['workforce'] },
      { email: 'x@example.org', status: 'active', themes: ['gone'] },
      { email: 'u@example.org', status: 'unsubscribed' },
    ]);
    const audience = await countAudience(store, issue, { pageSize: 10 });
    expect(audience).toEqual({ variants: new Map([['*', 25], ['workforce', 1]]), notFollowing: 1, eligible: 26 });
    await store.recordIssue({ id: issue.id, number: 1, subject: 's' });
    expect(await enqueueDeliveries(store, issue)).toEqual({ created: 26 });
    expect(await enqueueDeliveries(store, issue)).toEqual({ created: 0 });
    await store.close();
  });

  // The store chooses the audience itself (in SQL): it must agree with variantFor, subscriber by subscriber, for the
  // issue whose themes are all primary and for one where "policy" is only ever a post's second theme.
  const secondary = planIssues(
    [
      postAt(1, '2019-07-30T08:00:00Z', ['inspection', 'policy'], { title: 'Inspection, then policy' }),
      postAt(2, '2019-07-30T09:00:00Z', ['workforce'], { title: 'On workforce' }),
      postAt(3, '2019-07-30T10:00:00Z', ['workforce', 'inspection', 'policy'], { title: 'Policy third' }),
      postAt(4, '2019-07-30T11:00:00Z', [], { title: 'On nothing much' }),
    ],
    config,
  ).issues[0] as Issue;
  it.each([
    ['themes all primary', issue],
    ['a theme only ever second or third', secondary],
  ])('creates deliveries for exactly the subscribers variantFor gives a variant, across slices of the list (%s)', async (_, chosen) => {
    const themes = ['inspection', 'workforce', 'policy', 'gone', 'in"spect,ion', 'Inspection'];
    const statuses = ['active', 'active', 'active', 'pending', 'unsubscribed', 'bounced', 'complained'] as const;
    let seed = 20261123;
    const rnd = (n: number): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed % n;
    };
    const inputs = Array.from({ length: 12_000 }, (_, i) => ({
      email: `s${i}@example.org`,
      status: statuses[rnd(statuses.length)] ?? 'active',
      themes: themes.filter(() => rnd(4) === 0),
    }));
    const store = await memoryStore(inputs);
    // Gaps in the ids, as removals leave them.
    for (let id = 5_000; id < 5_100; id++) await store.removeSubscriber(id);
    await store.recordIssue({ id: chosen.id, number: 1, subject: 's' });
    const subscribers = await store.listSubscribers({ limit: 20_000 });
    const expected = subscribers.filter((subscriber) => variantFor(chosen, subscriber) !== null).map((subscriber) => subscriber.id);
    expect(expected.length).toBeGreaterThan(3_000);
    expect(expected.length).toBeLessThan(subscribers.length);

    expect(await enqueueDeliveries(store, chosen)).toEqual({ created: expected.length });
    const made = (await store.listDeliveries(chosen.id)).map((delivery) => delivery.subscriberId);
    expect(made).toEqual(expected);

    // The TypeScript rule: each post a subscriber follows a theme of is in their variant once, under the first of its
    // themes they follow; no other post is.
    const byId = new Map(subscribers.map((s) => [s.id, s]));
    let onlyLater = 0;
    for (const id of made) {
      const followed = byId.get(id)?.themes ?? [];
      const variant = variantOf(chosen, followed, config);
      const placed = (variant?.sections ?? []).flatMap((section) => section.posts.map((post) => [post.id, section.theme] as const));
      const wanted = chosen.posts.flatMap((post) => {
        if (followed.length === 0) return [[post.id, post.themes[0] ?? null] as const];
        const first = post.themes.find((theme) => followed.includes(theme));
        return first === undefined ? [] : [[post.id, first] as const];
      });
      expect(placed.sort()).toEqual(wanted.sort());
      if (followed.length > 0 && !chosen.sections.some((section) => section.theme !== null && followed.includes(section.theme))) onlyLater++;
    }
    // Subscribers who follow no primary theme of the issue, only later ones: none in the first issue, many in the second.
    if (chosen === secondary) expect(onlyLater).toBeGreaterThan(500);
    else expect(onlyLater).toBe(0);
    await store.close();
  });
});

describe('resolveIssue', () => {
  const config = digestConfig();
  const posts = [postAt(1, '2019-07-30T08:00:00Z', ['inspection']), postAt(2, '2019-08-06T08:00:00Z', ['workforce'])];
  // Numbers as a fresh store gives them: oldest issue first.
  const assignIssueNumbers = async (ids: readonly string[]) => new Map(ids.map((id, i) => [id, i + 1]));
  const store = { listPosts: async () => posts, assignIssueNumbers };

  it('computes the issue from the posts in the store now', async () => {
    const latest = await resolveIssue(store, config, { latest: true }, new Date('2019-08-20T00:00:00Z'));
    expect(latest.issue.id).toBe('2019-W32');
    expect(latest.due).toBe(true);
    // A post removed since is not in it.
    const fewer = await resolveIssue({ listPosts: async () => posts.slice(0, 1), assignIssueNumbers }, config, { latest: true }, new Date('2019-08-20T00:00:00Z'));
    expect(fewer.issue.id).toBe('2019-W31');
  });

  it('refuses an unknown issue, one not over yet, and a blog with nothing due, saying what to do', async () => {
    await expect(resolveIssue(store, config, { id: '2019-W40' }, new Date('2019-08-20T00:00:00Z'))).rejects.toThrow(/there is no issue 2019-W40.*the latest are 2019-W31, 2019-W32/);
    await expect(resolveIssue(store, config, { id: '2019-W32' }, new Date('2019-08-07T00:00:00Z'), { requireDue: true })).rejects.toThrow(/not over yet.*--dry-run and --to work now/);
    expect((await resolveIssue(store, config, { id: '2019-W32' }, new Date('2019-08-07T00:00:00Z'))).due).toBe(false);
    await expect(resolveIssue(store, config, { latest: true }, new Date('2019-07-01T00:00:00Z'))).rejects.toThrow(InputError);
    await expect(resolveIssue({ listPosts: async () => [], assignIssueNumbers }, config, { latest: true }, new Date())).rejects.toThrow(/import some first/);
  });
});

describe('Message-IDs', () => {
  it('are stable per issue and subscriber, distinct otherwise, and never a test copy’s', () => {
    const config = sendConfig();
    const id = deliveryMessageId(config, '2019-W31', 42);
    expect(id).toMatch(/^<2019-W31\.42\.[0-9a-f]{10}@blog\.example\.org>$/);
    expect(deliveryMessageId(config, '2019-W31', 42)).toBe(id);
    expect(deliveryMessageId(config, '2019-W31', 43)).not.toBe(id);
    expect(deliveryMessageId(config, '2019-W32', 42)).not.toBe(id);
    const other = { ...config, site: { ...config.site, baseUrl: 'https://other.example.org/' } };
    expect(deliveryMessageId(other, '2019-W31', 42)).not.toBe(id);
    expect(testMessageId(config, '2019-W31', 'abc')).toBe('<2019-W31.test.abc@blog.example.org>');
  });
});

describe('the claim of a sender that stopped renewing it (killed, or in another PID namespace)', () => {
  it('names its owner by a random part, not by its process alone', () => {
    const [a, b] = [ownerName(), ownerName()];
    expect(a).not.toBe(b);
    expect(a.split(':').slice(0, 2)).toEqual(b.split(':').slice(0, 2));
    expect(a.split(':')[2]).toMatch(/^[0-9a-f]{32}$/);
  });

  it('is not taken over while its lease holds, even when its process id names no process here; it is once the lease lapsed', async () => {
    const h = await harness(activeSubscribers(3));
    await h.store.recordIssue({ id: h.issue.id, number: 1, subject: 's' });
    const [host] = ownerName().split(':');
    // A pid no process here has: what a live sender in another PID namespace looks like.
    const other = `${host}:2147483646:abcd`;
    await h.store.claimIssueForSending(h.issue.id, other, { now: h.clock.now().toISOString(), leaseMs: 30_000 });
    const held = await sendIssue(h.deps, { issue: h.issue });
    expect(held.outcome).toBe('held');
    expect(held.heldBy).toEqual({ owner: other, until: new Date(h.clock.now().getTime() + 30_000).toISOString() });
    expect(h.transport.taken).toHaveLength(0);

    h.clock.advance(30_000);
    const report = await sendIssue(h.deps, { issue: h.issue });
    expect(report.outcome).toBe('sent');
    expect(h.transport.taken).toHaveLength(3);
    await h.store.close();
  });
});

describe('exit codes', () => {
  const base = { issueId: 'w', subject: 's', counts: {} as SendReport['counts'], elapsedMs: 1, variants: 1, unspliced: new Map() } as const;
  const run = { created: 0, unknownFound: 0, requeued: 0, sent: 1, failed: 0, bounced: 0, heldBack: 0, retried: 0, deferred: 0, lastDeferral: null, nextAttemptAt: null, dropped: 0, inDoubt: 0 };
  it('are 0 for a complete, an already sent and a stopped send without failures, 1 otherwise', () => {
    for (const outcome of ['sent', 'already-sent', 'stopped'] as const) expect(exitCodeFor({ ...base, outcome, run })).toBe(0);
    for (const outcome of ['incomplete', 'deferred', 'relay-refused', 'fatal', 'held', 'lost-claim'] as const) expect(exitCodeFor({ ...base, outcome, run })).toBe(1);
    expect(exitCodeFor({ ...base, outcome: 'sent', run: { ...run, failed: 1 } })).toBe(1);
  });
});
