/**
 * The RSS / Atom source adapter: one RawPost per feed item, read with
 * @rowanmanning/feed-parser (lenient about real-world feeds).
 *
 * Bodies and dates are taken from the item's elements directly, not from the
 * parser's convenience getters: those decode entities a second time (turning
 * the escaped text `&lt;em&gt;` of an HTML body into a real <em> tag) and
 * drop the offset of a date. Channel-level categories are not copied onto
 * items (they would override theme rules for every post).
 */
import { createHash } from 'node:crypto';
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLValidator } from 'fast-xml-parser';
import { convert as htmlToText } from 'html-to-text';
import { DateTime } from 'luxon';
import { diagnostic } from '../model/diagnostic.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { RawPost, SourceFile, SourceResult } from '../model/raw-post.js';
import { feedLinkIn, looksLikeHtml } from './detect.js';
import { readPostDate } from './markdown.js';

type Feed = ReturnType<typeof parseFeed>;
type FeedItem = Feed['items'][number];
type XmlElement = FeedItem['element'];

/** Validator codes that mean the tree itself is wrong (unclosed, mismatched, cut short). */
const STRUCTURAL_XML_ERRORS = new Set(['InvalidTag', 'InvalidXml']);

export function readFeedXml(file: SourceFile): SourceResult {
  const text = file.text.charCodeAt(0) === 0xfeff ? file.text.slice(1) : file.text;
  if (looksLikeHtml(text)) return fail(notAFeedButHtml(file.path, text));

  const validation = XMLValidator.validate(text);
  const xmlError = validation === true ? null : validation.err;

  let feed: Feed;
  try {
    feed = parseFeed(text);
  } catch (error) {
    if (xmlError) return fail(malformed(file.path, text, xmlError));
    if (isInvalidFeedError(error)) {
      return fail(
        diagnostic(
          file.path,
          0,
          'not an RSS or Atom feed (its root element is not <rss>, <feed> or <rdf:RDF>)',
          'import the feed itself, not another XML document',
        ),
      );
    }
    const message = error instanceof Error ? error.message : String(error);
    return fail(
      diagnostic(
        file.path,
        lineOfFirst(text, '<!ENTITY'),
        `the XML cannot be read: ${message}`,
        'remove the DOCTYPE and its entity declarations; feeds do not need them',
      ),
    );
  }
  if (xmlError && STRUCTURAL_XML_ERRORS.has(xmlError.code)) return fail(malformed(file.path, text, xmlError));

  const diagnostics: Diagnostic[] = [];
  if (xmlError) {
    diagnostics.push(
      diagnostic(
        file.path,
        xmlError.line,
        `not well-formed XML (${xmlError.msg}); read leniently`,
        'check the items from this line on, and ask the feed publisher to escape & and < as &amp; and &lt;',
        'warning',
      ),
    );
  }

  const format = feed.meta.type === 'atom' ? 'atom' : 'rss';
  const lines = itemLines(text, feed.items.length);
  const posts: RawPost[] = [];
  const seenSlots = new Set<string>();
  const sameDateCount = new Map<string, number>();

  feed.items.forEach((item, index) => {
    const line = lines[index] ?? 0;
    const read = readItem(item, format);
    if ('problem' in read) {
      diagnostics.push(diagnostic(file.path, line, `${label(item, index)} ${read.problem}`, read.hint));
      return;
    }
    for (const warning of read.warnings) {
      diagnostics.push(diagnostic(file.path, line, `${label(item, index)}: ${warning}`, undefined, 'warning'));
    }
    const slot = slotFor(read.post.explicitId, read.post.published, sameDateCount);
    if (read.post.explicitId === undefined) {
      diagnostics.push(
        diagnostic(
          file.path,
          line,
          `${label(item, index)} has no ${format === 'atom' ? '<id>' : '<guid>'} and no link`,
          'without one, an edited copy of this item imported later may become a second post',
          'warning',
        ),
      );
    }
    if (seenSlots.has(slot)) {
      diagnostics.push(
        diagnostic(
          file.path,
          line,
          `${label(item, index)} repeats the id "${read.post.explicitId ?? slot}" of an earlier item; it is skipped`,
          'give every item its own id',
          'warning',
        ),
      );
      return;
    }
    seenSlots.add(slot);
    posts.push({
      source: { file: file.path, format, line, slot, hash: read.hash },
      ...read.post,
    });
  });
  return { posts, diagnostics };
}

// ----------------------------------------------------------------- one item

type ItemPost = Omit<RawPost, 'source'>;
type ItemReading = { post: ItemPost; hash: string; warnings: string[] } | { problem: string; hint: string };

