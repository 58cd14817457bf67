/**
 * An item's body as HTML, and its summary as plain text when it has both:
 * RSS content:encoded / description, Atom content / summary.
 */
import { plainText, textToHtml } from '../shared/html-text.js';
import type { XmlElement } from './types.js';
import { serialiseXhtml } from './xhtml.js';

export interface Content {
  html: string;
  /** Plain text, when the item has both a summary and a full body. */
  summary?: string;
}

/** content:encoded, else the description (RSS descriptions are HTML by convention). */
export function rssContent(item: XmlElement): Content {
  const encoded = item.findElementsWithName('encoded').find((el) => el.namespace === 'content');
  const description = item.findElementWithName('description');
  const full = encoded?.textContent.trim() || '';
  const short = description?.textContent.trim() || '';
  if (full !== '') {
    const summary = short === '' ? undefined : plainText(short);
    return summary ? { html: full, summary } : { html: full };
  }
  return { html: short };
}

/** <content> (text, html or xhtml), else <summary>. */
export function atomContent(entry: XmlElement): Content {
  const content = entry.findElementWithName('content');
  const summary = entry.findElementWithName('summary');
  const full = content && content.getAttribute('src') === null ? atomTextConstruct(content) : '';
  const short = summary ? atomTextConstruct(summary) : '';
  if (full !== '') {
    const summaryText = short === '' ? undefined : plainText(short);
    return summaryText ? { html: full, summary: summaryText } : { html: full };
  }
  return { html: short };
}

/** An Atom text construct as HTML: type="html" is HTML, "xhtml" is the inner <div>, else plain text. */
function atomTextConstruct(element: XmlElement): string {
  const type = (element.getAttribute('type') ?? 'text').trim().toLowerCase();
  if (type === 'xhtml' || type === 'application/xhtml+xml') {
    const div = element.findElementWithName('div');
    return (div ? serialiseXhtml(div.children, 0) : serialiseXhtml(element.children, 0)).trim();
  }
  const raw = element.textContent.trim();
  if (type === 'html' || type === 'text/html') return raw;
  return textToHtml(raw);
}
