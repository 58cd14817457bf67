/** One JSON Feed item as a post, and the author names of an item or of the feed. */
import type { RawPost } from '../../model/raw-post.js';
import { readFeedDate } from '../shared/dates.js';
import { textToHtml } from '../shared/html-text.js';
import { isObject } from './json.js';
import type { Json, JsonObject } from './json.js';

export type ItemReading =
  | { id: string; post: Omit<RawPost, 'source'>; warnings: string[] }
  | { problem: string; hint: string };

export function readItem(item: Json, feedAuthor: string | undefined): ItemReading {
  if (!isObject(item)) return { problem: 'is not an object and is skipped', hint: 'each item must be { "id": …, … }' };
  const warnings: string[] = [];

  const id = typeof item.id === 'number' ? String(item.id) : typeof item.id === 'string' ? item.id.trim() : '';
  if (id === '') {
    return { problem: 'has no "id" and is skipped', hint: 'give every item a unique "id" (JSON Feed requires one)' };
  }

  const publishedText = optionalString(item, 'date_published', warnings);
  if (publishedText === undefined) {
    return { problem: 'has no "date_published" and is skipped', hint: 'add "date_published": "2019-07-31T10:30:00+01:00"' };
  }
  const published = readFeedDate(publishedText);
  if (published === undefined) {
    return {
      problem: `has an invalid "date_published" ("${publishedText}") and is skipped`,
      hint: 'write it as RFC 3339 with an offset, e.g. 2019-07-31T10:30:00+01:00',
    };
  }
  const modifiedText = optionalString(item, 'date_modified', warnings);
  const updated = modifiedText === undefined ? undefined : readFeedDate(modifiedText);
  if (modifiedText !== undefined && updated === undefined) {
    warnings.push(`its "date_modified" ("${modifiedText}") is not a date and is ignored`);
  }

  const contentHtml = optionalString(item, 'content_html', warnings);
  const contentText = optionalString(item, 'content_text', warnings);
  const html = contentHtml ?? (contentText === undefined ? undefined : textToHtml(contentText));
  if (html === undefined) {
    return { problem: 'has no "content_html" or "content_text" and is skipped', hint: 'give the item its content' };
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
