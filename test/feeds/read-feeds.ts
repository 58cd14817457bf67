import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Config } from '../../src/config/schema.js';
import type { FeedDocument, FeedFormat } from '../../src/feeds/index.js';
import { blogFeeds, renderFeed } from '../../src/feeds/index.js';
import type { Post } from '../../src/model/post.js';

/**
 * Reading feeds back the way a reader would: with an independent parser
 * (@rowanmanning/feed-parser) and a plain XML parser for what it does not
 * expose (RFC 5005 links, fh:archive), never with the generator.
 */

/** Throws with the validator's message when `xml` is not well-formed. */
export function assertWellFormed(xml: string): void {
  const result = XMLValidator.validate(xml);
  if (result !== true) throw new Error(`not well-formed XML: ${result.err.msg} at line ${result.err.line}`);
}

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  isArray: (name) => ['item', 'entry', 'link', 'atom:link', 'category'].includes(name),
  parseTagValue: false,
  processEntities: true,
  htmlEntities: false,
});

export interface XmlLink {
  '@rel'?: string;
  '@href': string;
  '@type'?: string;
}

export function parseXml(xml: string): Record<string, unknown> {
  assertWellFormed(xml);
  return xmlParser.parse(xml) as Record<string, unknown>;
}

/** The feed-level links of an RSS (atom:link) or Atom (link) document, by rel. */
export function feedLinks(xml: string, format: 'rss' | 'atom'): Map<string, XmlLink> {
  const doc = parseXml(xml) as { rss?: { channel: { 'atom:link'?: XmlLink[] } }; feed?: { link?: XmlLink[] } };
  const links = format === 'rss' ? (doc.rss?.channel['atom:link'] ?? []) : (doc.feed?.link ?? []);
  return new Map(links.map((l) => [l['@rel'] ?? 'alternate', l]));
}

/** Whether the document says it is a complete archive page (fh:archive). */
export function isArchived(xml: string): boolean {
  return /<fh:archive\/>/.test(xml);
}

export interface ReadItem {
  id: string;
  url: string;
  title: string;
  updated: string | null;
}

/** Items of a document in any format, as a reader sees them. */
export function readItems(content: string, format: FeedFormat): ReadItem[] {
  if (format === 'json') {
    const feed = JSON.parse(content) as { items: { id: string; url: string; title: string; date_modified?: string }[] };
    return feed.items.map((i) => ({ id: i.id, url: i.url, title: i.title, updated: i.date_modified ? new Date(i.date_modified).toISOString() : null }));
  }
  assertWellFormed(content);
  return parseFeed(content).items.map((i) => ({ id: i.id ?? '', url: i.url ?? '', title: i.title ?? '', updated: i.updated?.toISOString() ?? null }));
}

/** The link a reader follows to older items: prev-archive (RSS, Atom) or next_url (JSON Feed). */
export function olderLink(content: string, format: FeedFormat): string | undefined {
  if (format === 'json') return (JSON.parse(content) as { next_url?: string }).next_url;
  return feedLinks(content, format).get('prev-archive')?.['@href'];
}

/** Every feed file, by absolute URL, rendered from the posts. */
export function renderAll(posts: readonly Post[], config: Config): Map<string, { doc: FeedDocument; format: FeedFormat; content: string; path: string }> {
  const files = new Map<string, { doc: FeedDocument; format: FeedFormat; content: string; path: string }>();
  for (const doc of blogFeeds(posts, config).documents) {
    for (const format of ['rss', 'atom', 'json'] as const) {
      files.set(doc.links[format].self, { doc, format, content: renderFeed(doc, format), path: doc.paths[format] });
    }
  }
  return files;
}

/** Files by output path. */
export function renderAllByPath(posts: readonly Post[], config: Config): Map<string, string> {
  return new Map([...renderAll(posts, config).values()].map((f) => [f.path, f.content]));
}
