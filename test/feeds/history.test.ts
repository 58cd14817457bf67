import { describe, expect, it } from 'vitest';
import type { FeedFormat } from '../../src/feeds/index.js';
import { entryId } from '../../src/feeds/index.js';
import type { Post } from '../../src/model/post.js';
import { THEMES, makeConfig, makePost, makePosts } from './fixtures.js';
import { feedLinks, isArchived, olderLink, readItems, renderAll } from './read-feeds.js';

const FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];

/**
 * What a reader who backfills sees: the subscription document, then every
 * archive page reached by following the "older" link (prev-archive, or
 * next_url in JSON Feed) until there is none.
 */
function backfill(posts: readonly Post[], subscriptionUrl: string, format: FeedFormat, config = makeConfig()) {
  const files = renderAll(posts, config);
  const fetch = (url: string): string => {
    const file = files.get(url);
    if (!file) throw new Error(`dangling link: ${url}`);
    return file.content;
  };
  const subscription = readItems(fetch(subscriptionUrl), format);
  const pages: { url: string; ids: string[] }[] = [];
  const seen = new Set<string>();
  for (let url = olderLink(fetch(subscriptionUrl), format); url !== undefined; url = olderLink(fetch(url), format)) {
    if (seen.has(url)) throw new Error(`loop at ${url}`);
    seen.add(url);
    pages.push({ url, ids: readItems(fetch(url), format).map((i) => i.id) });
  }
  return { subscription: subscription.map((i) => i.id), pages };
}

/** Ids of the posts, newest first, as the feeds must list them. */
function expectedIds(posts: readonly Post[]): string[] {
  return [...posts].sort((a, b) => Date.parse(b.published) - Date.parse(a.published)).map((p) => entryId('post', p.id));
}

describe('the full history of the blog', () => {
  const posts = makePosts(250);

  it.each(FORMATS)('in %s: the current feed and the archive pages hold every post exactly once, newest first', (format) => {
    const url = `https://blog.example.org/${format === 'rss' ? 'feed.xml' : format === 'atom' ? 'atom.xml' : 'feed.json'}`;
    const { subscription, pages } = backfill(posts, url, format);
    const expected = expectedIds(posts);
    // 250 posts, the newest 50 kept: pages of 100 counted from the oldest, complete ones only (2), the rest (50) in the feed.
    expect(subscription).toEqual(expected.slice(0, 50));
    expect(pages.map((p) => p.ids.length)).toEqual([100, 100]);
    expect([...subscription, ...pages.flatMap((p) => p.ids)]).toEqual(expected);
  });

  it.each([1, 99, 100, 101, 149, 150, 200, 250])('with %i posts every post is reachable exactly once through prev-archive, and no page is empty', (count) => {
    const some = makePosts(count);
    for (const format of FORMATS) {
      const url = `https://blog.example.org/${format === 'rss' ? 'feed.xml' : format === 'atom' ? 'atom.xml' : 'feed.json'}`;
      const { subscription, pages } = backfill(some, url, format);
      expect([...subscription, ...pages.flatMap((p) => p.ids)]).toEqual(expectedIds(some));
      expect(subscription.length).toBeGreaterThanOrEqual(Math.min(50, count));
      for (const page of pages) expect(page.ids).toHaveLength(100);
    }
  });

  it('has the same ids in the same order in all three formats', () => {
    const ids = FORMATS.map((format) => {
      const url = `https://blog.example.org/${format === 'rss' ? 'feed.xml' : format === 'atom' ? 'atom.xml' : 'feed.json'}`;
      const { subscription, pages } = backfill(posts, url, format);
      return [...subscription, ...pages.flatMap((p) => p.ids)];
    });
    expect(ids[1]).toEqual(ids[0]);
    expect(ids[2]).toEqual(ids[0]);
  });

  it('links archive pages to the older page and the current feed, never forward, and marks every one as archived', () => {
    const files = renderAll(posts, makeConfig());
    const page = (n: number) => files.get(`https://blog.example.org/archive/atom-${n}.xml`)?.content ?? '';
    const links = [1, 2].map((n) => feedLinks(page(n), 'atom'));
    expect(links.map((l) => l.get('current')?.['@href'])).toEqual(Array(2).fill('https://blog.example.org/atom.xml'));
    expect(links.map((l) => l.get('prev-archive')?.['@href'])).toEqual([undefined, 'https://blog.example.org/archive/atom-1.xml']);
    expect(links.map((l) => l.get('next-archive'))).toEqual([undefined, undefined]);
    expect([1, 2].map((n) => isArchived(page(n)))).toEqual([true, true]);
    expect(files.has('https://blog.example.org/archive/atom-3.xml')).toBe(false);
    expect(isArchived(files.get('https://blog.example.org/atom.xml')?.content ?? '')).toBe(false);
  });

  it('an archive page is byte for byte the same after more posts, until the next one is full', () => {
    const before = renderAll(makePosts(150), makeConfig());
    const page1 = before.get('https://blog.example.org/archive/feed-1.xml')?.content;
    expect(page1).toBeDefined();
    for (const count of [151, 200, 249, 250]) {
      const after = renderAll(makePosts(count), makeConfig());
      expect(after.get('https://blog.example.org/archive/feed-1.xml')?.content).toBe(page1);
      expect(after.has('https://blog.example.org/archive/feed-2.xml')).toBe(count >= 250);
    }
  });

  it('lists posts published at the same instant in their source order, every time', () => {
    const same = '2019-07-31T09:00:00.000Z';
    const twins = [makePost(1, { id: 'b', published: same, updated: same, sequence: 1 }), makePost(2, { id: 'a', published: same, updated: same, sequence: 0 })];
    const { subscription } = backfill(twins, 'https://blog.example.org/feed.json', 'json');
    expect(subscription).toEqual([entryId('post', 'a'), entryId('post', 'b')]);
  });
});

describe('theme feeds', () => {
  const posts = makePosts(300);

  it.each(THEMES.map((t) => t.slug))('the %s feed and its archive hold exactly the posts of that theme', (slug) => {
    for (const format of FORMATS) {
      const name = format === 'rss' ? 'feed.xml' : format === 'atom' ? 'atom.xml' : 'feed.json';
      const { subscription, pages } = backfill(posts, `https://blog.example.org/themes/${slug}/${name}`, format);
      const expected = expectedIds(posts.filter((p) => p.themes.includes(slug)));
      expect(expected.length).toBeGreaterThan(50);
      expect(subscription.length).toBeGreaterThanOrEqual(50);
      expect([...subscription, ...pages.flatMap((p) => p.ids)]).toEqual(expected);
    }
  });

  it('a post without a theme is in the blog feed only', () => {
    const loner = makePost(3);
    expect(loner.themes).toEqual([]);
    const files = renderAll([loner], makeConfig());
    const withItem = [...files.entries()].filter(([, f]) => f.doc.entries.length > 0).map(([url]) => url);
    expect(withItem.every((url) => !url.includes('/themes/'))).toBe(true);
    expect(withItem).toContain('https://blog.example.org/feed.xml');
  });
});
