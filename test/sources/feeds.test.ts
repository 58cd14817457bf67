import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import type { SourceResult } from '../../src/model/raw-post.js';
import { readFeedXml } from '../../src/sources/feed-xml.js';
import { readJsonFeed } from '../../src/sources/json-feed.js';
import { readFeedDate } from '../../src/sources/shared/dates.js';
import { textToHtml } from '../../src/sources/shared/html-text.js';

function fixture(name: string): { path: string; text: string } {
  return {
    path: `test/fixtures/feeds/${name}`,
    text: readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8'),
  };
}

const readXml = (name: string): SourceResult => readFeedXml(fixture(name));
const readJson = (name: string): SourceResult => readJsonFeed(fixture(name));

function errors(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error');
}

describe('readFeedXml: RSS 2.0', () => {
  const result = readXml('rss2.xml');
  const [first, second] = result.posts;

  it('reads every item without diagnostics', () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.posts).toHaveLength(2);
  });

  it('takes content:encoded as the body (escaped text stays escaped) and the description as a plain summary', () => {
    expect(first?.body).toEqual({
      kind: 'html',
      html:
        '<p>The threshold for care proceedings is in section 31.</p>\n' +
        '<p>Writing &lt;em&gt; in a post shows the tag as text.</p>',
    });
    expect(first?.summary).toBe('Why the threshold matters.');
  });

  it('maps guid, link, dates (offset kept), author and item categories', () => {
    expect(first).toMatchObject({
      source: { format: 'rss', line: 11, slot: 'guid:tag:blog.example.org,2019:threshold' },
      explicitId: 'tag:blog.example.org,2019:threshold',
      title: 'Threshold decisions in the family courts',
      url: 'https://blog.example.org/2019/07/threshold',
      published: '2019-07-31T10:30:00+01:00',
      updated: '2019-08-02T09:00:00Z',
      author: 'A. Writer',
      themes: ['courts', 'family policy'],
      sequence: 0,
    });
  });

  it('falls back to the link as id and to the description as body; channel categories are not item themes', () => {
    expect(second).toMatchObject({
      source: { line: 24, slot: 'guid:https://blog.example.org/2019/07/scr' },
      explicitId: 'https://blog.example.org/2019/07/scr',
      published: '2019-07-25T08:00:00Z',
      body: { kind: 'html', html: '<p>Only a description, &amp; it is the body.</p>' },
    });
    expect(second?.themes).toBeUndefined();
    expect(second?.summary).toBeUndefined();
  });

  it('hashes each item so that an edit changes the hash and nothing else does', () => {
    const again = readXml('rss2.xml');
    expect(again.posts.map((p) => p.source.hash)).toEqual(result.posts.map((p) => p.source.hash));
    const { path, text } = fixture('rss2.xml');
    const edited = readFeedXml({ path, text: text.replace('Only a description', 'An edited description') });
    expect(edited.posts[0]?.source.hash).toBe(first?.source.hash);
    expect(edited.posts[1]?.source.hash).not.toBe(second?.source.hash);
    expect(edited.posts[1]?.source.slot).toBe(second?.source.slot);
  });
});

describe('readFeedXml: Atom 1.0', () => {
  const result = readXml('atom.xml');
  const [html, xhtml, text] = result.posts;

  it('reads every entry without diagnostics', () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.posts.map((p) => p.source.format)).toEqual(['atom', 'atom', 'atom']);
    expect(result.posts.map((p) => p.source.line)).toEqual([8, 18, 30]);
  });

  it('reads type="html" content as HTML, decoded once, and an HTML title as text', () => {
    expect(html).toMatchObject({
      explicitId: 'tag:blog.example.org,2019:threshold',
      title: 'Threshold decisions',
      published: '2019-07-31T10:30:00+01:00',
      updated: '2019-08-02T09:00:00Z',
      url: 'https://blog.example.org/2019/07/threshold',
      themes: ['courts'],
      author: 'A. Writer',
      summary: 'Why the threshold matters.',
      body: { kind: 'html', html: '<p>The threshold, &amp; why <code>&lt;p&gt;</code> matters.</p>' },
    });
  });

  it('reads type="xhtml" content as the inner div, keeping escaped text escaped', () => {
    expect(xhtml?.body.kind).toBe('html');
    const body = xhtml?.body.kind === 'html' ? xhtml.body.html : '';
    expect(body).toContain('<p>Hello <b>there</b> &amp; welcome: &lt;script&gt; is text here.</p>');
    expect(body).toContain('<img src="https://blog.example.org/a.png" alt="A &quot;quoted&quot; alt">');
    expect(body).not.toContain('<div');
    expect(body).not.toContain('<script>');
  });

  it('uses <updated> as the publication date when an entry has no <published>', () => {
    expect(xhtml?.published).toBe('2019-07-20T12:00:00Z');
    expect(xhtml?.updated).toBeUndefined();
  });

  it('turns type="text" content into escaped paragraphs', () => {
    expect(text?.body).toEqual({ kind: 'html', html: '<p>First paragraph, 1 &lt; 2.</p>\n<p>Second paragraph.</p>' });
  });
});

