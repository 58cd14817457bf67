/** One JSON Feed item as a post, and the author names of an item or of the feed. */
import type { RawPost } from '../../model/raw-post.js';
import { dateFaults, isZeroDate, zeroDateFault, zeroDateProblem } from '../shared/date-faults.js';
import { readFeedDate } from '../shared/dates.js';
import type { ItemFault } from '../shared/tally.js';
import { textToHtml } from '../shared/html-text.js';
import { isObject } from './json.js';
import type { Json, JsonObject } from './json.js';

/** A fault of one item, before its line and label are known. */
export type Fault = Omit<ItemFault, 'line' | 'label'>;
export type ItemReading =
  | { id: string; post: Omit<RawPost, 'source'>; warnings: string[]; faults: Fault[] }
  | { problem: Fault };

function problem(cause: string, one: string, many: string, hint: string): { problem: Fault } {
  return { problem: { cause, severity: 'error', one, many, hint } };
}

export function readItem(item: Json, feedAuthor: string | undefined): ItemReading {
  if (!isObject(item)) return problem('not-object', 'is not an object and is skipped', 'are not objects and are skipped', 'each item must be { "id": …, … }');
  const warnings: string[] = [];

  const id = typeof item.id === 'number' ? String(item.id) : typeof item.id === 'string' ? item.id.trim() : '';
  if (id === '') {
    return problem('no-id', 'has no "id" and is skipped', 'have no "id" and are skipped', 'give every item a unique "id" (JSON Feed requires one)');
  }

  // Without "date_published" (optional in JSON Feed), "date_modified" dates the item, as <updated> does in Atom.
  // Go's zero time is no date (Hugo writes it for a page without one).
  const zero: string[] = [];
  const dateText = (key: string): string | undefined => {
    const text = optionalString(item, key, warnings);
    if (text === undefined || !isZeroDate(readFeedDate(text))) return text;
    zero.push(text);
    return undefined;
  };
  const modifiedText = dateText('date_modified');
  const statedPublished = dateText('date_published');
  const publishedText = statedPublished ?? modifiedText;
  if (publishedText === undefined && zero[0] !== undefined) return { problem: zeroDateProblem(zero[0]) };
  if (publishedText === undefined) {
    return problem(
      'no-date',
      'has no "date_published" (nor "date_modified") and is skipped',
      'have no "date_published" (nor "date_modified") and are skipped',
      'add "date_published": "2019-07-31T10:30:00+01:00"',
    );
  }
  const publishedDate = readFeedDate(publishedText);
  if (publishedDate === undefined) {
    return problem(
      'invalid-date',
      `has an invalid "date_published" ("${publishedText}") and is skipped`,
      `have an invalid "date_published" (the first: "${publishedText}") and are skipped`,
      'write it as RFC 3339 with an offset, e.g. 2019-07-31T10:30:00+01:00',
    );
  }
  const faults = [...zero.map(zeroDateFault), ...dateFaults(publishedDate, publishedText)];
  const published = publishedDate.value;
  const updated = modifiedText === undefined || statedPublished === undefined ? undefined : readFeedDate(modifiedText)?.value;
  if (statedPublished !== undefined && modifiedText !== undefined && updated === undefined) {
    warnings.push(`its "date_modified" ("${modifiedText}") is not a date and is ignored`);
  }

  const contentHtml = optionalString(item, 'content_html', warnings);
  const contentText = optionalString(item, 'content_text', warnings);
  const html = contentHtml ?? (contentText === undefined ? undefined : textToHtml(contentText));
  if (html === undefined) {
    return problem('no-content', 'has no "content_html" or "content_text" and is skipped', 'have no "content_html" or "content_text" and are skipped', 'give the item its content');
  }

  const title = optionalString(item, 'title', warnings);
  const summary = optionalString(item, 'summary', warnings);
  const link = optionalString(item, 'url', warnings);
  const url = link !== undefined && /^https?:\/\//i.test(link) ? link : undefined;
  const author = authorOf(item) ?? feedAuthor;
  const themes = tagsOf(item, warnings);

  return {
    id,
    warnings,
    faults,
    post: {
      explicitId: id,
      title: title ?? null,
      published,
      ...(updated !== undefined && { updated }),
      sequence: 0,
      ...(author !== undefined && { author }),
      ...(themes.length > 0 && { themes }),
      ...(summary !== undefined && { summary }),
      ...(url !== undefined && { url }),
      body: { kind: 'html', html },
    },
  };
}

/** `authors` (1.1) or `author` (1.0): the names, joined. */
export function authorOf(holder: JsonObject): string | undefined {
  const list = Array.isArray(holder.authors) ? holder.authors : holder.author === undefined ? [] : [holder.author];
  const names = list
    .map((author) => (isObject(author) && typeof author.name === 'string' ? author.name.trim() : ''))
    .filter((name) => name !== '');
  return names.length > 0 ? [...new Set(names)].join(', ') : undefined;
}

/** A string member, trimmed; undefined when absent, empty or (with a warning) not a string. */
function optionalString(item: JsonObject, key: string, warnings: string[]): string | undefined {
  const value = item[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    warnings.push(`"${key}" is not a string and is ignored`);
    return undefined;
  }
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function tagsOf(item: JsonObject, warnings: string[]): string[] {
  const tags = item.tags;
  if (tags === undefined || tags === null) return [];
  if (!Array.isArray(tags)) {
    warnings.push('"tags" is not a list and is ignored');
    return [];
  }
  const names = tags.flatMap((tag) => (typeof tag === 'string' && tag.trim() !== '' ? [tag.trim()] : []));
  if (names.length !== tags.length) warnings.push('"tags" entries that are not names are ignored');
  return [...new Set(names)];
}
