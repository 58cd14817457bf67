import { stripInvalidXmlChars } from '../feeds/xml-text.js';

/** Text for HTML element content or a double-quoted attribute: escaped, control characters gone. */
export function escapeHtml(text: string): string {
  return stripInvalidXmlChars(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
