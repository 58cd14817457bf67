/**
 * One RSS item or Atom entry as a post. Bodies and dates are taken from the
 * item's elements directly, not from the parser's convenience getters: those
 * decode entities a second time and drop the offset of a date. Only the
 * item's own categories become themes, never the channel's.
 */
import type { RawPost } from '../../model/raw-post.js';
import { dateFaults, isZeroDate, zeroDateFault, zeroDateProblem } from '../shared/date-faults.js';
import { readFeedDate } from '../shared/dates.js';
import type { FeedDate } from '../shared/dates.js';
import type { ItemFault } from '../shared/tally.js';
import { sha256 } from '../shared/hash.js';
import { plainText } from '../shared/html-text.js';
import { atomContent, rssContent } from './content.js';
import type { FeedItem } from './types.js';

export type ItemPost = Omit<RawPost, 'source'>;
/** A fault of one item, before its line and label are known. */
export type Fault = Omit<ItemFault, 'line' | 'label'>;
export type ItemReading = { post: ItemPost; hash: string; faults: Fault[] } | { problem: Fault };

export function readItem(item: FeedItem, format: 'rss' | 'atom'): ItemReading {
  const element = item.element;
  const faults: Fault[] = [];

  const publishedElement =
    format === 'rss'
      ? (element.findElementWithName('pubdate') ?? element.findElementWithName('date') ?? element.findElementWithName('issued'))
      : (element.findElementWithName('published') ?? element.findElementWithName('issued'));
  const updatedElement =
    format === 'rss'
      ? (element.findElementWithName('updated') ?? element.findElementWithName('modified'))
      : (element.findElementWithName('updated') ?? element.findElementWithName('modified'));

  const updatedText = updatedElement?.textContent.trim() || undefined;
  const updatedRead = updatedText === undefined ? undefined : readFeedDate(updatedText);
  // Go's zero time is no date (Hugo writes it for a page without one).
  const updatedDate = isZeroDate(updatedRead) ? undefined : updatedRead;
  if (updatedText !== undefined && updatedDate === undefined) {
    faults.push({
      cause: 'updated-not-a-date',
      severity: 'warning',
      one: `has an updated date "${updatedText}" that is not a date; it is ignored`,
      many: `have an updated date that is not a date (the first: "${updatedText}"); it is ignored`,
    });
  }

  const publishedText = publishedElement?.textContent.trim() || undefined;
  let publishedDate: FeedDate | undefined;
  if (publishedText !== undefined) {
    publishedDate = readFeedDate(publishedText);
    if (publishedDate === undefined) {
      return {
        problem: {
          cause: 'invalid-date',
          severity: 'error',
          one: `has an invalid date "${publishedText}" and is skipped`,
          many: `have an invalid date (the first: "${publishedText}") and are skipped`,
          hint:
            format === 'rss'
              ? 'write <pubDate> as an RFC 822 date, e.g. Wed, 31 Jul 2019 10:30:00 +0100'
              : 'write <published> as an RFC 3339 date, e.g. 2019-07-31T10:30:00+01:00',
        },
      };
    }
    if (isZeroDate(publishedDate)) {
      publishedDate = updatedDate;
      if (publishedDate === undefined) return { problem: zeroDateProblem(publishedText) };
      faults.push(zeroDateFault(publishedText));
    }
  } else {
    publishedDate = updatedDate;
  }
  if (publishedDate === undefined && isZeroDate(updatedRead)) return { problem: zeroDateProblem(updatedText ?? '') };
  if (publishedDate === undefined) {
    return {
      problem: {
        cause: 'no-date',
        severity: 'error',
        one: 'has no date and is skipped',
        many: 'have no date and are skipped',
        hint: format === 'rss' ? 'give the item a <pubDate>' : 'give the entry a <published> or <updated> date',
      },
    };
  }
  faults.push(...dateFaults(publishedDate, publishedText ?? updatedText ?? ''));
  const published = publishedDate.value;
  const updated = updatedDate?.value;

  const content = format === 'rss' ? rssContent(element) : atomContent(element);
  // RSS 1.0 names an item by its rdf:about (the parser reads only <guid>).
  const id = item.id?.trim() || rdfAbout(element) || undefined;
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
  return { post, hash, faults };
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

/** An RSS 1.0 item's `rdf:about` (whatever prefix the feed binds to the RDF namespace). */
function rdfAbout(element: FeedItem['element']): string | undefined {
  const attributes = (element as { attributes?: Record<string, string> }).attributes ?? {};
  for (const [name, value] of Object.entries(attributes)) {
    if ((name === 'about' || name.endsWith(':about')) && value.trim() !== '') return value.trim();
  }
  return undefined;
}