describe('readFeedXml: bad input is reported, good input still lands', () => {
  it('skips an item without a date and one with an invalid date, at their lines, and keeps the rest', () => {
    const result = readXml('rss-missing-date.xml');
    expect(result.posts.map((p) => p.title)).toEqual(['First', 'Third']);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ line: 13, severity: 'error', message: 'item 2 ("Undated") has no date and is skipped' }),
      expect.objectContaining({ line: 18, severity: 'error', message: expect.stringContaining('invalid date "sometime in July"') }),
    ]);
  });

  it('rejects malformed XML with one error at the offending line', () => {
    const result = readXml('malformed.xml');
    expect(result.posts).toEqual([]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ file: 'test/fixtures/feeds/malformed.xml', line: 6, severity: 'error', message: expect.stringContaining('not well-formed XML') }),
    ]);
  });

  it('rejects a cut-short file instead of importing a half item', () => {
    const result = readXml('truncated.xml');
    expect(result.posts).toEqual([]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ line: 11, severity: 'error', message: expect.stringContaining('cut short') }),
    ]);
  });

  it('reads a feed with a stray "&" leniently, with a warning at its line', () => {
    const result = readXml('stray-ampersand.xml');
    expect(result.posts.map((p) => p.title)).toEqual(['Fish & chips']);
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 6, severity: 'warning' })]);
  });

  it('says an HTML page is not a feed and names the feed the page links to', () => {
    const result = readXml('page.xml');
    expect(result.posts).toEqual([]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', message: 'this is an HTML page, not an RSS or Atom feed' }),
    ]);
    expect(result.diagnostics[0]?.hint).toContain('https://blog.example.org/feed.xml');
  });

  it('says an XML document that is not a feed (a sitemap) is not a feed', () => {
    const result = readXml('sitemap.xml');
    expect(result.posts).toEqual([]);
    expect(result.diagnostics).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringContaining('not an RSS or Atom feed') })]);
  });

  it('refuses external entities (no local file is read) with one error at the declaration', () => {
    const result = readXml('external-entity.xml');
    expect(result.posts).toEqual([]);
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 3, severity: 'error' })]);
    expect(JSON.stringify(result)).not.toContain('root:');
  });

  it('passes hostile content through as data, does not expand an entity bomb, and keeps javascript: out of url', () => {
    const started = Date.now();
    const result = readXml('hostile.xml');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(errors(result.diagnostics)).toEqual([]);
    expect(result.posts).toHaveLength(2);
    const [laughs, script] = result.posts;
    expect(laughs?.title?.length ?? 0).toBeLessThan(100);
    expect(script?.title).toBe('<img src=x onerror=alert(1)>');
    expect(script?.body).toEqual({
      kind: 'html',
      html: '<script>alert(1)</script><a href="javascript:alert(2)">x</a><iframe src="//evil"></iframe>',
    });
    expect(script?.explicitId).toBe('javascript:alert(1)');
    expect(script?.url).toBeUndefined();
  });

  it('skips a second item with the same guid, with a warning', () => {
    const xml = `<rss version="2.0"><channel><title>t</title>
<item><guid>same</guid><title>One</title><pubDate>Mon, 01 Jul 2019 09:00:00 GMT</pubDate></item>
<item><guid>same</guid><title>Two</title><pubDate>Tue, 02 Jul 2019 09:00:00 GMT</pubDate></item>
</channel></rss>`;
    const result = readFeedXml({ path: 'dup.xml', text: xml });
    expect(result.posts.map((p) => p.title)).toEqual(['One']);
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 3, severity: 'warning' })]);
  });

  it('gives an item with neither guid nor link a slot from its date, with a warning', () => {
    const xml = `<rss version="2.0"><channel><title>t</title>
<item><title>Anonymous</title><pubDate>Mon, 01 Jul 2019 09:00:00 GMT</pubDate><description>x</description></item>
</channel></rss>`;
    const result = readFeedXml({ path: 'anon.xml', text: xml });
    expect(result.posts[0]?.source.slot).toBe('date:2019-07-01T09:00:00Z#0');
    expect(result.posts[0]?.explicitId).toBeUndefined();
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 2, severity: 'warning' })]);
  });
});

