import { describe, expect, it } from 'vitest';
import { absolutiseUrls, sanitiseHtml } from '../../src/normalise/index.js';

const BASE = 'https://example.org/blog/';

describe('sanitiseHtml', () => {
  it('drops scripts, styles and frames with their content', () => {
    const html = sanitiseHtml('<p>a</p><script>alert(1)</script><style>p{}</style><iframe src="https://x.org">fallback</iframe>', BASE);
    expect(html).toBe('<p>a</p>');
  });

  it('drops event handlers and javascript: or data: URLs, even disguised', () => {
    const html = sanitiseHtml(
      '<a href="javascript:alert(1)">a</a><a href="java&#x09;script:alert(1)">b</a><a href=" JAVASCRIPT:x">c</a>' +
        '<img src="x.png" onerror="alert(1)"><img src="data:image/png;base64,AAAA"><p onclick="x" style="color:red">d</p>',
      BASE,
    );
    expect(html).not.toMatch(/javascript|onerror|onclick|data:|style/i);
    expect(html).toBe('abc<img src="https://example.org/blog/x.png" /><p>d</p>');
  });

  it('keeps the allowed structure and attributes', () => {
    const html =
      '<h2>T</h2><p><em>e</em> <strong>s</strong> <a href="https://x.org/" title="t">l</a> <abbr title="Serious Case Review">SCR</abbr><sup>1</sup></p>' +
      '<blockquote><p>q</p></blockquote><ul><li>i</li></ul><ol start="3"><li>o</li></ol><pre><code class="language-ts">x</code></pre>' +
      '<figure><img src="https://x.org/a.png" alt="A" width="10" height="20"><figcaption>c</figcaption></figure>' +
      '<table><thead><tr><th scope="col">h</th></tr></thead><tbody><tr><td colspan="2">d</td></tr></tbody></table><hr />';
    expect(sanitiseHtml(html, BASE)).toBe(html.replace('height="20">', 'height="20" />'));
  });

  it('unwraps unknown tags but keeps their text, and turns h1 into h2', () => {
    expect(sanitiseHtml('<div class="x"><span>kept</span></div><h1>Title</h1>', BASE)).toBe('kept<h2>Title</h2>');
  });

  it('makes relative URLs absolute against the base and keeps fragment links', () => {
    const html = sanitiseHtml('<a href="/about/">a</a> <a href="../p/">b</a> <a href="x.html">c</a> <a href="#notes">d</a> <img src="//cdn.example.net/i.png">', BASE);
    expect(html).toBe(
      '<a href="https://example.org/about/">a</a> <a href="https://example.org/p/">b</a> ' +
        '<a href="https://example.org/blog/x.html">c</a> <a href="#notes">d</a> <img src="https://cdn.example.net/i.png" />',
    );
  });

  it('allows only http, https and mailto', () => {
    expect(sanitiseHtml('<a href="ftp://x.org/f">f</a><a href="mailto:a@b.org">m</a><a href="vbscript:x">v</a>', BASE)).toBe(
      'f<a href="mailto:a@b.org">m</a>v',
    );
  });

  it('closes unbalanced markup', () => {
    expect(sanitiseHtml('<p><b>bold <i>both</p><p>next', BASE)).toBe('<p><b>bold <i>both</i></b></p><p>next</p>');
  });

  it('removes control characters, raw or as character references', () => {
    expect(sanitiseHtml('<p>a\u0001b&#1;c&#x7f;d\u0085</p>', BASE)).toBe('<p>abcd</p>');
  });

  it('keeps right-to-left text and its direction', () => {
    expect(sanitiseHtml('<p dir="rtl" lang="he">שלום עולם 😀</p>', BASE)).toBe('<p dir="rtl" lang="he">שלום עולם 😀</p>');
  });
});

describe('absolutiseUrls', () => {
  it('resolves href, src and cite and changes nothing else', () => {
    expect(absolutiseUrls('<p class="x"><a href="/a">a</a> <img src="i.png" alt="&quot;q&quot;" /><q cite="/src">q</q> &amp; &lt;b&gt;</p>', BASE)).toBe(
      '<p class="x"><a href="https://example.org/a">a</a> <img src="https://example.org/blog/i.png" alt="&quot;q&quot;" /><q cite="https://example.org/src">q</q> &amp; &lt;b&gt;</p>',
    );
  });

  it('leaves absolute URLs alone', () => {
    const html = '<a href="https://other.org/x?a=1&amp;b=2">x</a>';
    expect(absolutiseUrls(html, BASE)).toBe(html);
  });
});

describe('links to nowhere (issue 15, held-out real blogs)', () => {
  it('turns a link left without an address into its text, and keeps fragment, relative and titled links', () => {
    const html = sanitiseHtml(
      '<p><a>x</a> <a href="">e</a> <a href="view-source:http://a.example/">v</a> <a name="top">n</a> <a href="#n">f</a> <a href="b.md">r</a> <a title="t" href="y">t</a></p>',
      undefined,
    );
    expect(html).toBe('<p>x e v n <a href="#n">f</a> <a href="b.md">r</a> <a title="t" href="y">t</a></p>');
  });
});
