/**
 * White space and invisible characters, tidied without changing a word.
 * Kept on purpose: ZWJ / ZWNJ (emoji sequences, Persian), the bidi marks
 * (right-to-left text), U+3000 (the ideographic space is part of CJK layout).
 */

/** Control characters XML 1.0 cannot carry (tab, LF and CR excepted), C1 controls, U+FFFE/U+FFFF, lone surrogates. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Zero-width junk: ZWSP, word joiner, BOM / ZWNBSP, soft hyphen, Mongolian vowel separator. */
const INVISIBLE = /[\u200b\u2060\ufeff\u00ad\u180e]/g;

/** Spaces that are really just a space: NBSP, the en/em/thin spaces, narrow NBSP, medium math space. */
const SPACE_LIKE_NOT_TAB = /[\u00a0\u2000-\u200a\u202f\u205f]/g;

/** Remove the characters that break XML and have no meaning in a post. */
export function dropControls(text: string): string {
  return text.replace(CONTROLS, '');
}

/**
 * For markup (Markdown, HTML) where white space may be significant: line
 * endings to LF, controls and zero-width junk removed, NBSP-like spaces to spaces.
 * Runs of spaces and indentation are kept.
 */
export function tidyMarkup(text: string): string {
  const lf = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  return dropControls(lf).replace(INVISIBLE, '').replace(SPACE_LIKE_NOT_TAB, ' ');
}

/**
 * For running text: as tidyMarkup, then spaces collapsed, each line trimmed,
 * no more than one blank line in a row, and the whole trimmed.
 */
export function tidyText(text: string): string {
  return tidyMarkup(text)
    .replace(/\t/g, ' ')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** For one-line values (titles, names, list items): every run of white space becomes one space. */
export function tidyInline(text: string): string {
  return tidyMarkup(text).replace(/[ \t\n\v\f]{2,}|[\t\n\v\f]/g, ' ').trim();
}
