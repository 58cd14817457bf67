/**
 * The JSON Feed (1.0 and 1.1) source adapter: one RawPost per item.
 * https://www.jsonfeed.org/version/1.1/
 */
import { createHash } from 'node:crypto';
import { diagnostic } from '../model/diagnostic.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { RawPost, SourceFile, SourceResult } from '../model/raw-post.js';
import { readFeedDate, textToHtml } from './feed-xml.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export function readJsonFeed(file: SourceFile): SourceResult {
  const text = file.text.charCodeAt(0) === 0xfeff ? file.text.slice(1) : file.text;
  let root: Json;
  try {
    root = JSON.parse(text) as Json;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail(
      diagnostic(
        file.path,
        syntaxErrorLine(text, message),
        `not valid JSON: ${message}`,
        'fix the JSON at this line, or download or export the feed again',
      ),
    );
  }

  if (!isObject(root) || typeof root.version !== 'string' || !/^https?:\/\/jsonfeed\.org\/version\/1(?:\.|\/|$)/.test(root.version)) {
    return fail(
      diagnostic(
        file.path,
        0,
        'not a JSON Feed (no "version": "https://jsonfeed.org/version/1.1")',
        'import a JSON Feed 1.0 or 1.1 file; other JSON is not read',
      ),
    );
  }
  if (!Array.isArray(root.items)) {
    return fail(diagnostic(file.path, 0, 'JSON Feed has no "items" list', 'give the feed an "items": [ … ] list'));
  }

  const items = root.items;
  const offsets = itemOffsets(text);
  const lines = offsets.length === items.length ? linesAt(text, offsets) : items.map(() => 0);
  const feedAuthor = authorOf(root);
  const diagnostics: Diagnostic[] = [];
  const posts: RawPost[] = [];
  const seenIds = new Set<string>();

  items.forEach((item, index) => {
    const line = lines[index] ?? 0;
    const name = label(item, index);
    const read = readItem(item, feedAuthor);
    if ('problem' in read) {
      diagnostics.push(diagnostic(file.path, line, `${name} ${read.problem}`, read.hint));
      return;
    }
    for (const warning of read.warnings) {
      diagnostics.push(diagnostic(file.path, line, `${name}: ${warning}`, undefined, 'warning'));
    }
    if (seenIds.has(read.id)) {
      diagnostics.push(
        diagnostic(
          file.path,
          line,
          `${name} repeats the id "${read.id}" of an earlier item; it is skipped`,
          'give every item its own id',
          'warning',
        ),
      );
      return;
    }
    seenIds.add(read.id);
    posts.push({
      source: { file: file.path, format: 'json-feed', line, slot: `guid:${read.id}`, hash: sha256(JSON.stringify(item)) },
      ...read.post,
    });
  });
  return { posts, diagnostics };
}

// ----------------------------------------------------------------- one item

type ItemReading =
  | { id: string; post: Omit<RawPost, 'source'>; warnings: string[] }
  | { problem: string; hint: string };

function readItem(item: Json, feedAuthor: string | undefined): ItemReading {
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

/** `authors` (1.1) or `author` (1.0): the names, joined. */
function authorOf(holder: JsonObject): string | undefined {
  const list = Array.isArray(holder.authors) ? holder.authors : holder.author === undefined ? [] : [holder.author];
  const names = list
    .map((author) => (isObject(author) && typeof author.name === 'string' ? author.name.trim() : ''))
    .filter((name) => name !== '');
  return names.length > 0 ? [...new Set(names)].join(', ') : undefined;
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

function label(item: Json, index: number): string {
  const title = isObject(item) && typeof item.title === 'string' ? item.title.trim() : '';
  return title === '' ? `item ${index + 1}` : `item ${index + 1} ("${title.length > 60 ? `${title.slice(0, 59)}…` : title}")`;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// -------------------------------------------------------------- positions

/** The line of a JSON.parse error, from "at position N" (Node 20) or "(line N column M)" (newer). */
function syntaxErrorLine(text: string, message: string): number {
  const explicit = /line (\d+) column \d+/.exec(message);
  if (explicit) return Number(explicit[1]);
  const position = /at position (\d+)/.exec(message);
  if (position) return lineAt(text, Number(position[1]));
  return /Unexpected end of JSON input/.test(message) ? lineAt(text, text.length) : 0;
}

/**
 * The offset where each element of the top-level "items" array starts, by a
 * single pass over (already validated) JSON text.
 */
function itemOffsets(text: string): number[] {
  let offsets: number[] = [];
  let depth = 0;
  let lastString = '';
  let key = '';
  let itemsDepth = -1;
  let awaitingItem = false;

  for (let at = 0; at < text.length; at += 1) {
    const c = text.charAt(at);
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
    if (depth === itemsDepth && awaitingItem && c !== ']') {
      offsets.push(at);
      awaitingItem = false;
    }
    if (c === '"') {
      const end = endOfString(text, at);
      if (depth === 1) lastString = text.slice(at + 1, end);
      at = end;
    } else if (c === ':') {
      if (depth === 1) key = lastString;
    } else if (c === '{' || c === '[') {
      depth += 1;
      if (c === '[' && depth === 2 && key === 'items') {
        itemsDepth = 2;
        awaitingItem = true;
        offsets = [];
      }
    } else if (c === '}' || c === ']') {
      if (depth === itemsDepth) itemsDepth = -1;
      if (depth === 2) key = '';
      depth -= 1;
    } else if (c === ',') {
      if (depth === itemsDepth) awaitingItem = true;
      if (depth === 1) key = '';
    }
  }
  return offsets;
}

function endOfString(text: string, start: number): number {
  for (let at = start + 1; at < text.length; at += 1) {
    const c = text.charAt(at);
    if (c === '\\') at += 1;
    else if (c === '"') return at;
  }
  return text.length;
}

/** The 1-based lines of ascending offsets, in one pass. */
function linesAt(text: string, offsets: readonly number[]): number[] {
  const lines: number[] = [];
  let line = 1;
  let at = 0;
  for (const offset of offsets) {
    for (; at < offset && at < text.length; at += 1) if (text.charCodeAt(at) === 10) line += 1;
    lines.push(line);
  }
  return lines;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let at = 0; at < offset && at < text.length; at += 1) if (text.charCodeAt(at) === 10) line += 1;
  return line;
}

function fail(d: Diagnostic): SourceResult {
  return { posts: [], diagnostics: [d] };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