describe('readFeedDate', () => {
  it.each([
    ['Wed, 31 Jul 2019 10:30:00 +0100', '2019-07-31T10:30:00+01:00'],
    ['31 July 2019 10:30 GMT', '2019-07-31T10:30:00Z'],
    ['wed, 31 jul 2019 10:30:00 +01:00', '2019-07-31T10:30:00+01:00'],
    ['Wed, 31 Jul 2019 10:30:00 UTC', '2019-07-31T10:30:00Z'],
    ['Wed, 31 Jul 2019 10:30:00 EST', '2019-07-31T10:30:00-05:00'],
    ['Wed, 31 Jul 2019 10:30:00 PDT', '2019-07-31T10:30:00-07:00'],
    ['Wed, 31 Jul 2019 10:30:00 CEST', '2019-07-31T10:30:00+02:00'],
    ['2019-07-31T10:30:00+01:00', '2019-07-31T10:30:00+01:00'],
    // missing seconds, single-digit day and hour, no weekday, two-digit year, dashes, a comment, AM/PM
    ['Sat, 6 Jan 2018 8:00 +0000', '2018-01-06T08:00:00Z'],
    ['6 Jan 18 08:00:00 GMT', '2018-01-06T08:00:00Z'],
    ['06-Jan-2018 08:00:00 +0000', '2018-01-06T08:00:00Z'],
    ['Sat, 06 Jan 2018 08:00:00 +0000 (UTC)', '2018-01-06T08:00:00Z'],
    ['Sat Jan 06 2018 08:00:00 GMT+0100 (CET)', '2018-01-06T08:00:00+01:00'],
    ['Saturday, January 6, 2018 8:00 PM EST', '2018-01-06T20:00:00-05:00'],
    ['Thu, 06 Sept 2018 08:00:00 GMT', '2018-09-06T08:00:00Z'],
    ['2018-01-06 08:00:00 +0000', '2018-01-06T08:00:00+00:00'],
    ['2020/1/10 14:33:00 +0100', '2020-01-10T14:33:00+01:00'],
    // a Brazilian portal's Portuguese, and German
    ['Seg, 24 Set 2018 19:42:40 -0300', '2018-09-24T19:42:40-03:00'],
    ['Mo, 03 Mär 2025 10:00:00 +0100', '2025-03-03T10:00:00+01:00'],
  ])('reads %j as %s', (text, iso) => {
    expect(readFeedDate(text)).toEqual({ value: iso, notes: [] });
  });

  it.each([
    ['2018-01-06T08:00', '2018-01-06T08:00:00'],
    ['2019-07-31T10:30:00', '2019-07-31T10:30:00'],
    ['Sat, 06 Jan 2018 08:00:00', '2018-01-06T08:00:00'],
  ])('reads %j, which names no zone, as the local %s (the site reads it in its zone)', (text, local) => {
    expect(readFeedDate(text)).toEqual({ value: local, notes: ['no-offset'] });
  });

  it('reads a date without a time as a calendar date, and a wrong weekday as the day written', () => {
    expect(readFeedDate('Sat, 06 Jan 2018')).toEqual({ value: '2018-01-06', notes: [] });
    expect(readFeedDate('Thu, 31 Jul 2019 10:30:00 +0100')).toEqual({ value: '2019-07-31T10:30:00+01:00', notes: ['weekday'] });
  });

  it.each([['sometime in July'], ['Wed, 31 Feb 2019 10:30:00 GMT'], ['Wed, 31 Jul 2019 25:30:00 GMT'], ['Wed, 31 Jul 2019 10:30:00 IST'], ['Blursday, 31 Jul 2019']])(
    'rejects %j (not a date, a day or hour that does not exist, a zone tidings does not know)',
    (text) => {
      expect(readFeedDate(text)).toBeUndefined();
    },
  );
});