function readItem(item: FeedItem, format: 'rss' | 'atom'): ItemReading {
  const element = item.element;
  const warnings: string[] = [];

  const publishedElement =
    format === 'rss'
      ? (element.findElementWithName('pubdate') ?? element.findElementWithName('date'))
      : (element.findElementWithName('published') ?? element.findElementWithName('issued'));
  const updatedElement =
    format === 'rss'
      ? element.findElementWithName('updated')
      : (element.findElementWithName('updated') ?? element.findElementWithName('modified'));

  const updatedText = updatedElement?.textContent.trim() || undefined;
  const updated = updatedText === undefined ? undefined : readFeedDate(updatedText);
  if (updatedText !== undefined && updated === undefined) {
    warnings.push(`its updated date "${updatedText}" is not a date and is ignored`);
  }

  const publishedText = publishedElement?.textContent.trim() || undefined;
  let published: string | undefined;
  if (publishedText !== undefined) {
    published = readFeedDate(publishedText);
    if (published === undefined) {
      return {
        problem: `has an invalid date "${publishedText}" and is skipped`,
        hint:
          format === 'rss'
            ? 'write <pubDate> as an RFC 822 date, e.g. Wed, 31 Jul 2019 10:30:00 +0100'
            : 'write <published> as an RFC 3339 date, e.g. 2019-07-31T10:30:00+01:00',
      };
    }
  } else {
    published = updated;
  }
  if (published === undefined) {
    return {
      problem: 'has no date and is skipped',
      hint: format === 'rss' ? 'give the item a <pubDate>' : 'give the entry a <published> or <updated> date',
    };
  }

  const content = format === 'rss' ? rssContent(element) : atomContent(element);
  const id = item.id?.trim() || undefined;
  const link = item.url?.trim() || undefined;
  const explicitId = id ?? link;
  // Only a web address is an address (a `javascript:` link stays out of `url`; it may still be an id).
  const url = link !== undefined && /^https?:\/\//i.test(link) ? link : undefined;
  const title = itemTitle(item, format);
  const author = authorOf(item);
  const themes = themesOf(item);

  const post: ItemPost = {
    ...(explicitId !== undefined && { explicitId }),
    title,
    published,
    ...(updated !== undefined && publishedText !== undefined && { updated }),
    sequence: 0,
    ...(author !== undefined && { author }),
    ...(themes.length > 0 && { themes }),
    ...(content.summary !== undefined && { summary: content.summary }),
    ...(url !== undefined && { url }),
    body: { kind: 'html', html: content.html },
  };
  const hash = sha256(
    JSON.stringify([explicitId, title, publishedText, updatedText, content.html, content.summary, author, themes, url]),
  );
  return { post, hash, warnings };
}

interface Content {
  html: string;
  /** Plain text, when the item has both a summary and a full body. */
  summary?: string;
}

/** content:encoded, else the description (RSS descriptions are HTML by convention). */
function rssContent(item: XmlElement): Content {
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
function atomContent(entry: XmlElement): Content {
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

function itemTitle(item: FeedItem, format: 'rss' | 'atom'): string | null {
  const titleElement = item.element.findElementWithName('title');
  if (format === 'atom' && titleElement?.getAttribute('type')?.trim().toLowerCase() === 'html') {
    return plainText(titleElement.textContent.trim()) || null;
  }
  return item.title?.trim() || null;
}

function authorOf(item: FeedItem): string | undefined {
  const names = item.authors
    .map((a) => (a.name ?? a.email ?? '').trim())
    .filter((name) => name !== '');
  return names.length > 0 ? [...new Set(names)].join(', ') : undefined;
}

/** The item's own categories (the parser falls back to the channel's; those are not the item's themes). */
function themesOf(item: FeedItem): string[] {
  const element = item.element;
  if (!element.hasElementWithName('category') && !element.hasElementWithName('subject')) return [];
  return [...new Set(item.categories.map((c) => c.term.trim()).filter((term) => term !== ''))];
}

function slotFor(explicitId: string | undefined, published: string, sameDateCount: Map<string, number>): string {
  if (explicitId !== undefined) return `guid:${explicitId}`;
  const n = sameDateCount.get(published) ?? 0;
  sameDateCount.set(published, n + 1);
  return `date:${published}#${n}`;
}

function label(item: FeedItem, index: number): string {
  const title = item.title?.trim();
  return title ? `item ${index + 1} ("${truncate(title, 60)}")` : `item ${index + 1}`;
}

// ------------------------------------------------------------------ dates

/**
 * A feed date as ISO 8601 with its offset kept: RFC 822 (RSS; also with a
 * wrong or missing weekday, a full month name, `UTC`, or `+01:00`, as real
 * feeds have) or RFC 3339 (Atom, dc:date). undefined when it is not a date
 * or names no offset (a local time would depend on the reader's machine).
 */
export function readFeedDate(text: string): string | undefined {
  const iso = readPostDate(text);
  if (iso.ok) return iso.value;
  const rfc822 = DateTime.fromRFC2822(tidyRfc822(text), { setZone: true });
  return rfc822.isValid ? (rfc822.toISO({ suppressMilliseconds: true }) ?? undefined) : undefined;
}

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/** "july", "Jul", "JUL", "sept" -> "Jul" (RFC 822 wants three letters, capitalised). */
const MONTH_WORDS = new Map<string, string>(
  MONTH_NAMES.flatMap((name) => {
    const short = name.charAt(0).toUpperCase() + name.slice(1, 3);
    return [[name, short], [name.slice(0, 3), short], ...(name === 'september' ? [['sept', short] as const] : [])];
  }),
);

function tidyRfc822(text: string): string {
  return text
    .trim()
    .replace(/^[A-Za-z]+,?\s*(?=\d)/, '')
    .replace(/\b[A-Za-z]{3,9}\b/g, (word) => MONTH_WORDS.get(word.toLowerCase()) ?? word)
    .replace(/\bUTC$/i, 'GMT')
    .replace(/([+-]\d{2}):(\d{2})$/, '$1$2');
}

// ------------------------------------------------------------------- HTML

const VOID_ELEMENTS = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr',
]);
const MAX_XHTML_DEPTH = 200;

