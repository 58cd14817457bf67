/**
 * Where to cut a roundup excerpt so that it reads as the writer wrote it:
 * after a whole sentence when one fills enough of the room, else after a
 * whole word; in both cases outside any quotation or parenthesis that is
 * open at that point ("…", “…”, „…“, «…», ‘…’, (…), […]). Only when the
 * opening quotation alone is longer than the room is it cut inside, and
 * then its closing mark is written after the ellipsis.
 */

export interface Cut {
  /** Index in the text: keep text.slice(0, end). */
  readonly end: number;
  /** 'sentence': ends a sentence, no ellipsis; 'word': add an ellipsis (then `closers`). */
  readonly kind: 'whole' | 'sentence' | 'word';
  /** Closing marks of the quotations left open, innermost first ('' unless the quotation was longer than the room). */
  readonly closers: string;
}

/** A sentence cut is taken when it keeps at least this share of the room. */
const SENTENCE_SHARE = 0.5;
/** A word cut outside quotations is taken when it keeps at least this share; else a shorter sentence, then a cut inside. */
const WORD_SHARE = 0.4;
/** The last resort for a sentence: rather a short whole sentence than a cut inside a quotation. */
const SHORT_SENTENCE_SHARE = 0.2;
/** How far ahead a quotation's closing mark is looked for. */
const SCAN_LIMIT = 20_000;

const OPENERS: Readonly<Record<string, string>> = { '“': '”', '„': '“”', '«': '»', '‘': '’', '(': ')', '[': ']', '"': '"' };
const CLOSERS = new Set(Object.values(OPENERS).join(''));

const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'rev', 'sr', 'jr', 'no', 'vs', 'etc', 'eg', 'ie', 'cf', 'al', 'approx', 'dept', 'govt', 'para', 'p', 'pp', 'vol', 'fig']);

