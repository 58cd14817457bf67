import { memo } from './bytes.js';
import type { FeedEntry } from './model.js';
import { escapeXmlText } from './xml-text.js';

/**
 * An entry's HTML escaped for XML and encoded as UTF-8, made once per entry
 * and shared by the RSS and Atom renderers and by every document that
 * carries the entry (the blog feed, its theme feeds, their archive pages).
 * The memo is keyed by the (read-only) entry object, so it lets go when a
 * build's entries do (or the build releases it: bytes.ts releaseMemos), and
 * the output is the same as without it.
 */
const contentMemo = memo<FeedEntry, Buffer>();

/** entry.contentHtml as XML character data, UTF-8. */
export function xmlContentBytes(entry: FeedEntry): Buffer {
  let bytes = contentMemo.map.get(entry);
  if (bytes === undefined) {
    bytes = Buffer.from(escapeXmlText(entry.contentHtml), 'utf8');
    contentMemo.map.set(entry, bytes);
  }
  return bytes;
}

/** entry.summary (plain text) as HTML, then as XML character data: for RSS description, which is HTML. */
export function xmlSummaryHtml(entry: FeedEntry): string {
  return escapeXmlText(escapeXmlText(entry.summary));
}
