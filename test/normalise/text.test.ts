import { describe, expect, it } from 'vitest';
import { htmlText } from '../../src/normalise/index.js';

describe('htmlText', () => {
  it('keeps link text without the URL and leaves images out', () => {
    expect(htmlText('<p>See <a href="https://www.bmj.com/content/320/7237/768">the BMJ</a>.<img src="x.png" alt="x"></p>')).toBe('See the BMJ.');
  });

  it('puts list items on lines and paragraphs apart', () => {
    expect(htmlText('<p>These are:</p><ul><li>high turnover</li><li>high caseloads</li></ul><p>End</p>')).toBe(
      'These are:\n\n- high turnover\n- high caseloads\n\nEnd',
    );
  });

  it('keeps headings in their own case and decodes entities', () => {
    expect(htmlText('<h2>Children’s Minister</h2><p>Tom &amp; Jerry&nbsp;&lt;3</p>')).toBe('Children’s Minister\n\nTom & Jerry <3');
  });

  it('does not wrap long lines', () => {
    const long = 'word '.repeat(100).trim();
    expect(htmlText(`<p>${long}</p>`)).toBe(long);
  });
});
