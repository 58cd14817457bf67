/**
 * HTML escaping: the one module for it. Pages, the subscription pages, the
 * preview's pages, the confirmation email and the sign-up block use
 * escapeHtml; roundup personalisation, normalised bodies and the source
 * adapters' HTML use escapeHtmlChars; feeds and the build re-encode the
 * attribute values they rewrite with unescapeHtml and escapeQuotedAttr.
 */
import { stripInvalidXmlChars } from './xml-chars.js';

/**
 * Text for HTML element content or a quoted attribute (either quote), in a
 * page: the characters XML forbids removed (see text/xml-chars.ts), then
 * `& < > " '` as entities.
 */
export function escapeHtml(text: string): string {
  return escapeChars(stripInvalidXmlChars(text), true);
}

/** `& < > " '` as entities, nothing else changed (nothing removed): text safe in element content and in a quoted attribute. */
export function escapeHtmlChars(text: string): string {
  return escapeChars(text, true);
}

/** A double-quoted attribute value: `& < > "` as entities; `'` stays as it is. */
export function escapeQuotedAttr(text: string): string {
  return escapeChars(text, false);
}

/** An attribute value as written back to text: the five entities escapeHtmlChars writes (`&amp;` last, so `&amp;lt;` gives `&lt;`); other references stay. */
export function unescapeHtml(value: string): string {
  if (!value.includes('&')) return value;
  return value.replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
}

// One pass by character code: text with nothing to escape (most of it) comes back as it is, without a copy.
function escapeChars(text: string, apostrophe: boolean): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let entity: string | undefined;
    if (code === 38) entity = '&amp;';
    else if (code === 60) entity = '&lt;';
    else if (code === 62) entity = '&gt;';
    else if (code === 34) entity = '&quot;';
    else if (code === 39 && apostrophe) entity = '&#39;';
    if (entity !== undefined) {
      out += text.slice(from, i) + entity;
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}
