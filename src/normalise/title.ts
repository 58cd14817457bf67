/**
 * A title made from the text when the source had none: the first sentence,
 * whole words only, at most TITLE_LIMIT characters, without the full stop or
 * the small words and punctuation a cut leaves dangling, with `…` when cut.
 */

export const TITLE_LIMIT = 70;

/** Used when a post has neither a title nor any text to make one from. */
export const UNTITLED = 'Untitled';

/** Words that should not end a cut title (`… on the pages of`). */
const WEAK_ENDINGS = new Set([
  'a', 'an', 'the', 'and', 'or', 'but', 'nor', 'of', 'to', 'in', 'on', 'at', 'by', 'for', 'from', 'with',
  'as', 'into', 'onto', 'than', 'that', 'which', 'who', 'whose', 'is', 'are', 'was', 'were', 'be', 'its', 'their',
  'his', 'her', 'my', 'our', 'your', 'this', 'these', 'those',
]);

const SENTENCE = /^.*?[.!?…]["'”’)\]]*(?=\s|$)/su;
const TRAILING_JUNK = /[\s.,;:\-–—(“‘[*•·]+$/u;
const LEADING_JUNK = /^[\s\-–—*•·>#]+/u;

function firstSentence(text: string): string {
  const firstLine = text.split('\n').find((line) => line.trim() !== '') ?? '';
  const line = firstLine.replace(LEADING_JUNK, '').replace(/\s+/g, ' ').trim();
  return (SENTENCE.exec(line)?.[0] ?? line).trim();
}

function dropWeakEnding(words: string[]): string[] {
  const kept = [...words];
  while (kept.length > 1 && WEAK_ENDINGS.has((kept[kept.length - 1] ?? '').toLowerCase().replace(TRAILING_JUNK, ''))) kept.pop();
  return kept;
}

/** A title from the opening of `text`; UNTITLED when the text has no words. */
export function deriveTitle(text: string, limit = TITLE_LIMIT): string {
  const sentence = firstSentence(text);
  if (!/[\p{L}\p{N}]/u.test(sentence)) return UNTITLED;
  if ([...sentence].length <= limit) return sentence.replace(TRAILING_JUNK, '');
  const words: string[] = [];
  let length = 0;
  for (const word of sentence.split(' ')) {
    const next = length + (words.length > 0 ? 1 : 0) + [...word].length;
    if (next > limit - 1) break;
    words.push(word);
    length = next;
  }
  if (words.length === 0) return `${[...sentence].slice(0, limit - 1).join('')}…`;
  return `${dropWeakEnding(words).join(' ').replace(TRAILING_JUNK, '')}…`;
}
