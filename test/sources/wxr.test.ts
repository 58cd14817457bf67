/**
 * The WXR reader on small exports: WordPress's paragraphing (wpautop) as a
 * reader sees it, shortcodes that stay text, detection, and a cut-off file.
 */
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/sources/detect.js';
import { readWxr } from '../../src/sources/wxr.js';
import { wpautop } from '../../src/sources/wxr/autop.js';

const HEAD = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>T</title><wp:wxr_version>1.2</wp:wxr_version>
`;

function item(content: string, extra = ''): string {
  return `<item><title>A post</title><link>https://t.example/a/</link><dc:creator>me</dc:creator><guid isPermaLink="false">https://t.example/?p=1</guid>
<content:encoded><![CDATA[${content}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>1</wp:post_id><wp:post_date>2020-01-02 03:04:05</wp:post_date><wp:post_date_gmt>2020-01-02 03:04:05</wp:post_date_gmt>
<wp:post_name>a</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><wp:post_password></wp:post_password>${extra}</item>
`;
}

function html(content: string): string {
  const { posts } = readWxr({ path: 'x.xml', text: `${HEAD}${item(content)}</channel></rss>` });
  const body = posts[0]?.body;
  return body?.kind === 'html' ? body.html : '';
}

describe('WordPress paragraphing', () => {
  it('makes blank lines paragraphs and single newlines line breaks', () => {
    expect(wpautop('One\ntwo\n\nThree')).toBe('<p>One<br />\ntwo</p>\n<p>Three</p>\n');
  });

  it('leaves block elements and <pre> alone', () => {
    expect(wpautop('<ul>\n<li>a</li>\n</ul>\n\nText')).toBe('<ul>\n<li>a</li>\n</ul>\n<p>Text</p>\n');
    expect(wpautop('<pre>a\n\nb</pre>')).toBe('<pre>a\n\nb</pre>\n');
  });

  it('puts a quotation\'s text in a paragraph inside it', () => {
    expect(wpautop('<blockquote>Said.</blockquote>')).toBe('<blockquote><p>Said.</p></blockquote>\n');
  });

  it('is not applied to block-editor content, whose block comments are removed', () => {
    expect(html('<!-- wp:paragraph -->\n<p>One</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:paragraph -->\n<p>Two\nlines</p>\n<!-- /wp:paragraph -->')).toBe(
      '\n<p>One</p>\n\n\n\n<p>Two\nlines</p>\n',
    );
  });

  it('keeps bracketed text that is no shortcode, and WordPress\'s escaped [[caption]]', () => {
    expect(html('Footnote [1] and [sic], written [[caption]].')).toBe('<p>Footnote [1] and [sic], written [caption].</p>\n');
  });
});

describe('WordPress.com shortcodes', () => {
  it('make [youtube URL] a link to the video, not nothing', () => {
    const out = html('I took a video:\n\n[youtube http://www.youtube.com/watch?v=jK3Oed_dPrM&amp;w=560&amp;h=315]');
    expect(out).toContain('<a href="http://www.youtube.com/watch?v=jK3Oed_dPrM&amp;w=560&amp;h=315">');
    expect(out).not.toContain('[youtube');
  });

  it('keep [sourcecode] as code: in <pre>, its lines and indentation as written', () => {
    const out = html('Set these:\n\n[sourcecode language="plain"]\nkey.store=release.keystore\n  key.alias=app_name\n[/sourcecode]\n\nThen build.');
    expect(out).toContain('<pre><code>key.store=release.keystore\n  key.alias=app_name</code></pre>');
    expect(out).not.toContain('<br />');
  });
});

describe('reading a WXR file', () => {
  it('is told from an RSS feed by WordPress\'s export namespace', () => {
    expect(detectFormat('site.WordPress.2026-11-30.xml', HEAD)).toBe('wxr');
    expect(detectFormat('feed.xml', '<?xml version="1.0"?><rss version="2.0" xmlns:wfw="http://wellformedweb.org/CommentAPI/"><channel>')).toBe('feed-xml');
    expect(detectFormat('blog.ghost.json', '{"db":[{"meta":{"exported_on":1,"version":"5.0.0"},"data":{')).toBe('ghost');
  });

  it('reads the items before the place where a cut-off file ends, and says it is cut off', () => {
    const text = `${HEAD}${item('First.')}${item('Second, cut').slice(0, 120)}`;
    const { posts, diagnostics } = readWxr({ path: 'cut.xml', text });
    expect(posts).toHaveLength(1);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'error', line: 8, message: expect.stringMatching(/ends inside an <item>/) })]);
  });

  it('keeps the text </item> inside a post', () => {
    expect(html('Write </item> to end an item.')).toContain('Write </item> to end an item.');
  });
});

describe('a guid two posts share', () => {
  it('identifies neither post, so they are not merged', () => {
    const second = item('Another post entirely.').replace('<wp:post_id>1</wp:post_id>', '<wp:post_id>2</wp:post_id>');
    const { posts, diagnostics } = readWxr({ path: 'x.xml', text: `${HEAD}${item('One post.')}${second}</channel></rss>` });
    expect(posts.map((p) => [p.source.slot, p.explicitId])).toEqual([['wp:1', undefined], ['wp:2', undefined]]);
    expect(diagnostics.filter((d) => d.severity === 'info')).toHaveLength(2);
  });
});
