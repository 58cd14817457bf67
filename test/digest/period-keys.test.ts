import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/schema.js';
import { dayRangeWords, dayWords } from '../../src/digest/day-words.js';
import type { PeriodKind } from '../../src/digest/model.js';
import { periodKeysAt } from '../../src/digest/periods.js';
import { planIssues } from '../../src/digest/plan.js';
import { periodKeysOf } from '../../src/model/post-periods.js';
import type { Post } from '../../src/model/post.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/store.js';
import { makeBatch } from '../store/fixtures/posts.js';
import { demoSite } from './demo-helpers.js';
import { digestConfig, postAt } from './helpers.js';

/**
 * Planning from the stored period keys gives the same issues, to the byte,
 * as planning every post through luxon (copies of the posts carry no keys,
 * so they take the old path).
 */

const KINDS: readonly PeriodKind[] = ['weekly', 'daily', 'monthly'];
const ZONES = ['Europe/London', 'Pacific/Auckland'] as const;

function withoutKeys(posts: readonly Post[]): Post[] {
  return posts.map((post) => ({ ...post }));
}

function configIn(base: Config, zone: string, period: PeriodKind): Config {
  return { ...base, site: { ...base.site, timeZone: zone }, digest: { ...base.digest, period } };
}

function keyed(posts: readonly Post[], zone: string): number {
  return posts.filter((post) => periodKeysOf(post, zone) !== undefined).length;
}

describe('the demo blog, planned from its stored period keys', () => {
  let demo: Awaited<ReturnType<typeof demoSite>>;
  beforeAll(async () => {
    demo = await demoSite();
  });
  afterAll(async () => demo.cleanup());

  it.each(KINDS)('plans the same %s issues as the per-post path', async (period) => {
    const config = configIn(demo.app.config, demo.app.config.site.timeZone, period);
    const posts = await demo.app.store.listPosts();
    expect(posts.length).toBeGreaterThan(5);
    // the import worked the keys out: every post carries them
    expect(keyed(posts, config.site.timeZone)).toBe(posts.length);
    const fast = planIssues(posts, config);
    expect(fast.issues.length).toBeGreaterThan(1);
    expect(fast).toEqual(planIssues(withoutKeys(posts), config));
    expect(JSON.stringify(fast)).toBe(JSON.stringify(planIssues(withoutKeys(posts), config)));
  });
});

/** The last Sunday of `month` (1-12) in `year`, as a UTC day number. */
function lastSunday(year: number, month: number): number {
  const last = Date.UTC(year, month, 0);
  return last - new Date(last).getUTCDay() * 86_400_000;
}

/** 2,000 instants from 2020 to early 2027: a steady walk through every hour of the day, and the edges where zones disagree. */
function corpusInstants(): string[] {
  const minute = 60_000;
  const hour = 60 * minute;
  const at = new Set<number>();
  // Around each new year (2020-W53 and 2026-W53 included): local midnights in London (UTC) and Auckland (UTC+13 in summer).
  for (let year = 2020; year <= 2027; year += 1) {
    const newYear = Date.UTC(year, 0, 1);
    for (const offset of [-14 * hour, -13 * hour - minute, -13 * hour, -11 * hour, -minute, 0, minute, 11 * hour, 13 * hour, 24 * hour - minute]) {
      at.add(newYear + offset);
    }
    // Each Sunday/Monday midnight of the last week of December and the first of January (ISO week edges).
    for (let day = -7; day <= 7; day += 1) at.add(newYear + day * 24 * hour - 13 * hour + (day % 2 === 0 ? -minute : minute));
  }
  // DST changes: London (last Sunday of March and October, 01:00 UTC), Auckland (last Sunday of September, first Sunday of April, 14:00 UTC the day before).
  for (let year = 2020; year <= 2026; year += 1) {
    for (const change of [lastSunday(year, 3) + hour, lastSunday(year, 10) + hour, lastSunday(year, 9) - 10 * hour, lastSunday(year, 3) + 7 * 86_400_000 - 10 * hour]) {
      for (const offset of [-hour - minute, -minute, 0, minute, hour, 11 * hour - minute, 11 * hour, 12 * hour, 23 * hour - minute, 23 * hour]) at.add(change + offset);
    }
  }
  // The steady walk: every 31 h 7 min from 2020-01-01, so a post lands at every hour of the day in turn.
  const step = 31 * hour + 7 * minute;
  for (let t = Date.UTC(2020, 0, 1, 0, 3); at.size < 2_000; t += step) at.add(t);
  return [...at].sort((a, b) => a - b).map((ms) => new Date(ms).toISOString().replace('.000Z', 'Z'));
}

