import { cleanText } from '../feeds/xml-text.js';

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
