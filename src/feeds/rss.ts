import type { PieceMemo } from './bytes.js';
import type { EntrySource } from './bytes.js';
import { memo, memoPieces, RENDER_ENTRIES, utf8 } from './bytes.js';
import { toRfc822 } from './dates.js';
import { xmlContentBytes, xmlSummaryHtml } from './entry-xml.js';
import type { FeedDocument, FeedEntry } from './model.js';
import { escapeXmlAttr as attr, xmlElement as el } from './xml-text.js';

/**
 * RSS 2.0, written directly: `feed` cannot add RFC 5005 links, writes
 * `author` as a bare name (RSS wants an e-mail address there; the name goes
 * in dc:creator) and puts content:encoded before description. Pure: the
 * same document gives the same bytes, whatever else was rendered before.
 */

const MIME = 'application/rss+xml';
const NAMESPACES = [
  'xmlns:atom="http://www.w3.org/2005/Atom"',
  'xmlns:content="http://purl.org/rss/1.0/modules/content/"',
  'xmlns:dc="http://purl.org/dc/elements/1.1/"',
  'xmlns:fh="http://purl.org/syndication/history/1.0"',
].join(' ');
const TAIL = utf8('  </channel>\n</rss>\n');

const itemMemo: PieceMemo<FeedEntry> = memo();

/** The document as RSS 2.0: the UTF-8 pieces of its file, in order (the build writes them as they are). */
export function renderRssPieces(doc: FeedDocument, source: EntrySource = RENDER_ENTRIES): Buffer[] {
  const pieces: Buffer[] = [utf8(channelHead(doc))];
  for (const entry of doc.entries) pieces.push(...source.entry(entry, pieces.length, () => memoPieces(itemMemo, entry, () => rssItem(entry))));
  pieces.push(TAIL);
  return pieces;
}

/** The document as RSS 2.0, UTF-8 bytes. */
export function renderRssBytes(doc: FeedDocument): Buffer {
  return Buffer.concat(renderRssPieces(doc));
}

/** The document as RSS 2.0 text. */
export function renderRss(doc: FeedDocument): string {
  return renderRssBytes(doc).toString('utf8');
}

function channelHead(doc: FeedDocument): string {
  const links = doc.links.rss;
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>\n',
    `<rss version="2.0" ${NAMESPACES}>\n`,
    '  <channel>\n',
    `    ${el('title', doc.title)}\n`,
    `    ${el('link', doc.homeUrl)}\n`,
    `    ${el('description', doc.description)}\n`,
    `    ${el('language', doc.language)}\n`,
    `    ${el('generator', doc.generator)}\n`,
    '    <docs>https://www.rssboard.org/rss-specification</docs>\n',
    `    ${el('lastBuildDate', toRfc822(doc.updated))}\n`,
    `    <atom:link rel="self" type="${MIME}" href="${attr(links.self)}"/>\n`,
  ];
  if (links.hub) out.push(`    <atom:link rel="hub" href="${attr(links.hub)}"/>\n`);
  if (links.current) out.push(`    <atom:link rel="current" type="${MIME}" href="${attr(links.current)}"/>\n`);
  if (links.prevArchive) out.push(`    <atom:link rel="prev-archive" type="${MIME}" href="${attr(links.prevArchive)}"/>\n`);
  if (doc.kind === 'archive' && doc.complete) out.push('    <fh:archive/>\n');
  return out.join('');
}

function rssItem(entry: FeedEntry): Buffer[] {
  const head = [
    '    <item>\n',
    `      ${el('title', entry.title)}\n`,
    `      ${el('link', entry.url)}\n`,
    `      <guid isPermaLink="false">${attr(entry.id)}</guid>\n`,
    `      ${el('pubDate', toRfc822(entry.published))}\n`,
    `      ${el('atom:updated', entry.updated)}\n`,
    `      ${el('dc:creator', entry.author)}\n`,
    ...entry.categories.map((category) => `      ${el('category', category)}\n`),
    // RSS wants a description before content:encoded; an entry without a summary gets its title.
    `      <description>${xmlSummaryHtml(entry.summary ? entry : { ...entry, summary: entry.title })}</description>\n`,
    '      <content:encoded>',
  ];
  return [utf8(head.join('')), xmlContentBytes(entry), utf8('</content:encoded>\n    </item>\n')];
}