describe('a generated 2,000-post corpus across DST changes and ISO week 53, in two zones', () => {
  const base = digestConfig();
  const themes = base.themes.map((t) => t.slug);
  const posts = corpusInstants().map((iso, i) => postAt(i, iso, i % 4 === 3 ? [] : [themes[i % themes.length] ?? 'inspection']));
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tidings-period-keys-'));
    store = await openSqliteStore(path.join(dir, 'store.db'));
    await store.applyImport(makeBatch(posts));
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('holds the edges it claims to', () => {
    expect(posts).toHaveLength(2_000);
    const weeks = new Set(posts.map((p) => periodKeysAt(p.published, 'Pacific/Auckland')?.weekly));
    expect(weeks).toContain('2020-W53');
    expect(weeks).toContain('2026-W53');
  });

  for (const [first, second] of [ZONES, [...ZONES].reverse()] as const) {
    it(`plans the same issues from the keys as per post, in ${first} and then (keys stale, then redone in one pass) in ${second}`, async () => {
      await store.refreshPeriodKeys(second, periodKeysAt);
      expect(await store.refreshPeriodKeys(first, periodKeysAt)).toBe(2_000);
      expect(await store.refreshPeriodKeys(first, periodKeysAt)).toBe(0);
      const inFirst = await store.listPosts();
      expect(keyed(inFirst, first)).toBe(2_000);
      for (const period of KINDS) {
        const config = configIn(base, first, period);
        expect(planIssues(inFirst, config)).toEqual(planIssues(withoutKeys(inFirst), config));
      }
      // the site moves zone: the stored keys are stale, and not used…
      expect(keyed(inFirst, second)).toBe(0);
      const weekly = configIn(base, second, 'weekly');
      expect(planIssues(inFirst, weekly)).toEqual(planIssues(withoutKeys(inFirst), weekly));
      // …until the next pass works them all out again.
      expect(await store.refreshPeriodKeys(second, periodKeysAt)).toBe(2_000);
      const inSecond = await store.listPosts();
      expect(keyed(inSecond, second)).toBe(2_000);
      for (const period of KINDS) {
        const config = configIn(base, second, period);
        const fast = planIssues(inSecond, config);
        expect(fast.problems).toEqual([]);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(planIssues(withoutKeys(inSecond), config)));
      }
    });
  }

  it('works out again the keys of a post whose date changed, and only those', async () => {
    await store.refreshPeriodKeys('Europe/London', periodKeysAt);
    const moved = { ...(posts[7] as Post), published: '2026-12-31T23:30:00Z', updated: '2026-12-31T23:30:00Z' };
    await store.applyImport(makeBatch([moved]));
    expect(await store.refreshPeriodKeys('Europe/London', periodKeysAt)).toBe(1);
    const read = await store.getPost(moved.id);
    expect(read && periodKeysOf(read, 'Europe/London')).toMatchObject({ weekly: '2026-W53', daily: '2026-12-31', monthly: '2026-12' });
  });
});

/** The words as luxon gave them before day-words.ts (periods.ts dayRange and pages/dates.ts displayDate, as they were). */
function luxonRange(first: DateTime, last: DateTime, locale: string): string {
  const a = first.setLocale(locale);
  const b = last.setLocale(locale);
  if (a.hasSame(b, 'day')) return a.toLocaleString(DateTime.DATE_FULL);
  if (!a.hasSame(b, 'year')) return `${a.toLocaleString(DateTime.DATE_FULL)} – ${b.toLocaleString(DateTime.DATE_FULL)}`;
  const from = a.hasSame(b, 'month') ? a.toLocaleString({ day: 'numeric' }) : a.toLocaleString({ day: 'numeric', month: 'long' });
  return `${from} – ${b.toLocaleString(DateTime.DATE_FULL)}`;
}

describe('days in words without luxon', () => {
  it.each(['en-GB', 'en-US', 'de', 'ja', 'fa'])('words the days, weeks and months of 2019-2027 as luxon did, in %s', (locale) => {
    for (const zone of locale === 'en-GB' ? ZONES : ZONES.slice(0, 1)) {
      let at = DateTime.fromISO('2019-12-01T00:00:00', { zone });
      const end = DateTime.fromISO('2027-02-01T00:00:00', { zone });
      // every day of December and January (the year's edges, week 53), every third day otherwise
      for (; at < end; at = at.plus({ days: at.month === 12 || at.month === 1 ? 1 : 3 })) {
        const day = { year: at.year, month: at.month, day: at.day };
        expect(dayWords(day, locale)).toBe(at.setLocale(locale).toLocaleString(DateTime.DATE_FULL));
        const sunday = at.endOf('week').startOf('day');
        const monthEnd = at.endOf('month').startOf('day');
        for (const last of [sunday, monthEnd, at]) {
          expect(dayRangeWords(day, { year: last.year, month: last.month, day: last.day }, locale)).toBe(luxonRange(at, last, locale));
        }
      }
    }
  });
});
