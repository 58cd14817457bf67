import { describe, expect, it } from 'vitest';
import { bodyHtml, linkifyText } from '../../src/normalise/index.js';
import { paragraphs } from './helpers.js';

describe('linkifyText', () => {
  it('links a URL in parentheses without taking the closing parenthesis', () => {
    const text = 'the Ofsted report (http://www.ofsted.gov.uk/resources/social-care-annual-report-201213) that was';
    expect(linkifyText(text)).toBe(
      'the Ofsted report (<a href="http://www.ofsted.gov.uk/resources/social-care-annual-report-201213">' +
        'http://www.ofsted.gov.uk/resources/social-care-annual-report-201213</a>) that was',
    );
  });

  it('leaves a final full stop out of the URL', () => {
    expect(linkifyText('See http://www.ofsted.gov.uk/local-authorities/birmingham.')).toBe(
      'See <a href="http://www.ofsted.gov.uk/local-authorities/birmingham">http://www.ofsted.gov.uk/local-authorities/birmingham</a>.',
    );
  });

  it('keeps parentheses that belong to the URL', () => {
    expect(linkifyText('http://en.wikipedia.org/wiki/Hindsight_(bias)')).toContain('href="http://en.wikipedia.org/wiki/Hindsight_(bias)"');
  });

  it('links e-mail addresses and www. addresses', () => {
    const html = linkifyText('Write to editor@example.org or see www.bbc.co.uk/news.');
    expect(html).toContain('<a href="mailto:editor@example.org">editor@example.org</a>');
    expect(html).toContain('<a href="http://www.bbc.co.uk/news">www.bbc.co.uk/news</a>.');
  });

  it('escapes text so that markup in a plain-text post stays text', () => {
    expect(linkifyText('a <script>alert("x")</script> & b')).toBe('a &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; b');
  });
});

describe('bodyHtml', () => {
  it('makes a paragraph per block and a list per list', () => {
    const html = bodyHtml({
      kind: 'blocks',
      blocks: [...paragraphs('First.', 'Second'), { kind: 'list', items: ['high caseloads', 'a focus on ‘imminent danger’'], line: 9 }],
    });
    expect(html).toBe('<p>First.</p>\n<p>Second</p>\n<ul>\n<li>high caseloads</li>\n<li>a focus on ‘imminent danger’</li>\n</ul>');
  });

  it('renders Markdown with raw HTML and bare links, without typographic replacements', () => {
    const html = bodyHtml({ kind: 'markdown', markdown: '# Head\n\nSome *text* -- see https://example.org/x <b>bold</b>' });
    expect(html).toContain('<h1>Head</h1>');
    expect(html).toContain('<em>text</em> -- see <a href="https://example.org/x">https://example.org/x</a> <b>bold</b>');
  });

  it('passes HTML through for the sanitiser', () => {
    expect(bodyHtml({ kind: 'html', html: '<p>x</p>' })).toBe('<p>x</p>');
  });
});
