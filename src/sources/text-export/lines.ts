/**
 * Line-level helpers for the plain-text export: one place that decides what
 * counts as white space, a blank line and a sentence end.
 */
import { withoutBom } from '../shared/lines.js';

/** White space for structure: ordinary white space plus no-break spaces. */
const SPACE_RUN = /[\s\u00a0\u202f\u2007\ufeff]+/gu;

/** Strip a UTF-8 byte order mark and turn CRLF / CR line endings into LF. */
export function normaliseNewlines(text: string): string {
  return withoutBom(text).replace(/\r\n?/g, '\n');
}

/** The file's lines after BOM/CRLF normalisation; a final newline adds no line. */
export function splitLines(text: string): string[] {
  const normalised = normaliseNewlines(text);
  const lines = normalised.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Collapse runs of spaces and no-break spaces into one space and trim. */
export function cleanText(line: string): string {
  return line.replace(SPACE_RUN, ' ').trim();
}

/** A line with nothing but white space (no-break spaces included). */
export function isBlank(line: string): boolean {
  return cleanText(line) === '';
}

const CLOSERS = new Set(['"', "'", '”', '’', ')', ']']);

/** The text without closing quotes and brackets at its end: `open.”)` gives `open.` */
export function withoutClosers(text: string): string {
  let end = text.length;
  while (end > 0 && CLOSERS.has(text.charAt(end - 1))) end -= 1;
  return text.slice(0, end);
}

/** Ends a sentence: `.`, `!`, `?` or `…`, optionally followed by closing quotes or brackets. */
export function endsSentence(text: string): boolean {
  return /[.!?…]$/u.test(withoutClosers(text));
}

/** Starts with a lower-case letter (any script). */
export function startsLowerCase(text: string): boolean {
  return /^\p{Ll}/u.test(text);
}

export function wordCount(text: string): number {
  return text.split(' ').filter((w) => w !== '').length;
}
