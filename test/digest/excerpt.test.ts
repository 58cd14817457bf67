import { describe, expect, it } from 'vitest';
import { excerptOf } from '../../src/digest/excerpt.js';
import { quoteSpans } from '../../src/digest/excerpt-cut.js';
import { wrapText } from '../../src/digest/render/wrap.js';

const filler = (words: number) => Array.from({ length: words }, (_, i) => ['social', 'workers', 'weigh', 'thresholds', 'and', 'caseloads'][i % 6]).join(' ');

/** True when a cut keeping `kept` characters of `text` leaves a quotation or bracket open. */
function endsInside(text: string, kept: number): boolean {
  return quoteSpans(text).some((s) => s.open < kept && s.close >= kept);
}

describe('excerptOf: where an excerpt ends', () => {
  it('leaves a short text as it is', () => {
    expect(excerptOf('A short post. With two sentences.', 280).text).toBe('A short post. With two sentences.');
  });

  it('ends after a whole sentence when one fills enough of the room, without an ellipsis', () => {
    const text = `The report came out on Monday and ${filler(20)}. It said more than anyone expected, ${filler(40)}.`;
    const { text: excerpt } = excerptOf(text, 200);
    expect(excerpt).toBe(`The report came out on Monday and ${filler(20)}.`);
  });

  for (const [name, open, close] of [
    ['curly quotes', '“', '”'],
    ['straight quotes', '"', '"'],
    ['guillemets', '«', '»'],
    ['German quotes', '„', '“'],
    ['parentheses', '(', ')'],
  ] as const) {
    it(`never ends inside open ${name}: it ends before they open, with an ellipsis`, () => {
      const text = `The minister told the committee on Tuesday that ${filler(14)} and then said ${open}we will not. Not this year, ${filler(40)}${close} and left.`;
      const { text: excerpt } = excerptOf(text, 200);
      expect(excerpt.endsWith('…')).toBe(true);
      const kept = excerpt.length - 1;
      expect(text.slice(0, kept)).toBe(excerpt.slice(0, -1));
      expect(endsInside(text, kept)).toBe(false);
      expect(excerpt).not.toContain(open === '"' ? 'said "' : open);
      expect(excerpt).toMatch(/\p{L}…$/u);
    });
  }

  it('closes a quotation that opens the text and is longer than the room: the ellipsis inside, then the closing mark', () => {
    const text = `“${filler(60)}.” So said the report.`;
    const { text: excerpt } = excerptOf(text, 150);
    expect(excerpt).toMatch(/^“social workers .*\p{L}…”$/u);
    expect(excerpt.length).toBeLessThanOrEqual(150);
  });

  it('takes an apostrophe for an apostrophe, not a closing quote', () => {
    const text = `It’s the council’s view that ${filler(50)}. And more.`;
    const { text: excerpt } = excerptOf(text, 120);
    expect(excerpt.startsWith('It’s the council’s view')).toBe(true);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(excerpt).not.toMatch(/’…$/);
  });

  it('never cuts a word in half', () => {
    for (let max = 60; max < 200; max += 7) {
      const text = `Safeguarding practitioners weigh thresholds ${filler(60)}`;
      const excerpt = excerptOf(text, max).text.replace(/…$/, '');
      expect(text[excerpt.length], `at ${max}`).toBe(' ');
    }
  });
});

describe('excerptOf: web addresses', () => {
  it('shows a written-out web address as a link named by its domain', () => {
    const text = 'I have been reading the annual report (http://www.ofsted.gov.uk/resources/social-care-annual-report-201213) that came out last week.';
    const excerpt = excerptOf(text, 280);
    expect(excerpt.text).toBe('I have been reading the annual report (ofsted.gov.uk) that came out last week.');
    expect(excerpt.parts).toEqual([
      { text: 'I have been reading the annual report (' },
      { text: 'ofsted.gov.uk', url: 'http://www.ofsted.gov.uk/resources/social-care-annual-report-201213' },
      { text: ') that came out last week.' },
    ]);
  });

  it('measures the room with the label, not the address, and leaves out a link that does not fit whole', () => {
    const url = `https://www.example.org/${'a-very-long-path/'.repeat(10)}`;
    const text = `${filler(10)} ${url} ${filler(40)}`;
    const excerpt = excerptOf(text, 120);
    expect(excerpt.text).toContain('example.org');
    expect(excerpt.text).not.toContain('https://');
    expect(excerpt.parts.filter((p) => p.url)).toEqual([{ text: 'example.org', url }]);
  });

  it("names the link with the text of the post's own link to that address when it has one, unless the words before already say it", () => {
    const html = '<p>See <a href="https://example.org/report?y=2019&amp;p=1">the annual report</a>, and <a href="https://example.org/b">Bolton</a>.</p>';
    const text = 'See https://example.org/report?y=2019&p=1 for the figures, and Bolton (https://example.org/b).';
    const excerpt = excerptOf(text, 280, html);
    expect(excerpt.text).toBe('See the annual report for the figures, and Bolton (example.org).');
    expect(excerpt.parts.filter((p) => p.url).map((p) => p.url)).toEqual(['https://example.org/report?y=2019&p=1', 'https://example.org/b']);
  });

  it('leaves alone what only looks like an address (Node.js, e.g.)', () => {
    expect(excerptOf('Built on Node.js, e.g. for the web.', 280).parts).toEqual([{ text: 'Built on Node.js, e.g. for the web.' }]);
  });
});

describe('wrapText: lines of the text part', () => {
  it('wraps at 78 characters and never splits a web address: a long one stands alone on its line', () => {
    const url = `https://blog.example.org/${'segment/'.repeat(12)}`;
    const out = wrapText(`${filler(10)} ${url} ${filler(10)}`).split('\n');
    expect(out).toContain(url);
    for (const line of out) if (line !== url) expect([...line].length).toBeLessThanOrEqual(78);
    expect(out.join(' ')).toBe(`${filler(10)} ${url} ${filler(10)}`);
  });
});