/** Punctuation that should not end a cut text before its ellipsis. */
export const DANGLING = /(?:[\s,;:\-–—(“„«‘[]|(?<=\s)")+$/u;

interface Span {
  readonly open: number;
  readonly close: number;
}

/** Characters below U+0080 that quoteSpans looks at: " ( ) [ ]. */
const ASCII_MARKS = new Set([0x22, 0x28, 0x29, 0x5b, 0x5d]);
/** The curly quotation marks and guillemets it looks at. */
const OTHER_MARKS = new Set([...'“”„«»‘’'].map((c) => c.charCodeAt(0)));
const LETTER = /\p{L}/u;

/**
 * The quotation marks and brackets of `text` that are opened and closed
 * again (a stray mark opens nothing). `more`: the text goes on beyond what
 * is given, so a mark still open at its end may close later and counts as open.
 * `upTo`: only the spans opening before that index are wanted (a cut at
 * most there asks no more): reading stops once every mark opened before it
 * is closed, and spans opening later may be missing. One pass.
 */
export function quoteSpans(text: string, more = false, upTo = Number.POSITIVE_INFINITY): Span[] {
  const stack: { at: number; char: string }[] = [];
  const spans: Span[] = [];
  const end = Math.min(text.length, SCAN_LIMIT);
  // Past `upTo` with nothing opened before it still open, what follows cannot change a wanted span.
  const settled = (): boolean => (stack[0]?.at ?? upTo) >= upTo;
  const checkAt = Math.ceil(upTo);
  for (let i = 0; i < end; i++) {
    if (i === checkAt && settled()) return spans;
    const code = text.charCodeAt(i);
    if (code < 0x80 ? !ASCII_MARKS.has(code) : !OTHER_MARKS.has(code)) continue;
    const c = text[i] ?? '';
    if (c === '"') {
      if (opensStraight(text, i)) stack.push({ at: i, char: c });
      else closeAt(stack, spans, i, c);
    } else if (c === '’' && LETTER.test(text[i + 1] ?? '')) {
      continue; // an apostrophe: it’s
    } else if (c === '“' && stack.at(-1)?.char === '„') {
      closeAt(stack, spans, i, c); // „ opens and “ closes in German; elsewhere “ opens.
    } else if (c in OPENERS) {
      stack.push({ at: i, char: c });
    } else if (CLOSERS.has(c)) {
      closeAt(stack, spans, i, c);
    }
    if (i >= upTo && settled()) return spans;
  }
  // Quotations still open at the end of a long text may close beyond what was read: count them as open.
  if (more || end < text.length) for (const s of stack) spans.push({ open: s.at, close: text.length });
  return spans;
}

function opensStraight(text: string, i: number): boolean {
  const before = text[i - 1];
  return before === undefined || /[\s([{\-–—/]/u.test(before);
}

function closeAt(stack: { at: number; char: string }[], spans: Span[], i: number, c: string): void {
  for (let k = stack.length - 1; k >= 0; k--) {
    const entry = stack[k];
    if (entry && (OPENERS[entry.char] ?? '').includes(c)) {
      spans.push({ open: entry.at, close: i });
      stack.length = k;
      return;
    }
  }
}

/** The spans open at a cut keeping text.slice(0, end), innermost last. */
function openAt(spans: readonly Span[], end: number): Span[] {
  return spans.filter((s) => s.open < end && s.close >= end).sort((a, b) => a.open - b.open);
}

/** Where `text` (one line; `more`: the opening of a longer one) is cut to fit `max` characters with its ellipsis and closing marks. */
export function cutAt(text: string, max: number, more = false): Cut {
  if (text.length <= max && !more) return { end: text.length, kind: 'whole', closers: '' };
  // Only spans opening before `max` can be open at a cut (every cut is at most `max`).
  const spans = quoteSpans(text, more, max).filter((s) => s.open < max);
  const outside = (end: number): boolean => openAt(spans, end).length === 0;
  const sentences = sentenceEnds(text, max);
  const words = wordEnds(text, max - 1);

  const sentence = sentences.findLast(outside);
  if (sentence !== undefined && sentence >= max * SENTENCE_SHARE) return { end: sentence, kind: 'sentence', closers: '' };
  const word = words.findLast(outside);
  if (word !== undefined && word >= max * WORD_SHARE) return { end: word, kind: 'word', closers: '' };
  if (sentence !== undefined && sentence >= max * SHORT_SENTENCE_SHARE) return { end: sentence, kind: 'sentence', closers: '' };

  // The quotation that opens the text is longer than the room: cut inside it and close it.
  const inside = wordEnds(text, max - 4).at(-1);
  const end = inside !== undefined && inside >= max * 0.6 ? inside : safeIndex(text, max - 4);
  const closers = openAt(spans, end)
    .reverse()
    .map((s) => closingMark(text, s))
    .join('');
  return { end, kind: 'word', closers };
}

function closingMark(text: string, span: Span): string {
  const c = text[span.close];
  return c !== undefined && CLOSERS.has(c) ? c : (OPENERS[text[span.open] ?? '']?.[0] ?? '');
}

/** Cuts just after each sentence end within the first `max` characters. */
function sentenceEnds(text: string, max: number): number[] {
  const ends: number[] = [];
  for (const m of text.slice(0, max + 1).matchAll(/[.!?…]["'”’»)\]]*(?=\s)/gu)) {
    const end = m.index + m[0].length;
    if (end > max) break;
    if (!endsAbbreviation(text, m.index)) ends.push(end);
  }
  return ends;
}

/** Cuts after each whole word within the first `max` characters, dangling punctuation left off. */
function wordEnds(text: string, max: number): number[] {
  const ends: number[] = [];
  for (const m of text.slice(0, max + 1).matchAll(/\s+/gu)) {
    const kept = keptBefore(text, m.index);
    if (kept > 0 && kept <= max && ends.at(-1) !== kept) ends.push(kept);
  }
  return ends;
}

const SPACE = /\s/u;
const DANGLING_CHARS = new Set([...',;:-–—(“„«‘[']);

/**
 * text.slice(0, end).replace(DANGLING, '').length, read backwards from
 * `end` (the regular expression, anchored at the end, is tried from every
 * position of the text: quadratic over a text's words). Each character is
 * dangling or not on its own (" when a space is before it), so the longest
 * dangling tail is the one the expression removes.
 */
function keptBefore(text: string, end: number): number {
  let j = end;
  while (j > 0) {
    const c = text[j - 1] ?? '';
    if (DANGLING_CHARS.has(c) || SPACE.test(c) || (c === '"' && j >= 2 && SPACE.test(text[j - 2] ?? ''))) j -= 1;
    else break;
  }
  return j;
}

function endsAbbreviation(text: string, stop: number): boolean {
  if (text[stop] !== '.') return false;
  const word = text.slice(wordStart(text, stop), stop);
  return ABBREVIATIONS.has(word.replace(/\./g, '').toLowerCase()) || /^\p{Lu}$/u.test(word);
}

const LETTER_OR_DOT = /^[\p{L}.]$/u;

/** Where the run of letters and dots ending at `stop` begins: /([\p{L}.]+)$/u on text.slice(0, stop), read backwards by code point. */
function wordStart(text: string, stop: number): number {
  let j = stop;
  while (j > 0) {
    let k = j - 1;
    const low = text.charCodeAt(k);
    if (low >= 0xdc00 && low <= 0xdfff && k > 0) {
      const high = text.charCodeAt(k - 1);
      if (high >= 0xd800 && high <= 0xdbff) k -= 1;
    }
    if (!LETTER_OR_DOT.test(text.slice(k, j))) break;
    j = k;
  }
  return j;
}

function safeIndex(text: string, index: number): number {
  const code = text.charCodeAt(index - 1);
  return code >= 0xd800 && code <= 0xdbff ? index - 1 : index;
}
