/**
 * Sanitised HTML to plain text for search, summaries, word counts and
 * fingerprints: the words only. Links keep their text (no URL after it),
 * images are left out, list items become lines, headings keep their case.
 */
import { compile } from 'html-to-text';
import { NESTING_LIMIT } from './sanitise.js';
import { tidyText } from './whitespace.js';

const headings = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
  selector,
  options: { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 2 },
}));

const convert = compile({
  wordwrap: false,
  // Sanitised HTML is never deeper than this; other HTML is cut off rather than overflow the stack.
  limits: { maxDepth: 2 * NESTING_LIMIT },
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'ul', options: { itemPrefix: '- ' } },
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    { selector: 'hr', format: 'skip' },
    ...headings,
  ],
});

/** The plain text of an HTML fragment, white space tidied. */
export function htmlText(html: string): string {
  return tidyText(convert(html));
}
