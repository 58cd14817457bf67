/**
 * Which one-line paragraphs are post titles. A plain-text export has no
 * markup for titles, so these rules read the shape of the line and of the
 * text around it; they are deliberately conservative in the middle of a
 * date's posts, where short body lines are common.
 */
import { endsSentence, startsLowerCase, withoutClosers, wordCount } from './lines.js';
import { isBullet } from './blocks.js';

export const TITLE_LIMITS = {
  /** Longest title read right after a date line. */
  maxWords: 20,
  maxChars: 150,
  /** Longest title of a second or later post under one date line. */
  maxWordsMidDate: 12,
  /** Longest second-or-later title that ends with `?` or `!`. */
  maxWordsExclaimOrAsk: 5,
  /** Longest quotation-with-source title (`“…” [Author]`), wherever it stands. */
  maxWordsQuotation: 80,
  maxCharsQuotation: 600,
} as const;

/**
 * A quotation followed by its source in brackets, the whole line:
 * `“Minds are like parachutes; they work best when open.” [T. Dewar]`.
 * Bloggers head a post with one; its length and the sentences inside the
 * quotation say nothing against it being the title.
 */
const QUOTATION_WITH_SOURCE = /^["“‘'].*\p{L}.*["”’'][.!?…]?\s*\[[^[\]]*\p{L}[^[\]]*\]$/u;

export function isQuotationWithSource(text: string): boolean {
  return (
    QUOTATION_WITH_SOURCE.test(text) &&
    wordCount(text) <= TITLE_LIMITS.maxWordsQuotation &&
    text.length <= TITLE_LIMITS.maxCharsQuotation
  );
}

/** Ends like a sentence or a lead-in (`.`, `:`, `;`, `,`); an ellipsis does not count. */
function endsLikeProse(text: string): boolean {
  if (text.endsWith('...') || text.endsWith('…')) return false;
  return /[.:;,]$/.test(text);
}

/** Shapes that are never titles, wherever they stand. */
function neverATitle(text: string): boolean {
  return (
    text === '' ||
    endsLikeProse(text) ||
    isBullet(text) ||
    startsLowerCase(text) ||
    // must open with a letter, a digit or an opening quote or bracket: not `% Change`, not `*footnote`
    !/^[\p{L}\p{N}"'“‘([]/u.test(text) ||
    // a parenthesised aside: `(Apologies for lack of links …)`
    (text.startsWith('(') && text.endsWith(')')) ||
    wordCount(text) > TITLE_LIMITS.maxWords ||
    text.length > TITLE_LIMITS.maxChars
  );
}

/** A one-line paragraph right after the date line (blank lines between are fine). */
export function isTitleAfterDate(text: string): boolean {
  return isQuotationWithSource(text) || !neverATitle(text);
}

const URL = /(?:https?:\/\/|www\.)\S/i;
/** A sentence end followed by more text: `Sadly that is it! Just a list…` */
const SENTENCE_BREAK = /[.!?…]["'”’)\]]*\s+["'“‘([]?[\p{Lu}\p{N}]/u;

/**
 * A one-line paragraph after body text under the same date: the title of the
 * next post only if the text before it finished a sentence and the line is a
 * short phrase, not a closing remark.
 */
export function isTitleMidDate(text: string, previousText: string): boolean {
  if (!endsSentence(previousText)) return false;
  if (isQuotationWithSource(text)) return !URL.test(text);
  if (neverATitle(text)) return false;
  const words = wordCount(text);
  if (words > TITLE_LIMITS.maxWordsMidDate) return false;
  if (/[?!]$/.test(withoutClosers(text)) && words > TITLE_LIMITS.maxWordsExclaimOrAsk) return false;
  return !URL.test(text) && !SENTENCE_BREAK.test(text);
}
