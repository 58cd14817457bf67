import { cleanText } from '../feeds/xml-text.js';
import { cutAt } from './excerpt-cut.js';
import type { ExcerptPart } from './excerpt-links.js';
import { anchorTexts, labelUrls } from './excerpt-links.js';

export type { ExcerptPart } from './excerpt-links.js';

/**
 * Short plain text for a roundup: a post's opening words, a title that
 * cannot swamp an email. Cut at a word boundary when there is one near the
 * end, never inside a surrogate pair, with an ellipsis when shortened.
 */

/** Longest post title a roundup shows, in characters. */
export const MAX_TITLE = 200;

const ELLIPSIS = '…';

/** `text` on one line (whitespace collapsed, control characters gone) and at most `max` characters. */
export function shorten(text: string, max: number): string {
  const clean = cleanText(text);
  if (clean.length <= max) return clean;
  if (max <= 1) return ELLIPSIS.slice(0, max);
  let cut = max - 1;
  const space = clean.lastIndexOf(' ', cut);
  if (space >= max * 0.6) cut = space;
  else if (isHighSurrogate(clean.charCodeAt(cut - 1))) cut -= 1;
  return `${clean.slice(0, cut).replace(/[\s,;:.–—-]+$/u, '')}${ELLIPSIS}`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** A roundup excerpt: its text (link labels in place of URLs) and the same text in runs, some of them links. */
export interface Excerpt {
  readonly text: string;
  readonly parts: readonly ExcerptPart[];
}

/**
 * The opening of a post's text for a roundup, at most `max` characters:
 * every web address written out in it replaced by a link labelled with the
 * text of the post's own link to it (from `html`) or else its domain, then cut after a sentence, else after a word with `…`, never
 * inside an open quotation or parenthesis (see excerpt-cut.ts).
 */
export function excerptOf(text: string, max: number, html = ''): Excerpt {
  // Only the start matters: keep the work small for a very long text.
  const more = text.length > max * 8;
  const clean = cleanText(more ? text.slice(0, max * 8) : text);
  const parts = labelUrls(clean, clean.includes('://') ? anchorTexts(html) : undefined);
  const joined = parts.map((p) => p.text).join('');
  const cut = cutAt(joined, max, more && joined.length > max);
  const suffix = cut.kind === 'word' ? `${ELLIPSIS}${cut.closers}` : '';
  const kept: ExcerptPart[] = [];
  let at = 0;
  for (const part of parts) {
    if (at >= cut.end) break;
    const piece = part.text.slice(0, cut.end - at);
    at += part.text.length;
    // A link whose label the cut goes through is kept as plain text.
    kept.push(part.url !== undefined && piece.length === part.text.length ? part : { text: piece });
  }
  if (suffix !== '') kept.push({ text: suffix });
  const merged = mergeText(kept);
  return { text: merged.map((p) => p.text).join(''), parts: merged };
}

/** Neighbouring runs of plain text as one. */
function mergeText(parts: readonly ExcerptPart[]): ExcerptPart[] {
  const out: ExcerptPart[] = [];
  for (const part of parts) {
    const last = out.at(-1);
    if (last && last.url === undefined && part.url === undefined) out[out.length - 1] = { text: last.text + part.text };
    else out.push(part);
  }
  return out;
}
