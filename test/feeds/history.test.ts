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

  it.each(FORMATS)('in %s: the archive pages hold every post exactly once, newest first, and the feed the newest 50', (format) => {
    const url = `https://blog.example.org/${format === 'rss' ? 'feed.xml' : format === 'atom' ? 'atom.xml' : 'feed.json'}`;
    const { subscription, pages } = backfill(posts, url, format);
    const expected = expectedIds(posts);
    expect(subscription).toEqual(expected.slice(0, 50));
    // 250 posts in pages of 100 counted from the oldest: page 3 (50, current), page 2, page 1.
    expect(pages.map((p) => p.ids.length)).toEqual([50, 100, 100]);
    const history = pages.flatMap((p) => p.ids);
    expect(history).toEqual(expected);
    // Everything a reader collects (feed + archives, merged by id as RFC 5005 says) is every post once.
    expect(new Set([...subscription, ...history]).size).toBe(posts.length);
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

  it('links the archive pages both ways, to the current feed, and marks only full pages as archived', () => {
    const files = renderAll(posts, makeConfig());
    const page = (n: number) => files.get(`https://blog.example.org/archive/atom-${n}.xml`)?.content ?? '';
    const links = [1, 2, 3].map((n) => feedLinks(page(n), 'atom'));
    expect(links.map((l) => l.get('current')?.['@href'])).toEqual(Array(3).fill('https://blog.example.org/atom.xml'));
    expect(links.map((l) => l.get('prev-archive')?.['@href'])).toEqual([undefined, 'https://blog.example.org/archive/atom-1.xml', 'https://blog.example.org/archive/atom-2.xml']);
    expect(links.map((l) => l.get('next-archive')?.['@href'])).toEqual(['https://blog.example.org/archive/atom-2.xml', 'https://blog.example.org/archive/atom-3.xml', undefined]);
    expect([1, 2, 3].map((n) => isArchived(page(n)))).toEqual([true, true, false]);
    expect(isArchived(files.get('https://blog.example.org/atom.xml')?.content ?? '')).toBe(false);
  });

  it('when the posts fill the last page exactly, that page already links to an empty current page', () => {
    const files = renderAll(makePosts(200), makeConfig());
    const rss = (path: string) => files.get(`https://blog.example.org/${path}`)?.content ?? '';
    expect(feedLinks(rss('feed.xml'), 'rss').get('prev-archive')?.['@href']).toBe('https://blog.example.org/archive/feed-2.xml');
    expect(feedLinks(rss('archive/feed-2.xml'), 'rss').get('next-archive')?.['@href']).toBe('https://blog.example.org/archive/feed-3.xml');
    expect(readItems(rss('archive/feed-3.xml'), 'rss')).toEqual([]);
    expect(isArchived(rss('archive/feed-2.xml'))).toBe(true);
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
      expect(subscription).toEqual(expected.slice(0, 50));
      expect(pages.flatMap((p) => p.ids)).toEqual(expected);
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
