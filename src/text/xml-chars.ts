/**
 * Characters an XML 1.0 document may not contain (C0 controls other than tab,
 * LF and CR; U+FFFE and U+FFFF; lone surrogates), plus DEL and the C1
 * controls, which XML allows but feed validators flag and no post means.
 * Feeds (feeds/xml-text.ts, feeds/safe-html.ts) and pages (text/html-escape.ts) remove them.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// A plain character class is much faster to scan for; it also catches valid surrogate pairs, which the exact pattern then keeps.
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const MAYBE_NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF\uD800-\uDFFF]/;

/** Removes every character XML cannot carry (see NOT_XML). */
export function stripInvalidXmlChars(text: string): string {
  return MAYBE_NOT_XML.test(text) ? text.replace(NOT_XML, '') : text;
}
