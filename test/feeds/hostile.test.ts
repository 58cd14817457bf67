import { parseFeed } from '@rowanmanning/feed-parser';
import { describe, expect, it } from 'vitest';
import { blogFeeds, renderAtom, renderJsonFeed, renderRss, safeHtml } from '../../src/feeds/index.js';
import { makeConfig, makePost } from './fixtures.js';
import { assertWellFormed, parseXml } from './read-feeds.js';

const CONTROL = '\u0000\u0001\u0008\u000B\u000C\u001B\u007F\u0085\uFFFE\uFFFF\uD800';
const HOSTILE_HTML = [
  '<script>alert("x")</script>',
  '<p onclick="steal()">Click <a href="javascript:alert(1)">me</a> or <a href="JaVaScRiPt&#58;alert(2)">me</a></p>',
  '<a href=" javascript:alert(3)">spaced</a>',
  '<img src="/images/photo.jpg" onerror="boom()">',
  '<a href="../other-post/">relative</a> <a href="#notes">fragment</a> <a href="//cdn.example.net/x">protocol-relative</a>',
  '<iframe src="https://evil.example/"></iframe><style>body{display:none}</style>',
  `<p>Control characters: [${CONTROL}] and a CDATA end ]]> and <b>unbalanced <i>markup`,
  '<![CDATA[ sneaky ]]><!-- comment -->',
].join('\n');

function hostilePost() {
  return makePost(1, {
    title: `Bad ${CONTROL} title </title><script>x</script>`,
    summary: `Summary ${CONTROL} ]]> & <b>`,
    author: `Eve ${CONTROL}<script>`,
    html: HOSTILE_HTML,
  });
}

function renderAllFormats(posts = [hostilePost()]) {
  const [doc] = blogFeeds(posts, makeConfig()).documents;
  if (!doc) throw new Error('no document');
  return { rss: renderRss(doc), atom: renderAtom(doc), json: renderJsonFeed(doc) };
}

function contentOf(format: 'rss' | 'atom' | 'json', text: string): string {
  if (format === 'json') return (JSON.parse(text) as { items: { content_html: string }[] }).items[0]?.content_html ?? '';
  const doc = parseXml(text) as { rss?: { channel: { item: { 'content:encoded': string }[] } }; feed?: { entry: { content: { '#text': string } }[] } };
  return format === 'rss' ? (doc.rss?.channel.item[0]?.['content:encoded'] ?? '') : (doc.feed?.entry[0]?.content['#text'] ?? '');
}

describe('hostile post content', () => {
  const out = renderAllFormats();

  it.each(['rss', 'atom'] as const)('gives well-formed %s that a reader still parses', (format) => {
    assertWellFormed(out[format]);
    const feed = parseFeed(out[format]);
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]?.title).toContain('</title><script>x</script>');
  });

  it.each(['rss', 'atom', 'json'] as const)('strips every character XML cannot carry from %s', (format) => {
    // eslint-disable-next-line no-control-regex -- control characters are what must not be there
    expect(out[format]).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDFFF]/);
  });

  it.each(['rss', 'atom', 'json'] as const)('ships content in %s with no script, handler, javascript: URL, frame or style', (format) => {
    const html = contentOf(format, out[format]);
    expect(html).toContain('Click');
    expect(html).not.toMatch(/<script|onclick|onerror|javascript:|&#58;|<iframe|<style|display:none|<!--|CDATA\[/i);
  });

  it.each(['rss', 'atom', 'json'] as const)('makes every URL in %s content absolute, resolved against the post', (format) => {
    const html = contentOf(format, out[format]);
    const base = 'https://blog.example.org/posts/2013/01/post-number-1/';
    expect(html).toContain('src="https://blog.example.org/images/photo.jpg"');
    expect(html).toContain(`href="${new URL('../other-post/', base).href}"`);
    expect(html).toContain(`href="${base}#notes"`);
    expect(html).toContain('href="https://cdn.example.net/x"');
    for (const m of html.matchAll(/(?:href|src)="([^"]*)"/g)) expect(m[1]).toMatch(/^https?:\/\//);
  });

  it('balances unbalanced markup', () => {
    const html = contentOf('json', out.json);
    expect(html).toMatch(/<b>unbalanced <i>markup\s*<\/i><\/b><\/p>/);
  });

  it('handles a 1 MB post in every format, whole', () => {
    const paragraph = '<p>Lorem ipsum dolor sit amet, “consectetur” & adipiscing elit.</p>\n';
    const big = makePost(2, { html: paragraph.repeat(Math.ceil(1_048_576 / paragraph.length)) });
    const formats = renderAllFormats([big]);
    assertWellFormed(formats.rss);
    assertWellFormed(formats.atom);
    for (const format of ['rss', 'atom', 'json'] as const) {
      expect(contentOf(format, formats[format]).length).toBeGreaterThanOrEqual(1_048_576);
    }
  });
});

describe('safeHtml', () => {
  const base = 'https://blog.example.org/posts/2019/07/a/';

  it('returns clean, absolute HTML unchanged (the fast path)', () => {
    const clean = '<p>Hello <a href="https://example.org/?a=1&amp;b=2" title="t">there</a>.</p><ul><li>one</li></ul><br><img src="https://example.org/x.png" alt="x">';
    expect(safeHtml(clean, base)).toBe(clean);
  });

  it('rewrites only the relative URLs of otherwise clean HTML', () => {
    expect(safeHtml('<p><a href="/about/">About</a> <a href="mailto:a@example.org">mail</a></p>', base)).toBe(
      '<p><a href="https://blog.example.org/about/">About</a> <a href="mailto:a@example.org">mail</a></p>',
    );
  });

  it('drops what it cannot make safe but keeps the text', () => {
    expect(safeHtml('<p style="color:red" class="x">Text<script>bad()</script></p>', base)).toBe('<p>Text</p>');
    expect(safeHtml('<a href="data:text/html;base64,xx">d</a>', base)).toBe('<a>d</a>');
  });
});
