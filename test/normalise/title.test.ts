import { describe, expect, it } from 'vitest';
import { deriveTitle, TITLE_LIMIT, UNTITLED } from '../../src/normalise/index.js';

describe('deriveTitle', () => {
  it('makes a title from the first sentence of the untitled 6 June 2019 post', () => {
    const text =
      'The county of Northamptonshire has featured on the pages of this blog on a number of occasions.\n\nThe council has, to put it bluntly, run out of money.';
    expect(deriveTitle(text)).toBe('The county of Northamptonshire has featured on the pages of this blog…');
  });

  it('uses a short first sentence whole, without its full stop', () => {
    expect(deriveTitle('Sadly that is it. Just a list is given.')).toBe('Sadly that is it');
    expect(deriveTitle('Who knows? Not me.')).toBe('Who knows?');
  });

  it('cuts at a whole word, within the limit, without a dangling small word or comma', () => {
    const title = deriveTitle(
      'There seems little doubt that a primary cause of the lack of progress, in the view of many, is the way the inspections are run.',
    );
    expect([...title].length).toBeLessThanOrEqual(TITLE_LIMIT);
    expect(title).toMatch(/\p{L}…$/u);
    expect(title).not.toMatch(/\b(of|the|a|in),?…$/u);
    expect('There seems little doubt that a primary cause of the lack of progress, in the view'.startsWith(title.slice(0, -1))).toBe(true);
  });

  it('skips blank lines and list markers at the start', () => {
    expect(deriveTitle('\n\n- high turnover of staff\n- high caseloads')).toBe('high turnover of staff');
  });

  it('falls back to Untitled when there are no words', () => {
    expect(deriveTitle('')).toBe(UNTITLED);
    expect(deriveTitle('… — !')).toBe(UNTITLED);
  });

  it('cuts one very long word rather than going over the limit', () => {
    expect([...deriveTitle('x'.repeat(200))].length).toBe(TITLE_LIMIT);
  });
});
