/** The excerpt cut as it was before issue 19 (quadratic in places): the reference the one-pass cut is checked against. Do not change. */
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

/**
 * The quotation marks and brackets of `text` that are opened and closed
 * again (a stray mark opens nothing). `more`: the text goes on beyond what
 * is given, so a mark still open at its end may close later and counts as open.
 */
export function quoteSpans(text: string, more = false): Span[] {
  const stack: { at: number; char: string }[] = [];
  const spans: Span[] = [];
  const end = Math.min(text.length, SCAN_LIMIT);
  for (let i = 0; i < end; i++) {
    const c = text[i] ?? '';
    if (c === '"') {
      if (opensStraight(text, i)) stack.push({ at: i, char: c });
      else closeAt(stack, spans, i, c);
      continue;
    }
    if (c === '’' && /\p{L}/u.test(text[i + 1] ?? '')) continue; // an apostrophe: it’s
    // „ opens and “ closes in German; elsewhere “ opens.
    if (c === '“' && stack.at(-1)?.char === '„') {
      closeAt(stack, spans, i, c);
      continue;
    }
    if (c in OPENERS) stack.push({ at: i, char: c });
    else if (CLOSERS.has(c)) closeAt(stack, spans, i, c);
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
  const spans = quoteSpans(text, more);
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
    const kept = text.slice(0, m.index).replace(DANGLING, '').length;
    if (kept > 0 && kept <= max && ends.at(-1) !== kept) ends.push(kept);
  }
  return ends;
}

function endsAbbreviation(text: string, stop: number): boolean {
  if (text[stop] !== '.') return false;
  const word = /([\p{L}.]+)$/u.exec(text.slice(0, stop))?.[1] ?? '';
  return ABBREVIATIONS.has(word.replace(/\./g, '').toLowerCase()) || /^\p{Lu}$/u.test(word);
}

function safeIndex(text: string, index: number): number {
  const code = text.charCodeAt(index - 1);
  return code >= 0xd800 && code <= 0xdbff ? index - 1 : index;
}
