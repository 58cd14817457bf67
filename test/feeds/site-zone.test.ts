import { describe, expect, it } from 'vitest';
import { blogFeeds, renderAtom, renderJsonFeed, renderRss } from '../../src/feeds/index.js';
import { makeConfig, makePost } from './fixtures.js';

/**
 * A reader sees a post on the day the publisher wrote it: dates carry the
 * site's offset (Europe/London: +01:00 in summer, UTC in winter), as Hugo
 * and jekyll-feed write them, not the previous evening in GMT.
 */
describe('feed dates in the site time zone', () => {
  // 00:30 on Wednesday 31 July 2019 in London is 23:30 on Tuesday in UTC; 15 January is winter (GMT).
  const summer = makePost(1, { published: '2019-07-30T23:30:00.000Z', updated: '2019-07-30T23:30:00.000Z' });
  const winter = makePost(2, { published: '2019-01-15T09:00:00.000Z', updated: '2019-01-15T09:00:00.000Z' });
  const feeds = blogFeeds([summer, winter], makeConfig());
  const doc = feeds.documents[0];
  if (doc === undefined) throw new Error('no subscription document');

  it('RSS: pubDate at the site offset in summer, GMT in winter; lastBuildDate too', () => {
    const xml = renderRss(doc);
    expect(xml).toContain('<pubDate>Wed, 31 Jul 2019 00:30:00 +0100</pubDate>');
    expect(xml).toContain('<pubDate>Tue, 15 Jan 2019 09:00:00 GMT</pubDate>');
    expect(xml).toContain('<lastBuildDate>Wed, 31 Jul 2019 00:30:00 +0100</lastBuildDate>');
  });

  it('Atom and JSON Feed: RFC 3339 with the offset, the same instants', () => {
    const atom = renderAtom(doc);
    expect(atom).toContain('<published>2019-07-31T00:30:00+01:00</published>');
    expect(atom).toContain('<published>2019-01-15T09:00:00Z</published>');
    const json = JSON.parse(renderJsonFeed(doc)) as { items: { date_published: string }[] };
    expect(json.items.map((i) => i.date_published)).toEqual(['2019-07-31T00:30:00+01:00', '2019-01-15T09:00:00Z']);
    expect(json.items.map((i) => Date.parse(i.date_published))).toEqual([Date.parse(summer.published), Date.parse(winter.published)]);
  });

  it('a UTC site keeps Z and GMT', () => {
    const config = makeConfig();
    const utc = { ...config, site: { ...config.site, timeZone: 'UTC' } };
    const xml = renderRss(blogFeeds([summer], utc).documents[0] ?? doc);
    expect(xml).toContain('<pubDate>Tue, 30 Jul 2019 23:30:00 GMT</pubDate>');
  });
});
