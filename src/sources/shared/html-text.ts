/** Between plain text and HTML: text as escaped HTML paragraphs, and HTML read back as plain text. */
import { convert as htmlToText } from 'html-to-text';
import { escapeHtmlChars } from '../../text/html-escape.js';

/** Plain text as HTML: blank-line-separated paragraphs, single line breaks kept, everything escaped. */
export function textToHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p>${escapeHtmlChars(paragraph).replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
}

/** HTML as plain text, unwrapped: link addresses and images left out. */
export function plainText(html: string): string {
  return htmlToText(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
    ],
  }).trim();
}