describe('readJsonFeed: real-world feeds', () => {
  it('dates an item without "date_published" by its "date_modified", and says once for the file what it ignored', () => {
    const items = [1, 2, 3].map((n) => ({ id: `m${n}`, date_modified: `2020-05-0${n}T10:00:00Z`, content_text: `Text ${n}`, tags: 'one' }));
    const result = readJsonFeed({ path: 'm.json', text: JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items }, null, 1) });
    expect(result.posts.map((p) => [p.published, p.updated])).toEqual([
      ['2020-05-01T10:00:00Z', undefined],
      ['2020-05-02T10:00:00Z', undefined],
      ['2020-05-03T10:00:00Z', undefined],
    ]);
    expect(result.diagnostics.map((d) => [d.severity, d.message])).toEqual([['warning', '3 items: "tags" is not a list and is ignored (items 1, 2, 3)']]);
  });
});

describe('readFeedXml: real-world feeds', () => {
  it('reads RSS 1.0 (RDF): rdf:about is the item id, dc:date its date', () => {
    const xml = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example.org/"><title>t</title><link>https://rdf.example.org/</link></channel>
<item rdf:about="https://rdf.example.org/one"><title>One</title><dc:date>2018-01-06T08:00:00+00:00</dc:date></item>
<item rdf:about="https://rdf.example.org/two"><title>Two</title><dc:date>2018-01-06T09:00:00+00:00</dc:date></item>
</rdf:RDF>`;
    const result = readFeedXml({ path: 'rdf.xml', text: xml });
    expect(result.diagnostics).toEqual([]);
    expect(result.posts.map((p) => [p.title, p.explicitId, p.source.slot, p.published])).toEqual([
      ['One', 'https://rdf.example.org/one', 'guid:https://rdf.example.org/one', '2018-01-06T08:00:00+00:00'],
      ['Two', 'https://rdf.example.org/two', 'guid:https://rdf.example.org/two', '2018-01-06T09:00:00+00:00'],
    ]);
  });

  it('reads a feed with a blank line before its XML declaration, lines as in the file', () => {
    const xml = `\n\n<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>t</title>
<item><guid>g1</guid><title>One</title><pubDate>Mon, 1 Jul 2019 9:00 GMT</pubDate></item>
</channel></rss>`;
    const result = readFeedXml({ path: 'blank.xml', text: xml });
    expect(result.diagnostics).toEqual([]);
    expect(result.posts.map((p) => [p.title, p.source.line])).toEqual([['One', 5]]);
  });

  it('reads RSS 0.91 (no guid: the link is the id)', () => {
    const xml = `<rss version="0.91"><channel><title>t</title><link>https://old.example.org/</link>
<item><title>Old</title><link>https://old.example.org/1</link><description>Hello</description><pubDate>Mon, 1 Jul 2002 9:00 GMT</pubDate></item>
</channel></rss>`;
    const result = readFeedXml({ path: 'old.xml', text: xml });
    expect(result.diagnostics).toEqual([]);
    expect(result.posts[0]).toMatchObject({ title: 'Old', explicitId: 'https://old.example.org/1', published: '2002-07-01T09:00:00Z' });
  });

  it('reads twelve dates without an offset, with one note for the file, not one per item', () => {
    const items = Array.from(
      { length: 12 },
      (_, i) => `<item><guid>n${i}</guid><title>Item ${i}</title><pubDate>2018-01-${String(i + 1).padStart(2, '0')}T08:00</pubDate></item>`,
    ).join('\n');
    const result = readFeedXml({ path: 'local.xml', text: `<rss version="2.0"><channel><title>t</title>\n${items}\n</channel></rss>` });
    expect(result.posts).toHaveLength(12);
    expect(result.posts[0]?.published).toBe('2018-01-01T08:00:00');
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        line: 2,
        severity: 'info',
        count: 12,
        message: expect.stringMatching(/^12 items have a date without an offset \(the first: "2018-01-01T08:00"\), read in the site's time zone/),
      }),
    ]);
  });

  it('counts items skipped for one cause in one error, at the first one\'s line', () => {
    const items = Array.from({ length: 3 }, (_, i) => `<item><guid>b${i}</guid><title>B${i}</title><pubDate>soon</pubDate></item>`).join('\n');
    const result = readFeedXml({ path: 'bad.xml', text: `<rss version="2.0"><channel><title>t</title>\n${items}\n</channel></rss>` });
    expect(result.posts).toEqual([]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ line: 2, severity: 'error', count: 3, message: '3 items have an invalid date (the first: "soon") and are skipped (items 1, 2, 3)' }),
    ]);
  });
});

describe('textToHtml', () => {
  it('escapes markup and makes paragraphs and line breaks', () => {
    expect(textToHtml('a <b> & "c"\nnext line\n\n\n second')).toBe(
      '<p>a &lt;b&gt; &amp; &quot;c&quot;<br>\nnext line</p>\n<p>second</p>',
    );
  });
});

describe('readJsonFeed', () => {
  it('reads JSON Feed 1.1: content_html, content_text, authors, tags, summary, dates', () => {
    const result = readJson('feed-1.1.json');
    expect(result.diagnostics).toEqual([]);
    expect(result.posts).toEqual([
      {
        source: {
          file: 'test/fixtures/feeds/feed-1.1.json',
          format: 'json-feed',
          line: 7,
          slot: 'guid:https://blog.example.org/2019/07/threshold',
          hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
        explicitId: 'https://blog.example.org/2019/07/threshold',
        title: 'Threshold decisions',
        published: '2019-07-31T10:30:00+01:00',
        updated: '2019-08-02T09:00:00Z',
        sequence: 0,
        author: 'A. Writer',
        themes: ['courts', 'family policy'],
        summary: 'Why the threshold matters.',
        url: 'https://blog.example.org/2019/07/threshold',
        body: { kind: 'html', html: '<p>The threshold for care proceedings.</p>' },
      },
      expect.objectContaining({
        source: expect.objectContaining({ line: 17, slot: 'guid:42' }),
        explicitId: '42',
        title: null,
        author: 'B. Guest',
        body: { kind: 'html', html: '<p>Plain text, 1 &lt; 2.</p>\n<p>Second paragraph.</p>' },
      }),
    ]);
  });

  it('reads JSON Feed 1.0 (version/1, a single author object, the feed author as fallback)', () => {
    const result = readJson('feed-1.0.json');
    expect(result.diagnostics).toEqual([]);
    expect(result.posts.map((p) => [p.title, p.author, p.published])).toEqual([
      ['From a JSON Feed 1.0', 'C. Older', '2019-07-01T09:00:00+01:00'],
      ['Feed-level author', 'A. Writer', '2019-07-02T09:00:00+01:00'],
    ]);
  });

  it('skips items without id or date_published and a repeated id, each at its line; the rest lands', () => {
    const result = readJson('json-bad-items.json');
    expect(result.posts.map((p) => p.explicitId)).toEqual(['fine']);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ line: 5, severity: 'error', message: expect.stringContaining('has no "id"') }),
      expect.objectContaining({ line: 10, severity: 'error', message: expect.stringContaining('has no "date_published"') }),
      expect.objectContaining({ line: 21, severity: 'warning', message: expect.stringContaining('repeats the id "fine"') }),
    ]);
  });

  it('reports a JSON syntax error at its line', () => {
    const result = readJson('broken.json');
    expect(result.posts).toEqual([]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ file: 'test/fixtures/feeds/broken.json', line: 5, severity: 'error', message: expect.stringContaining('not valid JSON') }),
    ]);
  });

  it('says JSON that is not a JSON Feed is not one', () => {
    const result = readJson('not-a-feed.json');
    expect(result.posts).toEqual([]);
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 0, severity: 'error', message: expect.stringContaining('not a JSON Feed') })]);
  });

  it('passes hostile content through as data and survives odd shapes', () => {
    const text = `{
  "version": "https://jsonfeed.org/version/1.1",
  "items": [
    null,
    "a string",
    {
      "id": "x",
      "__proto__": { "polluted": true },
      "title": 7,
      "tags": "not a list",
      "url": "javascript:alert(1)",
      "content_html": "<script>alert(1)</script>",
      "date_published": "2019-07-01T09:00:00Z"
    }
  ]
}`;
    const result = readJsonFeed({ path: 'odd.json', text });
    expect(result.posts).toHaveLength(1);
    expect(result.posts[0]).toMatchObject({ title: null, body: { kind: 'html', html: '<script>alert(1)</script>' } });
    expect(result.posts[0]?.url).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    // two items with one fault: one diagnostic that counts them
    expect(errors(result.diagnostics)).toEqual([
      expect.objectContaining({ line: 4, count: 2, message: '2 items are not objects and are skipped (items 1, 2)' }),
    ]);
    expect(result.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message)).toEqual([
      'item 3: "title" is not a string and is ignored',
      'item 3: "tags" is not a list and is ignored',
    ]);
  });
});
