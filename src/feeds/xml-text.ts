/**
 * Text that is safe to put into an XML 1.0 document. Everything a feed says
 * passes through here: stripping first (characters XML forbids outright),
 * escaping second.
 */

/**
 * Characters an XML 1.0 document may not contain (C0 controls other than tab,
 * LF and CR; U+FFFE and U+FFFF; lone surrogates), plus DEL and the C1
 * controls, which XML allows but feed validators flag and no post means.
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

const TEXT_SPECIAL = /[&<>]/;
const ATTR_SPECIAL = /[&<>"]/;

/** Escapes character data (element content). Expects text already stripped. */
export function escapeXmlText(text: string): string {
  if (!TEXT_SPECIAL.test(text)) return text;
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Escapes a double-quoted attribute value. Expects text already stripped. */
export function escapeXmlAttr(text: string): string {
  if (!ATTR_SPECIAL.test(text)) return text;
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** `<name>text</name>`, escaped. */
export function xmlElement(name: string, text: string): string {
  return `<${name}>${escapeXmlText(text)}</${name}>`;
}

/** A one-line text field (a title, a name): XML-safe, whitespace collapsed, trimmed. */
export function cleanText(text: string): string {
  const stripped = stripInvalidXmlChars(text);
  // Most fields need no collapsing: look before rewriting.
  return (/[^\S ]| {2}/.test(stripped) ? stripped.replace(/\s+/g, ' ') : stripped).trim();
}
