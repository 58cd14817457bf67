import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeHtmlChars, escapeQuotedAttr, unescapeHtml } from '../../src/text/html-escape.js';

// The helpers text/html-escape.ts replaced, as they were, to hold the one module to their bytes.
const before = {
  // pages/escape.ts
  pages: (text: string) =>
    text
      // eslint-disable-next-line no-control-regex -- the same pattern feeds/xml-text.ts used
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
      .replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;'),
  // normalise/body-html.ts
  body: (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c),
  // sources/shared/html-text.ts
  sources: (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
  // feeds/safe-html.ts encodeAttribute, build/post-links.ts encodeEntities, feeds/xml-text.ts escapeXmlAttr
  attr: (text: string) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'),
  // feeds/safe-html.ts decodeAttribute, build/post-links.ts decodeEntities
  decode: (value: string) => value.replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&#39;', "'").replaceAll('&amp;', '&'),
};

/** Strings made of the characters that matter (the five, entities, controls, surrogates, tab/LF/CR, ordinary text), from a fixed seed. */
function samples(count: number): string[] {
  const pieces = ['&', '<', '>', '"', "'", '&amp;', '&lt;', '&#39;', '&quot;', '&nbsp;', '&amp;lt;', '\u0000', '\u0008', '\t', '\n', '\r', '\u000B', '\u007F', '\u0085', '\u009F', '\uFFFE', '\uFFFF', '\uD83D\uDE00', '\uD83D', '\uDE00', 'a', 'Zoë', ' ', 'x=1', '日本'];
  let seed = 19;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const out = [''];
  for (let i = 0; i < count; i++) {
    let s = '';
    const n = Math.floor(next() * 12);
    for (let j = 0; j < n; j++) s += pieces[Math.floor(next() * pieces.length)];
    out.push(s);
  }
  return out;
}

describe('the one HTML-escaping module', () => {
  const all = samples(5000);

  it('gives the bytes every helper it replaced gave', () => {
    for (const s of all) {
      expect(escapeHtml(s)).toBe(before.pages(s));
      expect(escapeHtmlChars(s)).toBe(before.body(s));
      expect(escapeHtmlChars(s)).toBe(before.sources(s));
      expect(escapeQuotedAttr(s)).toBe(before.attr(s));
      expect(unescapeHtml(s)).toBe(before.decode(s));
    }
  });

  it('escapes the five characters, and only in a page removes what XML forbids', () => {
    expect(escapeHtmlChars(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
    expect(escapeHtml('bell\u0007 tab\t nl\n lone\uD800 pair\uD83D\uDE00')).toBe('bell tab\t nl\n lone pair\uD83D\uDE00');
    expect(escapeHtmlChars('bell\u0007')).toBe('bell\u0007');
    expect(escapeQuotedAttr(`it's "x" & <y>`)).toBe("it's &quot;x&quot; &amp; &lt;y&gt;");
  });

  it('gives back the same string when there is nothing to escape', () => {
    const plain = 'A plain title, with nothing to escape at all';
    expect(escapeHtmlChars(plain)).toBe(plain);
    expect(escapeHtml(plain)).toBe(plain);
  });

  it('undoes its own escaping of an attribute value', () => {
    for (const s of all) expect(unescapeHtml(escapeHtmlChars(s))).toBe(s);
    expect(unescapeHtml('&amp;lt; &copy; &#x27;')).toBe('&lt; &copy; &#x27;');
  });

  it('is the only place in src/ that writes the entities (apart from XML character data and one WordPress shortcode)', () => {
    const src = path.resolve(import.meta.dirname, '../../src');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    // feeds/xml-text.ts escapes XML character data (`& < >`, no quotes); wxr's [code] shortcode escapes `<` and `>` only, as WordPress does.
    const allowed = new Set(['text/html-escape.ts', 'feeds/xml-text.ts', 'sources/wxr/shortcodes.ts']);
    const code = (f: string) => readFileSync(path.join(src, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const writers = files.filter((f) => !allowed.has(f.split(path.sep).join('/')) && /(['"`])&(?:amp|lt|gt|quot|#39);\1/.test(code(f)));
    expect(writers).toEqual([]);
  });
});
