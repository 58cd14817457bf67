import { describe, expect, it } from 'vitest';
import { makeSummary, SUMMARY_LIMIT } from '../../src/normalise/index.js';

const COVER_UP =
  'It doesn’t take a lot of thought to conclude that there must have been a toxic culture of cover-up and denial in Nottinghamshire and the City of Nottingham. ' +
  'The Guardian quotes Professor Alexis Jay, chair of The Independent Inquiry into Child Sexual Abuse as saying: “For decades, children who were in the care of the Nottinghamshire councils suffered appalling sexual and physical abuse.”';

describe('makeSummary', () => {
  it('returns a short text whole, on one line', () => {
    expect(makeSummary('One sentence.\n\nAnother one.')).toBe('One sentence. Another one.');
  });

  it('cuts after the last sentence that fits', () => {
    const summary = makeSummary(COVER_UP);
    expect(summary).toBe(
      'It doesn’t take a lot of thought to conclude that there must have been a toxic culture of cover-up and denial in Nottinghamshire and the City of Nottingham.',
    );
  });

  it('cuts after a whole word with an ellipsis when no sentence fits', () => {
    const text = `${'Social workers reported to inspectors that they were overwhelmed and drowning, '.repeat(5)}end.`;
    const summary = makeSummary(text);
    expect([...summary].length).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect([...summary].length).toBeGreaterThan(SUMMARY_LIMIT - 20);
    expect(summary).toMatch(/\p{L}…$/u);
    const kept = summary.slice(0, -1);
    expect(text.startsWith(kept)).toBe(true);
    // The next character in the text is not a letter: no word was cut.
    expect(text[kept.length]).toMatch(/[^\p{L}]/u);
  });

  it('does not take a title like Dr. for the end of a sentence', () => {
    const text = `Research by Dr. ${'Cécile Guillaume and colleagues found many problems in the probation service '.repeat(4)}`;
    expect(makeSummary(text).startsWith('Research by Dr. Cécile')).toBe(true);
  });

  it('never splits an emoji', () => {
    const text = `${'😀'.repeat(299)}😀😀 tail`;
    const summary = makeSummary(text);
    expect([...summary].length).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(summary).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('prefers the source’s own summary, shortened to the limit', () => {
    expect(makeSummary(COVER_UP, '  A summary  the author wrote. ')).toBe('A summary the author wrote.');
    expect([...makeSummary(COVER_UP, 'word '.repeat(200))].length).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(makeSummary(COVER_UP, '   ')).toBe(makeSummary(COVER_UP));
  });

  it('stays small and quick for a very long text', () => {
    const summary = makeSummary('A sentence that goes on. '.repeat(50_000));
    expect([...summary].length).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(summary.endsWith('goes on.')).toBe(true);
  });
});
