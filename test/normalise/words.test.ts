import { describe, expect, it } from 'vitest';
import { countWords, readingMinutes } from '../../src/normalise/index.js';

describe('countWords', () => {
  it('counts words, with contractions and hyphenated words once', () => {
    expect(countWords('It doesn’t take a co-ordinated effort – 25% of 1,000!')).toBe(9);
  });

  it('counts list lines and ignores bare punctuation', () => {
    expect(countWords('- high turnover\n- high caseloads\n…')).toBe(4);
  });

  it('counts each Chinese or Japanese character as a word, Korean by spaces', () => {
    expect(countWords('日本語 and 한국어 텍스트')).toBe(6);
  });

  it('counts a URL or an e-mail address as one word', () => {
    expect(countWords('see https://www.bmj.com/content/320/7237/768 or write to editor@example.org.')).toBe(6);
  });

  it('is 0 for empty text', () => {
    expect(countWords('')).toBe(0);
  });
});

describe('readingMinutes', () => {
  it('is at least one minute and rounds up at 230 words a minute', () => {
    expect(readingMinutes(0)).toBe(1);
    expect(readingMinutes(230)).toBe(1);
    expect(readingMinutes(231)).toBe(2);
    expect(readingMinutes(982)).toBe(5);
  });
});
