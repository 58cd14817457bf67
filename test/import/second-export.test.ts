/**
 * The plain-text export reader judged on an export it was not tuned on
 * (issue 15, item 6): test/fixtures/text-export/plot-fourteen.txt, an
 * allotment diary written by hand for tidings in the seeds' format, with its
 * answer key beside it. It was written before the rules were run on it and
 * kept out of their tuning; this test records the score it got when scored
 * once, as a floor (not 100 % where it is not): a change that reads it worse
 * fails here, one that reads it better should raise the floor.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { makeSite, REPO, type Site } from '../helpers/site.js';

interface Expected {
  posts: { date: string; title: string | null; starts: string }[];
}

const FIXTURE = path.join(REPO, 'test/fixtures/text-export');
const londonDate = (iso: string): string => new Date(iso).toLocaleDateString('en-CA', { timeZone: 'Europe/London' });

/**
 * The score of the one scoring (2026-12-01), of 30: every date right; two
 * titles missed, both one-line titles that end with a full stop ("Frost
 * again. The beans sulk.", "Hoeing, mostly."), which the rules read as a
 * first sentence (a title ending like prose is never taken), so those two
 * posts got a title made from their text.
 */
const FLOOR = { posts: 28, titles: 28, dates: 30 };

describe('a second plain-text export, held out of the tuning', () => {
  let site: Site;
  afterEach(() => site?.cleanup());

  it(`reads at least ${FLOOR.posts} of its 30 posts whole (date, title and opening), ${FLOOR.titles} titles and ${FLOOR.dates} dates`, async () => {
    const expected = JSON.parse(await readFile(path.join(FIXTURE, 'plot-fourteen.expected.json'), 'utf8')) as Expected;
    site = await makeSite();
    await site.write('export/plot-fourteen.txt', await readFile(path.join(FIXTURE, 'plot-fourteen.txt'), 'utf8'));
    const r = await site.run('import', 'export');
    // its two-line preamble (the blog's name above the first date) is the one problem reported
    expect(r.err).toMatch(/plot-fourteen\.txt:1: error: text before the first date line is skipped \(lines 1-2\)/);
    expect(r.out).toMatch(/new 30, updated 0, merged 0/);

    const store = await openSqliteStore(path.join(site.dir, '.tidings/tidings.db'));
    const stored = await store.listPosts();
    await store.close();
    const got = stored.map((p) => ({ date: londonDate(p.published), title: p.titleDerived ? null : p.title, text: p.text.replace(/\s+/g, ' ').trim() }));

    const unused = new Set(got.keys());
    const take = (match: (g: (typeof got)[number]) => boolean): boolean => {
      for (const i of unused) {
        if (match(got[i]!)) {
          unused.delete(i);
          return true;
        }
      }
      return false;
    };
    const score = { posts: 0, titles: 0, dates: 0 };
    for (const want of expected.posts) {
      if (take((g) => g.date === want.date && g.title === want.title && g.text.startsWith(want.starts))) score.posts++;
    }
    for (const want of expected.posts) if (got.some((g) => g.date === want.date && g.title === want.title)) score.titles++;
    for (const want of expected.posts) if (got.some((g) => g.date === want.date && g.text.includes(want.starts))) score.dates++;
    console.log(`plot-fourteen: ${got.length} posts read; posts right ${score.posts}/30, titles ${score.titles}/30, dates ${score.dates}/30`);
    expect(expected.posts).toHaveLength(30);
    expect(score.posts).toBeGreaterThanOrEqual(FLOOR.posts);
    expect(score.titles).toBeGreaterThanOrEqual(FLOOR.titles);
    expect(score.dates).toBeGreaterThanOrEqual(FLOOR.dates);
  });
});
