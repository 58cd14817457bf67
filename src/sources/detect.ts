/**
 * Which source adapter reads a file: decided by its extension and confirmed
 * by sniffing its first bytes, so that a `.xml` that is not a feed (a
 * sitemap, an HTML page saved as .xml) is reported instead of misread.
 * A URL (the caller fetched its body) is decided by sniffing alone.
 *
 * Plain-text exports are only recognised by extension here; the loader
 * confirms them with `looksLikeTextExport` from text-export.ts (not imported
 * here, to keep this module free of adapter dependencies).
 */

import { diagnostic } from '../model/diagnostic.js';
import type { Diagnostic } from '../model/diagnostic.js';

export type AdapterName = 'markdown' | 'text-export' | 'feed-xml' | 'json-feed' | 'wxr' | 'ghost';

const MARKDOWN_EXTENSIONS = new Set(['.md', '.markdown']);
const FEED_XML_EXTENSIONS = new Set(['.xml', '.rss', '.rdf', '.atom']);
const JSON_EXTENSIONS = new Set(['.json']);
const TEXT_EXTENSIONS = new Set(['.txt']);

const FEED_ROOT_ELEMENTS = new Set(['rss', 'feed', 'rdf']);

/**
 * Which adapter reads `path`, given the first few kilobytes of its text (and
 * the whole text, which JSON needs: a JSON Feed may name its version after
 * its items); null when none does.
 */
export function detectFormat(path: string, head: string, text: string = head): AdapterName | null {
  if (isUrl(path)) return sniff(head, text);
  const extension = extensionOf(path);
  if (MARKDOWN_EXTENSIONS.has(extension)) return 'markdown';
  if (TEXT_EXTENSIONS.has(extension)) return 'text-export';
  if (FEED_XML_EXTENSIONS.has(extension)) return looksLikeFeedXml(head) ? (looksLikeWxr(head) ? 'wxr' : 'feed-xml') : null;
  if (JSON_EXTENSIONS.has(extension) && looksLikeGhostExport(head)) return 'ghost';
  if (JSON_EXTENSIONS.has(extension)) return looksLikeJsonFeed(text) ? 'json-feed' : null;
  return null;
}

/**
 * The error to report for a file no adapter reads (detectFormat gave null,
 * or a .txt failed looksLikeTextExport): what it is, and what to import instead.
 */
export function undetectedDiagnostic(path: string, head: string, text: string = head): Diagnostic {
  const extension = isUrl(path) ? '' : extensionOf(path);
  if (looksLikeHtml(head)) {
    const feed = feedLinkIn(head, path);
    return diagnostic(
      path,
      0,
      'this is an HTML page, not a feed',
      feed ? `the page names its feed: import ${feed} instead` : "import the site's RSS, Atom or JSON Feed address, not the page",
    );
  }
  if (TEXT_EXTENSIONS.has(extension)) {
    return diagnostic(path, 0, 'not a plain-text blog export tidings can read', 'see docs/formats.md for the shapes it reads');
  }
  if (FEED_XML_EXTENSIONS.has(extension) && looksLikeJsonFeed(text)) {
    return diagnostic(path, 0, 'this is a JSON Feed with an XML name', 'rename it to .json');
  }
  if (JSON_EXTENSIONS.has(extension) && looksLikeFeedXml(head)) {
    return diagnostic(path, 0, 'this is an RSS or Atom feed with a JSON name', 'rename it to .xml');
  }
  if (FEED_XML_EXTENSIONS.has(extension)) {
    return diagnostic(path, 0, 'not an RSS or Atom feed (its root element is not <rss>, <feed> or <rdf:RDF>)', 'import the feed itself, not another XML document');
  }
  if (JSON_EXTENSIONS.has(extension)) {
    return diagnostic(path, 0, 'JSON, but not a JSON Feed (no "version": "https://jsonfeed.org/version/1.1")', 'import a JSON Feed 1.0 or 1.1 file');
  }
  if (extension === '') {
    return diagnostic(path, 0, 'not an RSS, Atom or JSON Feed', 'import the address of the feed itself');
  }
  return diagnostic(
    path,
    0,
    `tidings does not read ${extension} files`,
    'import Markdown posts (.md, .markdown), plain-text exports (.txt) or feeds (.xml, .rss, .rdf, .atom, .json)',
  );
}

