/**
 * Text that is safe to put into an XML 1.0 document. Everything a feed says
 * passes through here: stripping first (characters XML forbids outright),
 * escaping second.
 */

import { stripInvalidXmlChars } from '../text/xml-chars.js';

const TEXT_SPECIAL = /[&<>]/;

/** Escapes character data (element content). Expects text already stripped. */
export function escapeXmlText(text: string): string {
  if (!TEXT_SPECIAL.test(text)) return text;
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Escapes a double-quoted attribute value (`& < > "`, the same bytes in XML as in HTML). Expects text already stripped. */
export { escapeQuotedAttr as escapeXmlAttr } from '../text/html-escape.js';

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
