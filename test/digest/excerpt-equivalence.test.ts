import { describe, expect, it } from 'vitest';
import { cutAt, quoteSpans } from '../../src/digest/excerpt-cut.js';
import { cutAt as cutAtV1, quoteSpans as quoteSpansV1 } from './reference/excerpt-cut-v1.js';
import { random } from '../helpers/random.js';

/**
 * The one-pass cut (excerpt-cut.ts) against the first one, kept as it was in
 * reference/excerpt-cut-v1.ts: the same cut for every generated text, so
 * that no roundup's excerpt changes by a byte.
 */


const WORDS = ['social', 'workers', 'council', 'Dr.', 'Mr.', 'e.g.', 'J.', 'etc.', 'St.', 'vs.', 'Ofsted', 'Straße', 'über', 'Москва', 'работа', 'ελληνικά', 'שלום', 'مرحبا', '東京', '社会', '𝒜𝒷𝒸', '😀', 'it’s', 'don’t', 'l’école', 'U.K.', 'A', 'x'];
const MARKS = ['"', '“', '”', '„', '«', '»', '‘', '’', '(', ')', '[', ']', '.', '!', '?', '…', ',', ';', ':', '-', '–', '—', '. ', '." ', '.” ', ')', '"', ' "', '("'];
const SPACES = [' ', ' ', ' ', ' ', '  ', '\u00a0', '\u2009', ' – ', ' — ', ' - '];

function text(next: () => number, length: number): string {
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  let out = '';
  while (out.length < length) {
    const roll = next();
    if (roll < 0.55) out += pick(WORDS);
    else if (roll < 0.8) out += pick(MARKS);
    else out += pick(SPACES);
  }
  return out;
}

describe('the excerpt cut reads each text once and cuts where it did', () => {
  it('cuts every generated text, long or short, at the same place with the same closing marks', () => {
    const next = random(19);
    let checked = 0;
    for (let round = 0; round < 6000; round++) {
      const max = [50, 60, 80, 120, 200, 280, 281, 500][round % 8] ?? 280;
      const sample = text(next, Math.floor(next() * max * 9));
      for (const more of [false, true]) {
        expect(cutAt(sample, max, more), `${JSON.stringify(sample)} max ${max} more ${more}`).toEqual(cutAtV1(sample, max, more));
        checked += 1;
      }
    }
    expect(checked).toBe(12_000);
  });

  it('cuts texts with a quotation or bracket opened early and closed late, or never', () => {
    const next = random(53);
    for (let round = 0; round < 2000; round++) {
      const max = 280;
      const open = ['"', '“', '„', '«', '‘', '(', '['][round % 7] ?? '(';
      const close = { '"': '"', '“': '”', '„': '“', '«': '»', '‘': '’', '(': ')', '[': ']' }[open] ?? ')';
      const sample = `${text(next, Math.floor(next() * 100))} ${open}${text(next, Math.floor(next() * 2000))}${next() < 0.7 ? close : ''} ${text(next, 300)}`;
      for (const more of [false, true]) expect(cutAt(sample, max, more), JSON.stringify(sample)).toEqual(cutAtV1(sample, max, more));
    }
  });

  it('finds the same spans when asked for all of them', () => {
    const next = random(7);
    for (let round = 0; round < 2000; round++) {
      const sample = text(next, Math.floor(next() * 3000));
      expect(quoteSpans(sample, round % 2 === 0)).toEqual(quoteSpansV1(sample, round % 2 === 0));
    }
  });
});
