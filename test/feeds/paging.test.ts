import { describe, expect, it } from 'vitest';
import { splitHistory } from '../../src/feeds/index.js';

/** Numbers n..1, newest first: entry k was the k-th ever published. */
const history = (n: number) => Array.from({ length: n }, (_, i) => n - i);

describe('splitHistory', () => {
  it('pages complete fixed-size chunks counted from the oldest entry, each newest first; the rest is the current feed', () => {
    const { current, pages } = splitHistory(history(25), 5, 10);
    expect(pages.map((p) => [p.number, p.entries[0], p.entries.at(-1), p.entries.length])).toEqual([
      [1, 10, 1, 10],
      [2, 20, 11, 10],
    ]);
    expect(current).toEqual([25, 24, 23, 22, 21]);
  });

  it('makes a page only once the current feed keeps its newest entries without it', () => {
    expect(splitHistory(history(14), 5, 10).pages).toEqual([]);
    expect(splitHistory(history(14), 5, 10).current).toHaveLength(14);
    expect(splitHistory(history(15), 5, 10).pages).toHaveLength(1);
    expect(splitHistory(history(15), 5, 10).current).toEqual([15, 14, 13, 12, 11]);
  });

  it('never changes a page as entries are added, never writes an empty one', () => {
    const before = splitHistory(history(25), 5, 10).pages;
    for (let n = 26; n <= 60; n++) {
      const after = splitHistory(history(n), 5, 10);
      expect(after.pages.slice(0, before.length)).toEqual(before);
      for (const page of after.pages) expect(page.entries).toHaveLength(10);
      expect(after.current.length).toBeGreaterThanOrEqual(5);
      expect(after.current.length).toBeLessThan(15);
    }
    expect(splitHistory([], 5, 10)).toEqual({ current: [], pages: [] });
  });

  it('refuses a page size or a current size that is not a whole number of 1 or more', () => {
    expect(() => splitHistory(history(3), 5, 0)).toThrow(/page size/);
    expect(() => splitHistory(history(3), 0, 10)).toThrow(/current feed/);
  });
});
