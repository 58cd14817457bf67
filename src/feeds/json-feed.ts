import type { PieceMemo } from './bytes.js';
import type { EntrySource } from './bytes.js';
import { memo, memoPieces, RENDER_ENTRIES, utf8 } from './bytes.js';
import type { FeedDocument, FeedEntry } from './model.js';

/**
 * JSON Feed 1.1 (https://jsonfeed.org/version/1.1), written here because
 * `feed` 6 writes JSON Feed 1.0 (`author`, no `language`). JSON Feed has no
 * archive links: the subscription document and every archive page carry
 * `next_url`, which leads to the next OLDER page (newest-first pagination,
 * as the spec's next_url intends), down to page 1, which has none. Pure; an
 * entry's JSON is made once and reused by every document that carries it.
 */

export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';
const itemMemo: PieceMemo<FeedEntry> = memo();
const SEPARATOR = utf8(',\n');
const TAIL = utf8('\n  ]\n}\n');

/** The document as JSON Feed 1.1: the UTF-8 pieces of its file, in order (the build writes them as they are). */
export function renderJsonFeedPieces(doc: FeedDocument, source: EntrySource = RENDER_ENTRIES): Buffer[] {
  const links = doc.links.json;
  const head: Record<string, unknown> = {
    version: JSON_FEED_VERSION,
    title: doc.title,
    home_page_url: doc.homeUrl,
    feed_url: links.self,
    description: doc.description,
    user_comment:
      doc.kind === 'archive'
        ? `Archive page ${doc.page ?? ''} of this feed, written by ${doc.generator}. Items newest first; next_url leads to older items.`
        : `Written by ${doc.generator}. Items newest first; next_url leads to older items, one archive page at a time.`,
    ...(links.prevArchive ? { next_url: links.prevArchive } : {}),
    language: doc.language,
    authors: [{ name: doc.author }],
    ...(links.hub ? { hubs: [{ type: 'WebSub', url: links.hub }] } : {}),
  };
  // The head object, pretty-printed, opened up to take the items before its closing brace.
  const headJson = JSON.stringify(head, null, 2).slice(0, -2);
  if (doc.entries.length === 0) return [utf8(`${headJson},\n  "items": []\n}\n`)];
  const pieces: Buffer[] = [utf8(`${headJson},\n  "items": [\n`)];
  doc.entries.forEach((entry, i) => {
    if (i > 0) pieces.push(SEPARATOR);
    pieces.push(...source.entry(entry, pieces.length, () => memoPieces(itemMemo, entry, () => [utf8(jsonItem(entry))])));
  });
  pieces.push(TAIL);
  return pieces;
}

/** The document as JSON Feed 1.1, UTF-8 bytes. */
export function renderJsonFeedBytes(doc: FeedDocument): Buffer {
  return Buffer.concat(renderJsonFeedPieces(doc));
}

/** The document as JSON Feed 1.1 text. */
export function renderJsonFeed(doc: FeedDocument): string {
  return renderJsonFeedBytes(doc).toString('utf8');
}

function jsonItem(entry: FeedEntry): string {
  // Written field by field (same layout as JSON.stringify with 2-space indent, nested in "items"),
  // so that the large content string is serialised once and never re-indented.
  const q = JSON.stringify;
  const fields = [
    `"id": ${q(entry.id)}`,
    `"url": ${q(entry.url)}`,
    `"title": ${q(entry.title)}`,
    ...(entry.summary ? [`"summary": ${q(entry.summary)}`] : []),
    `"content_html": ${q(entry.contentHtml)}`,
    `"date_published": ${q(entry.published)}`,
    `"date_modified": ${q(entry.updated)}`,
    `"authors": [\n        {\n          "name": ${q(entry.author)}\n        }\n      ]`,
    ...(entry.categories.length > 0 ? [`"tags": [\n${entry.categories.map((c) => `        ${q(c)}`).join(',\n')}\n      ]`] : []),
  ];
  return `    {\n      ${fields.join(',\n      ')}\n    }`;
}
