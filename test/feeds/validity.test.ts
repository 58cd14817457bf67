import { parseFeed } from '@rowanmanning/feed-parser';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { blogFeeds, renderAtom, renderJsonFeed, renderRss } from '../../src/feeds/index.js';
import { makeConfig, makePosts } from './fixtures.js';
import { assertWellFormed, feedLinks, parseXml } from './read-feeds.js';

// The W3C Feed Validation Service's own patterns (feedvalidator/validators.py).
const RFC2822 =
  /^((Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d\d? (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d\d\d\d \d\d:\d\d(:\d\d)? (([+-]?\d\d[03]0)|UT|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|Z)$/;
const RFC3339 = /^\d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*)?(Z|([+-]\d\d:\d\d))$/;
const TAG_URI = /^tag:([a-z0-9\-._]+?@)?[a-z0-9.-]+?,\d{4}(-\d{2}(-\d{2})?)?:[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,]*(#[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,]*)?$/;
const ABSOLUTE = /^https?:\/\/[^/]/;

function documents(hub?: string) {
  const config = makeConfig({ items: 10, ...(hub ? { hub } : {}) });
  const feeds = blogFeeds(makePosts(210), config);
  const subscription = feeds.documents[0];
  const archive = feeds.documents.find((d) => d.kind === 'archive' && d.complete);
  if (!subscription || !archive) throw new Error('fixture has no subscription or complete archive document');
  return { config, feeds, subscription, archive };
}

/** The day of the week an RFC 822 date names must be the right one at its own offset (the validator checks). */
function expectRightWeekday(date: string): void {
  expect(date).toMatch(RFC2822);
  if (date.endsWith(' GMT')) expect(new Date(date).toUTCString()).toBe(date);
  else expect(DateTime.fromRFC2822(date, { setZone: true }).toRFC2822()).toBe(date);
}

describe('RSS 2.0', () => {
  const { subscription, archive } = documents('https://hub.example.net/');
  const xml = renderRss(subscription);

  it('is well-formed XML that an independent parser reads completely', () => {
    assertWellFormed(xml);
    const feed = parseFeed(xml);
    expect(feed.meta).toEqual({ type: 'rss', version: '2.0' });
    expect(feed.title).toBe('Commentary & Notes');
    expect(feed.description).toBe('A blog about <child> protection.');
    expect(feed.language).toBe('en-GB');
    expect(feed.url).toBe('https://blog.example.org/');
    expect(feed.self).toBe('https://blog.example.org/feed.xml');
    expect(feed.generator?.label).toBe('tidings');
    expect(feed.items).toHaveLength(10);
    for (const item of feed.items) {
      expect(item.id).toMatch(TAG_URI);
      expect(item.url).toMatch(ABSOLUTE);
      expect(item.title).toMatch(/^Post number \d+: “quotes” & <angles>$/);
      expect(item.published).toBeInstanceOf(Date);
      expect(item.authors.map((a) => a.name)).toEqual(['Chris Mills']);
      expect(item.content).toContain('with <a href="https://example.com/a?x=1');
      // description is HTML: a reader shows the summary text exactly.
      expect(item.description).toMatch(/^Body of post \d+ with a link & emphasis\.$/);
    }
  });

  it('dates every item and the channel in RFC 822 with the right weekday; lastBuildDate is the newest update', () => {
    const doc = parseXml(xml) as { rss: { channel: { lastBuildDate: string; item: { pubDate: string; 'atom:updated': string }[] } } };
    expectRightWeekday(doc.rss.channel.lastBuildDate);
    for (const item of doc.rss.channel.item) {
      expectRightWeekday(item.pubDate);
      expect(item['atom:updated']).toMatch(RFC3339);
    }
    expect(Date.parse(doc.rss.channel.lastBuildDate)).toBe(Date.parse(subscription.entries[0]?.updated ?? ''));
  });

  it('carries the post HTML exactly, escaped once for XML', () => {
    const doc = parseXml(xml) as { rss: { channel: { item: { 'content:encoded': string }[] } } };
    expect(doc.rss.channel.item.map((i) => i['content:encoded'])).toEqual(subscription.entries.map((e) => e.contentHtml));
    expect(doc.rss.channel.item[0]?.['content:encoded']).toContain('<a href="https://example.com/a?x=1&amp;y=2">a link</a>');
  });

  it('has a self link of the RSS type, the hub, and description before content:encoded', () => {
    const links = feedLinks(xml, 'rss');
    expect(links.get('self')).toEqual({ '@rel': 'self', '@type': 'application/rss+xml', '@href': 'https://blog.example.org/feed.xml' });
    expect(links.get('hub')?.['@href']).toBe('https://hub.example.net/');
    for (const item of xml.split('<item>').slice(1)) {
      expect(item.indexOf('<description>')).toBeGreaterThan(0);
      expect(item.indexOf('<description>')).toBeLessThan(item.indexOf('<content:encoded>'));
      // RSS <author> must be an e-mail address: a name goes in dc:creator instead.
      expect(item).not.toContain('<author>');
      expect(item).toContain('<dc:creator>Chris Mills</dc:creator>');
    }
  });

  it('gives every item a unique guid that is not a permalink', () => {
    const doc = parseXml(xml) as { rss: { channel: { item: { guid: { '#text': string; '@isPermaLink': string } }[] } } };
    const guids = doc.rss.channel.item.map((i) => i.guid['#text']);
    expect(new Set(guids).size).toBe(guids.length);
    expect(doc.rss.channel.item.every((i) => i.guid['@isPermaLink'] === 'false')).toBe(true);
  });

  it('archive pages carry no hub, but point at the current feed', () => {
    const page = renderRss(archive);
    assertWellFormed(page);
    const links = feedLinks(page, 'rss');
    expect(links.has('hub')).toBe(false);
    expect(links.get('current')?.['@href']).toBe('https://blog.example.org/feed.xml');
    expect(links.get('self')?.['@href']).toBe('https://blog.example.org/archive/feed-1.xml');
    expect(links.has('next-archive')).toBe(false);
  });
});

describe('Atom 1.0', () => {
  const { subscription, archive } = documents('https://hub.example.net/');
  const xml = renderAtom(subscription);

  it('is well-formed XML that an independent parser reads completely', () => {
    const feed = parseFeed(xml);
    expect(feed.meta.type).toBe('atom');
    expect(feed.title).toBe('Commentary & Notes');
    expect(feed.description).toBe('A blog about <child> protection.');
    expect(feed.url).toBe('https://blog.example.org/');
    expect(feed.self).toBe('https://blog.example.org/atom.xml');
    expect(feed.language).toBe('en-GB');
    expect(feed.items).toHaveLength(10);
    for (const item of feed.items) {
      expect(item.id).toMatch(TAG_URI);
      expect(item.url).toMatch(ABSOLUTE);
      expect(item.published).toBeInstanceOf(Date);
      expect(item.updated).toBeInstanceOf(Date);
      expect(item.authors[0]?.name).toBe('Chris Mills');
      expect(item.content).toContain('<p>Body of post');
    }
  });

  it('has exactly one id and one RFC 3339 updated per entry, and a feed-level id, updated and author', () => {
    const doc = parseXml(xml) as {
      feed: { id: string; updated: string; author: { name: string }; entry: Record<string, unknown>[] };
    };
    // The feed's id is its own Atom address: unique to this site, unlike a fixed tag.
    expect(doc.feed.id).toMatch(/^https?:\/\/[^/]+\/.*atom\.xml$/);
    expect(doc.feed.updated).toMatch(RFC3339);
    expect(doc.feed.updated).toBe(subscription.entries[0]?.updated);
    expect(doc.feed.author.name).toBe('Chris Mills');
    for (const entry of doc.feed.entry) {
      expect(typeof entry.id).toBe('string');
      expect(entry.id).toMatch(TAG_URI);
      expect(entry.updated).toMatch(RFC3339);
      expect(entry.published).toMatch(RFC3339);
      expect((entry.content as { '@type': string })['@type']).toBe('html');
    }
    expect(xml.match(/<entry>/g)).toHaveLength(10);
    expect(xml.match(/<id>/g)).toHaveLength(11);
  });

  it('has alternate, self (Atom type) and hub links, all absolute', () => {
    const links = feedLinks(xml, 'atom');
    expect(links.get('alternate')?.['@href']).toBe('https://blog.example.org/');
    expect(links.get('self')).toEqual({ '@rel': 'self', '@type': 'application/atom+xml', '@href': 'https://blog.example.org/atom.xml' });
    expect(links.get('hub')?.['@href']).toBe('https://hub.example.net/');
    for (const href of xml.matchAll(/href="([^"]*)"/g)) expect(href[1]).toMatch(ABSOLUTE);
  });

  it('archive pages have no hub', () => {
    expect(feedLinks(renderAtom(archive), 'atom').has('hub')).toBe(false);
  });
});

describe('JSON Feed 1.1', () => {
  const { subscription } = documents('https://hub.example.net/');
  const feed = JSON.parse(renderJsonFeed(subscription)) as Record<string, unknown> & { items: Record<string, unknown>[] };

  it('has the 1.1 version, title, feed and home URLs, language and authors (not the 1.0 author)', () => {
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.title).toBe('Commentary & Notes');
    expect(feed.home_page_url).toBe('https://blog.example.org/');
    expect(feed.feed_url).toBe('https://blog.example.org/feed.json');
    expect(feed.language).toBe('en-GB');
    expect(feed.authors).toEqual([{ name: 'Chris Mills' }]);
    expect(feed).not.toHaveProperty('author');
    expect(feed.hubs).toEqual([{ type: 'WebSub', url: 'https://hub.example.net/' }]);
    expect(feed.next_url).toBe('https://blog.example.org/archive/feed-2.json');
  });

  it('gives every item an id, an absolute url, content_html, RFC 3339 dates, authors and tags', () => {
    expect(feed.items).toHaveLength(10);
    for (const item of feed.items) {
      expect(item.id).toMatch(TAG_URI);
      expect(item.url).toMatch(ABSOLUTE);
      expect(typeof item.content_html).toBe('string');
      expect(item.date_published).toMatch(RFC3339);
      expect(item.date_modified).toMatch(RFC3339);
      expect(item.authors).toEqual([{ name: 'Chris Mills' }]);
      expect(item).not.toHaveProperty('author');
    }
    // Post 209 has one theme, post 205 two (primary first).
    expect(feed.items[0]?.tags).toEqual(['Ministers <and> policy']);
    expect(feed.items[4]?.tags).toEqual(['Workforce', 'Ministers <and> policy']);
  });
});

describe('without a hub', () => {
  it('no format mentions one', () => {
    const { subscription } = documents();
    expect(feedLinks(renderRss(subscription), 'rss').has('hub')).toBe(false);
    expect(feedLinks(renderAtom(subscription), 'atom').has('hub')).toBe(false);
    expect(JSON.parse(renderJsonFeed(subscription))).not.toHaveProperty('hubs');
  });
});

describe('a feed without posts', () => {
  it('is still valid in every format, dated from a fixed instant rather than the build time', () => {
    const config = makeConfig();
    const [doc] = blogFeeds([], config).documents;
    if (!doc) throw new Error('no document');
    expect(parseFeed(renderRss(doc)).items).toEqual([]);
    expect(parseFeed(renderAtom(doc)).updated?.toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(JSON.parse(renderJsonFeed(doc)).items).toEqual([]);
  });
});
