import { describe, expect, it } from 'vitest';
import { dropControls, tidyInline, tidyMarkup, tidyText } from '../../src/normalise/index.js';

describe('tidyText', () => {
  it('turns no-break spaces into spaces and collapses runs without touching words', () => {
    expect(tidyText('as saying:\u00a0 “For decades,  children')).toBe('as saying: “For decades, children');
  });

  it('normalises line endings, trims lines and keeps at most one blank line', () => {
    expect(tidyText('  one  \r\ntwo\r\r\r\n\n\nthree \n')).toBe('one\ntwo\n\nthree');
  });

  it('drops zero-width junk but keeps the joiners emoji and Persian need', () => {
    expect(tidyText('zero\u200bwidth\ufeff soft\u00adhyphen')).toBe('zerowidth softhyphen');
    const family = '👨\u200d👩\u200d👧';
    expect(tidyText(`a ${family} b`)).toBe(`a ${family} b`);
    expect(tidyText('می\u200cخواهم')).toBe('می\u200cخواهم');
  });

  it('keeps right-to-left text and its direction marks', () => {
    expect(tidyText('\u200fשלום   עולם\u200e')).toBe('\u200fשלום עולם\u200e');
  });

  it('removes control characters that break XML', () => {
    expect(tidyText('bell\u0007 and\u0000 nul\u0085')).toBe('bell and nul');
  });
});

describe('tidyInline', () => {
  it('puts a value on one line', () => {
    expect(tidyInline('  A\ttitle\n over \u00a0two lines ')).toBe('A title over two lines');
  });
});

describe('tidyMarkup', () => {
  it('keeps indentation and double spaces that Markdown gives meaning to', () => {
    expect(tidyMarkup('line one  \r\n    code\u200b')).toBe('line one  \n    code');
  });
});

describe('dropControls', () => {
  it('removes C0/C1 controls and lone surrogates but keeps tab, newline and emoji', () => {
    expect(dropControls('a\u0001b\u009fc\td\ne\ud800f😀')).toBe('abc\td\nef😀');
  });
});