/** The href of the first <link rel="alternate" type="application/rss+xml|atom+xml|feed+json"> in an HTML page. */
export function feedLinkIn(html: string, pageUrl?: string): string | undefined {
  for (const tag of html.slice(0, 200_000).match(/<link\b[^>]*>/gi) ?? []) {
    if (!/type\s*=\s*["']?application\/(?:rss\+xml|atom\+xml|feed\+json)/i.test(tag)) continue;
    const href = /href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    const value = href?.[1] ?? href?.[2] ?? href?.[3];
    if (value) return resolve(value, pageUrl);
  }
  return undefined;
}

function resolve(href: string, base: string | undefined): string {
  if (base === undefined || !isUrl(base)) return href;
  try {
    return new URL(href, base).href;
  } catch {
    return href;
  }
}

export function isUrl(path: string): boolean {
  return /^https?:\/\//i.test(path);
}

function sniff(head: string, text: string): AdapterName | null {
  if (looksLikeFeedXml(head)) return looksLikeWxr(head) ? 'wxr' : 'feed-xml';
  if (looksLikeGhostExport(head)) return 'ghost';
  if (looksLikeJsonFeed(text)) return 'json-feed';
  return null;
}

/** The lower-cased extension of the last path segment, with its dot ('' when none). */
function extensionOf(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

/** True when the document's first element is `<rss>`, `<feed>` or `<rdf:RDF>` (any prefix). */
export function looksLikeFeedXml(head: string): boolean {
  const root = firstElementName(head);
  return root !== null && FEED_ROOT_ELEMENTS.has(localName(root));
}

/**
 * True when an RSS document is a WordPress export (WXR): its root declares
 * WordPress's export namespace (`xmlns:wp="http://wordpress.org/export/1.2/"`),
 * which a WordPress feed does not.
 */
export function looksLikeWxr(head: string): boolean {
  return /xmlns:[\w-]+\s*=\s*["']https?:\/\/wordpress\.org\/export\/\d/.test(head) || /<wp:wxr_version>/.test(head);
}

/**
 * True when the text is a Ghost export (Settings → Labs → Export): an object
 * `{"db": [{"meta": …, "data": …}]}`, or the bare `{"meta": {"exported_on": …}, "data": …}`
 * that Ghost's exporter builds inside it.
 */
export function looksLikeGhostExport(head: string): boolean {
  const text = stripBom(head).trimStart();
  return /^\{\s*"db"\s*:\s*\[\s*\{\s*"(?:meta|data)"/.test(text) || /^\{\s*"meta"\s*:\s*\{[^{}]*"exported_on"/.test(text);
}

/** True when the document is an HTML page (`<!DOCTYPE html>` or an `<html>` root). */
export function looksLikeHtml(head: string): boolean {
  const start = skipProlog(head, { stopAtHtmlDoctype: true });
  if (start === null) return false;
  const rest = head.slice(start);
  if (/^<!doctype\s+html/i.test(rest)) return true;
  const root = firstElementName(head);
  return root !== null && localName(root) === 'html';
}

const JSON_FEED_VERSION = /^https?:\/\/jsonfeed\.org\/version\/1(?:[./]|$)/;
const DECLARED_VERSION = /"version"\s*:\s*"https?:\\?\/\\?\/jsonfeed\.org\\?\/version\\?\/1/;

/**
 * True when the text is a JSON Feed: it parses as a JSON object whose
 * `version` is `https://jsonfeed.org/version/1…` (wherever in the object it
 * stands). Text that does not parse counts when it declares such a version
 * anywhere, so that the JSON Feed reader reports the syntax error at its line.
 */
export function looksLikeJsonFeed(whole: string): boolean {
  const text = stripBom(whole).trimStart();
  if (!text.startsWith('{')) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return DECLARED_VERSION.test(text);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
  const version = (parsed as { version?: unknown }).version;
  return typeof version === 'string' && JSON_FEED_VERSION.test(version.trim());
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return (colon >= 0 ? qualified.slice(colon + 1) : qualified).toLowerCase();
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The name of the first element, after the XML declaration, comments, PIs and a DOCTYPE. */
function firstElementName(head: string): string | null {
  const start = skipProlog(head, { stopAtHtmlDoctype: false });
  if (start === null) return null;
  const match = /^<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)(?=[\s/>]|$)/.exec(head.slice(start));
  return match?.[1] ?? null;
}

/** Offset of the first element (or HTML doctype) after the prolog; null when the head ends first. */
function skipProlog(head: string, options: { stopAtHtmlDoctype: boolean }): number | null {
  let at = head.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (at < head.length && /\s/.test(head.charAt(at))) at += 1;
    if (at >= head.length) return null;
    const rest = head.slice(at, at + 16);
    if (rest.startsWith('<?')) {
      const end = head.indexOf('?>', at + 2);
      if (end < 0) return null;
      at = end + 2;
    } else if (rest.startsWith('<!--')) {
      const end = head.indexOf('-->', at + 4);
      if (end < 0) return null;
      at = end + 3;
    } else if (/^<!doctype/i.test(rest)) {
      if (options.stopAtHtmlDoctype && /^<!doctype\s+html/i.test(head.slice(at, at + 20))) return at;
      const end = endOfDoctype(head, at);
      if (end < 0) return null;
      at = end;
    } else {
      return head.charAt(at) === '<' ? at : null;
    }
  }
}

/** Offset just after a DOCTYPE declaration, including an internal subset in [ ]. */
function endOfDoctype(head: string, at: number): number {
  const close = head.indexOf('>', at);
  const bracket = head.indexOf('[', at);
  if (bracket >= 0 && (close < 0 || bracket < close)) {
    const subsetEnd = head.indexOf(']', bracket);
    if (subsetEnd < 0) return -1;
    const end = head.indexOf('>', subsetEnd);
    return end < 0 ? -1 : end + 1;
  }
  return close < 0 ? -1 : close + 1;
}
