import type { PieceMemo } from './bytes.js';
import type { EntrySource } from './bytes.js';
import { memo, memoPieces, RENDER_ENTRIES, utf8 } from './bytes.js';
import { xmlContentBytes } from './entry-xml.js';
import type { FeedDocument, FeedEntry } from './model.js';
import { escapeXmlAttr as attr, escapeXmlText as text, xmlElement as el } from './xml-text.js';

/**
 * Atom 1.0 (RFC 4287) with RFC 5005 archive links, written directly (`feed`
 * has no way to add prev-archive / next-archive / current links). Pure: the
 * same document gives the same bytes, whatever else was rendered before.
 */

const MIME = 'application/atom+xml';
/** RFC 6721's namespace. */
const TOMBSTONES = 'http://purl.org/atompub/tombstones/1.0';
const TAIL = utf8('</feed>\n');
const entryMemo: PieceMemo<FeedEntry> = memo();

/** The document as Atom 1.0: the UTF-8 pieces of its file, in order (the build writes them as they are). */
export function renderAtomPieces(doc: FeedDocument, source: EntrySource = RENDER_ENTRIES): Buffer[] {
  const pieces: Buffer[] = [utf8(feedHead(doc))];
  for (const entry of doc.entries) pieces.push(...source.entry(entry, pieces.length, () => memoPieces(entryMemo, entry, () => atomEntry(entry))));
  // RFC 6721: each withdrawn entry as a tombstone, a child of atom:feed like the entries.
  if (doc.deleted && doc.deleted.length > 0) {
    pieces.push(utf8(doc.deleted.map((d) => `  <at:deleted-entry ref="${attr(d.ref)}" when="${attr(d.when)}"/>\n`).join('')));
  }
  pieces.push(TAIL);
  return pieces;
}

/** The document as Atom 1.0, UTF-8 bytes. */
export function renderAtomBytes(doc: FeedDocument): Buffer {
  return Buffer.concat(renderAtomPieces(doc));
}

/** The document as Atom 1.0 text. */
export function renderAtom(doc: FeedDocument): string {
  return renderAtomBytes(doc).toString('utf8');
}

function feedHead(doc: FeedDocument): string {
  const links = doc.links.atom;
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>\n',
    `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:fh="http://purl.org/syndication/history/1.0"${doc.deleted && doc.deleted.length > 0 ? ` xmlns:at="${TOMBSTONES}"` : ''} xml:lang="${attr(doc.language)}">\n`,
    `  ${el('id', doc.id)}\n`,
    `  <title type="text">${text(doc.title)}</title>\n`,
  ];
  if (doc.description) out.push(`  <subtitle type="text">${text(doc.description)}</subtitle>\n`);
  out.push(
    `  ${el('updated', doc.updated)}\n`,
    `  <author>${el('name', doc.author)}</author>\n`,
    `  ${el('generator', doc.generator)}\n`,
    `  <link rel="alternate" type="text/html" href="${attr(doc.homeUrl)}"/>\n`,
    `  <link rel="self" type="${MIME}" href="${attr(links.self)}"/>\n`,
  );
  if (links.hub) out.push(`  <link rel="hub" href="${attr(links.hub)}"/>\n`);
  if (links.current) out.push(`  <link rel="current" type="${MIME}" href="${attr(links.current)}"/>\n`);
  if (links.prevArchive) out.push(`  <link rel="prev-archive" type="${MIME}" href="${attr(links.prevArchive)}"/>\n`);
  if (doc.kind === 'archive' && doc.complete) out.push('  <fh:archive/>\n');
  return out.join('');
}

function atomEntry(entry: FeedEntry): Buffer[] {
  const head = [
    '  <entry>\n',
    `    ${el('id', entry.id)}\n`,
    `    <title type="text">${text(entry.title)}</title>\n`,
    `    <link rel="alternate" type="text/html" href="${attr(entry.url)}"/>\n`,
    `    ${el('published', entry.published)}\n`,
    `    ${el('updated', entry.updated)}\n`,
    `    <author>${el('name', entry.author)}</author>\n`,
    ...entry.categories.map((category) => `    <category term="${attr(category)}"/>\n`),
    ...(entry.summary ? [`    <summary type="text">${text(entry.summary)}</summary>\n`] : []),
    '    <content type="html">',
  ];
  return [utf8(head.join('')), xmlContentBytes(entry), utf8('</content>\n  </entry>\n')];
}