/** Serialises parsed XHTML back to HTML, escaping text and attribute values again. */
function serialiseXhtml(nodes: ReadonlyArray<XmlElement | string>, depth: number): string {
  return nodes
    .map((node) => {
      if (typeof node === 'string') return escapeHtml(node);
      if (depth > MAX_XHTML_DEPTH) return escapeHtml(node.textContent);
      const name = node.name;
      const attributes = Object.entries(node.attributes)
        .filter(([key]) => /^[a-z_][\w.:-]*$/.test(key) && key !== 'xmlns' && !key.startsWith('xmlns:'))
        .map(([key, value]) => ` ${key}="${escapeHtml(value)}"`)
        .join('');
      if (VOID_ELEMENTS.has(name)) return `<${name}${attributes}>`;
      return `<${name}${attributes}>${serialiseXhtml(node.children, depth + 1)}</${name}>`;
    })
    .join('');
}

/** Plain text as HTML: blank-line-separated paragraphs, single line breaks kept, everything escaped. */
export function textToHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function plainText(html: string): string {
  return htmlToText(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
    ],
  }).trim();
}

// ------------------------------------------------------------ diagnostics

interface XmlError {
  code: string;
  msg: string;
  line: number;
}

function malformed(path: string, text: string, error: XmlError): Diagnostic {
  const unclosed = /^Invalid '\[(.*)\]' found/s.exec(error.msg);
  if (unclosed) {
    const names = [...(unclosed[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    const innermost = names[names.length - 1] ?? 'an element';
    return diagnostic(
      path,
      lineCount(text),
      `not well-formed XML: the file ends before <${innermost}> is closed (it looks cut short)`,
      'download or export the feed again',
    );
  }
  return diagnostic(
    path,
    error.line,
    `not well-formed XML: ${error.msg}`,
    'fix the XML at this line, or download or export the feed again',
  );
}

function notAFeedButHtml(path: string, text: string): Diagnostic {
  const alternate = feedLinkIn(text, path);
  return diagnostic(
    path,
    0,
    'this is an HTML page, not an RSS or Atom feed',
    alternate
      ? `the page names its feed: import ${alternate} instead`
      : "import the feed's address (look for a link to RSS or Atom on the site), not the page",
  );
}

/**
 * The 1-based line of each item's opening tag, in document order, when the
 * count of <item>/<entry> tags (outside CDATA and comments) matches what the
 * parser found; otherwise zeros (the line is a convenience, not a promise).
 */
function itemLines(text: string, expected: number): number[] {
  const pattern = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)(?=[\s/>])/g;
  const offsets: number[] = [];
  for (const match of text.matchAll(pattern)) {
    if (!match[0].startsWith('<!')) offsets.push(match.index);
  }
  if (offsets.length !== expected) return new Array<number>(expected).fill(0);
  const lines: number[] = [];
  let line = 1;
  let at = 0;
  for (const offset of offsets) {
    for (; at < offset; at += 1) if (text.charCodeAt(at) === 10) line += 1;
    lines.push(line);
  }
  return lines;
}

function isInvalidFeedError(error: unknown): boolean {
  return error instanceof Error && (error as Error & { code?: unknown }).code === 'INVALID_FEED';
}

/** The 1-based line of the first occurrence of `needle`, 0 when absent. */
function lineOfFirst(text: string, needle: string): number {
  const at = text.indexOf(needle);
  return at < 0 ? 0 : text.slice(0, at).split('\n').length;
}

function lineCount(text: string): number {
  const trimmed = text.replace(/\s+$/, '');
  return trimmed.split('\n').length;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function fail(d: Diagnostic): SourceResult {
  return { posts: [], diagnostics: [d] };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
