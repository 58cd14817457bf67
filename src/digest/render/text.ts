import { compile } from 'html-to-text';

/**
 * The plain-text part, made from the HTML part so the two never disagree:
 * headings as they are (not upper-cased: that would garble other scripts),
 * every "Read more" link written out, a title link once (its Read more
 * line carries the URL), and nothing the HTML hides (the preheader).
 */
export const htmlToText: (html: string) => string = compile({
  wordwrap: 78,
  selectors: [
    { selector: 'div[style*="display:none"]', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 1 } },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    { selector: 'a.t-title', format: 'anchor', options: { ignoreHref: true } },
    { selector: 'table', format: 'block' },
    { selector: 'tbody', format: 'block' },
    { selector: 'tr', format: 'block' },
    { selector: 'td', format: 'block' },
  ],
});
