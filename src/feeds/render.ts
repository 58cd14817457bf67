import type { EntrySource } from './bytes.js';
import { renderAtom, renderAtomBytes, renderAtomPieces } from './atom.js';
import { renderJsonFeed, renderJsonFeedBytes, renderJsonFeedPieces } from './json-feed.js';
import type { FeedDocument, FeedFormat } from './model.js';
import { renderRss, renderRssBytes, renderRssPieces } from './rss.js';

/** A renderer per format, each a pure function of the document. */
export const RENDERERS: Readonly<Record<FeedFormat, (doc: FeedDocument) => string>> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

/** The same renderers, giving the UTF-8 bytes to write. */
export const BYTE_RENDERERS: Readonly<Record<FeedFormat, (doc: FeedDocument) => Buffer>> = {
  rss: renderRssBytes,
  atom: renderAtomBytes,
  json: renderJsonFeedBytes,
};

/** The same renderers, giving the UTF-8 pieces of the file in order (no copy into one buffer). */
export const PIECE_RENDERERS: Readonly<Record<FeedFormat, (doc: FeedDocument, source?: EntrySource) => Buffer[]>> = {
  rss: renderRssPieces,
  atom: renderAtomPieces,
  json: renderJsonFeedPieces,
};

/** The document in one format, as text. */
export function renderFeed(doc: FeedDocument, format: FeedFormat): string {
  return RENDERERS[format](doc);
}

/** The document in one format, as the UTF-8 bytes of its file. */
export function renderFeedBytes(doc: FeedDocument, format: FeedFormat): Buffer {
  return BYTE_RENDERERS[format](doc);
}

/** MIME type of each format (what the server sends and autodiscovery links announce). */
export const FEED_MIME: Readonly<Record<FeedFormat, string>> = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
};

/** The document in one format, as the UTF-8 pieces of its file (what the build writes, without joining them); its entries' from `source`. */
export function renderFeedPieces(doc: FeedDocument, format: FeedFormat, source?: EntrySource): Buffer[] {
  return PIECE_RENDERERS[format](doc, source);
}
