/**
 * Stray markup: lines left over from the blog's HTML (`-->`, `<!-- … -->`,
 * a lone `<br>`). Such a line carries no text and is dropped with a warning.
 * Markup inside a line of text is kept: it is text as far as this adapter is
 * concerned, and normalisation decides what it means.
 */
import { cleanText } from './lines.js';

const COMMENT = /<!--[^]*?-->/g;
const TAG = /<\/?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?\/?>/g;
const DELIMITER = /<!--|-->/g;

/** The whole line is tags, one-line comments or comment delimiters and nothing else. */
export function isStrayMarkup(line: string): boolean {
  const text = cleanText(line);
  if (text === '' || (!text.includes('<') && !text.includes('-->'))) return false;
  return text.replace(COMMENT, '').replace(TAG, '').replace(DELIMITER, '').trim() === '';
}

/** A line that starts an HTML comment without closing it (`<!-- notes`). */
export function opensComment(line: string): boolean {
  const text = cleanText(line);
  return text.startsWith('<!--') && !text.includes('-->');
}

/** A line that ends an HTML comment (`-->` is the last thing on it). */
export function closesComment(line: string): boolean {
  return cleanText(line).endsWith('-->');
}
