import { describe, expect, it } from 'vitest';
import { archivePages } from '../../src/feeds/index.js';

/** Numbers n..1, newest first: entry k was the k-th ever published. */
const history = (n: number) => Array.from({ length: n }, (_, i) => n - i);

describe('archivePages', () => {
  it('pages fixed-size chunks counted from the oldest entry, each page newest first', () => {
    const pages = archivePages(history(25), 10);
    expect(pages.map((p) => [p.number, p.entries[0], p.entries.at(-1), p.complete])).toEqual([
      [1, 10, 1, true],
      [2, 20, 11, true],
      [3, 25, 21, false],
    ]);
  });

  it('keeps full pages the same as entries are added', () => {
    const before = archivePages(history(25), 10);
    const after = archivePages(history(39), 10);
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
  });

  it('adds an empty current page after an exactly full last page, and none for an empty feed', () => {
    expect(archivePages(history(20), 10).map((p) => p.entries.length)).toEqual([10, 10, 0]);
    expect(archivePages([], 10)).toEqual([]);
  });

  it('refuses a page size that is not a whole number of 1 or more', () => {
    expect(() => archivePages(history(3), 0)).toThrow(/page size/);
  });
});
