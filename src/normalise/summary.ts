/**
 * Summaries and other shortened text: at most `limit` characters (code
 * points, so an emoji is never cut in half), on one line, cut after a
 * sentence when one fits, else after a whole word with `…`. A word is never
 * cut unless it alone is longer than the limit.
 */
import { tidyInline } from './whitespace.js';

export const SUMMARY_LIMIT = 300;

/** A sentence cut is taken only when it keeps at least this share of the limit. */
const MIN_SENTENCE_SHARE = 1 / 3;

/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'rev', 'sr', 'jr', 'no', 'vs', 'etc', 'eg', 'ie', 'cf', 'al', 'approx', 'dept', 'govt', 'para', 'p', 'pp', 'vol', 'fig']);

/** Punctuation left dangling when text is cut after a word. */
const DANGLING = /[\s,;:\-–—(“‘[]+$/u;

const SENTENCE_END = /[.!?…]["'”’)\]]*(?=\s)/gu;

function endsAbbreviation(text: string, stop: number): boolean {
  if (text[stop] !== '.') return false;
  const word = /([\p{L}.]+)$/u.exec(text.slice(0, stop))?.[1] ?? '';
  const bare = word.replace(/\./g, '').toLowerCase();
  return ABBREVIATIONS.has(bare) || /^\p{Lu}$/u.test(word);
}

/** The index in `text` just after its first `count` code points (text.length if it is shorter). */
function indexAfter(text: string, count: number): number {
  let index = 0;
  for (let n = 0; n < count && index < text.length; n += 1) {
    const code = text.charCodeAt(index);
    index += code >= 0xd800 && code <= 0xdbff && index + 1 < text.length ? 2 : 1;
  }
  return index;
}

/** Index just after the last whole sentence of `text` that ends at or before `end`. */
function sentenceCut(text: string, end: number): number | undefined {
  let best: number | undefined;
  for (const m of text.matchAll(SENTENCE_END)) {
    const stop = m.index + m[0].length;
    if (stop > end) break;
    if (!endsAbbreviation(text, m.index)) best = stop;
  }
  return best;
}

/** `text` on one line and no longer than `limit` code points. */
export function shorten(text: string, limit: number): string {
  // Only the start matters: keep the work small for a very long text.
  const rough = text.length > limit * 3 ? text.slice(0, limit * 3) : text;
  const line = tidyInline(rough);
  const fits = indexAfter(line, limit);
  if (fits === line.length && rough === text) return line;
  const head = line.slice(0, indexAfter(line, limit + 1));
  const sentence = sentenceCut(head, fits);
  if (sentence !== undefined && sentence >= fits * MIN_SENTENCE_SHARE) return head.slice(0, sentence).trim();
  const room = line.slice(0, indexAfter(line, limit - 1));
  const wholeWords = /^\s/u.test(line.slice(room.length));
  const space = room.lastIndexOf(' ');
  const words = wholeWords ? room : space > 0 ? room.slice(0, space) : room;
  return `${words.replace(DANGLING, '')}…`;
}

/**
 * The post's summary: the source's own when it has one (shortened if need
 * be), else the opening of the text.
 */
export function makeSummary(text: string, sourceSummary?: string, limit = SUMMARY_LIMIT): string {
  const own = sourceSummary === undefined ? '' : tidyInline(sourceSummary);
  return shorten(own !== '' ? own : text, limit);
}
