/**
 * The front-matter keys that are read, under the names Jekyll, Hugo and
 * Eleventy give them. Keys are matched without regard to case (Hugo reads
 * `Title:` as `title:`). A key that is not read is ignored quietly (the
 * import lists such keys once), unless it looks like a misspelt key that is
 * read (`titel`), which is a warning with a "did you mean".
 */
import { diagnostic } from '../../model/diagnostic.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Field } from './parse.js';

/** What a post takes from its front matter. */
export type FrontMatterKey =
  | 'title'
  | 'date'
  | 'publishDate'
  | 'published'
  | 'updated'
  | 'expires'
  | 'id'
  | 'slug'
  | 'permalink'
  | 'themes'
  | 'tags'
  | 'summary'
  | 'draft'
  | 'author'
  | 'image';

/**
 * Each key as written (lower case) -> what it means. Where several keys mean
 * the same thing, the first one given in this order wins (tags: all are combined).
 */
const ALIASES: readonly (readonly [string, FrontMatterKey])[] = [
  ['title', 'title'],
  ['date', 'date'],
  ['publishdate', 'publishDate'],
  ['pubdate', 'publishDate'],
  ['published', 'published'],
  ['updated', 'updated'],
  ['lastmod', 'updated'],
  ['modified', 'updated'],
  ['last_modified_at', 'updated'],
  ['expirydate', 'expires'],
  ['unpublishdate', 'expires'],
  ['id', 'id'],
  ['slug', 'slug'],
  ['permalink', 'permalink'],
  ['url', 'permalink'],
  ['themes', 'themes'],
  ['tags', 'tags'],
  ['tag', 'tags'],
  ['categories', 'tags'],
  ['category', 'tags'],
  ['summary', 'summary'],
  ['description', 'summary'],
  ['excerpt', 'summary'],
  ['draft', 'draft'],
  ['author', 'author'],
  ['authors', 'author'],
  ['image', 'image'],
  ['cover', 'image'],
  ['featured_image', 'image'],
  ['feature_image', 'image'],
  ['featureimage', 'image'],
  ['images', 'image'],
];

const MEANING = new Map<string, FrontMatterKey>(ALIASES);
const RANK = new Map<string, number>(ALIASES.map(([written], i) => [written, i]));

/** Every key name read, for messages and docs. */
export const FRONT_MATTER_KEYS: readonly string[] = ALIASES.map(([written]) => written);

/**
 * Keys that generators and their themes commonly use and tidings has no use
 * for: never taken for a misspelling of a key that is read.
 */
const GENERATOR_KEYS = new Set([
  'layout', 'comments', 'share', 'toc', 'weight', 'aliases', 'type', 'menu', 'keywords', 'subtitle', 'lang',
  'language', 'hidden', 'sitemap', 'series', 'topics', 'redirect_from', 'excerpt_separator', 'header-img', 'math',
  'mathjax', 'katex', 'showtoc', 'tocopen', 'featured', 'sticky', 'pinned', 'resources', 'outputs', 'build',
  'cascade', 'linktitle', 'markup', 'headless', 'iscjklanguage', 'translationkey', 'sidebar', 'nav_order', 'hero',
  'thumbnail', 'audio', 'videos', 'location', 'tagline', 'permalinks', 'sources', 'key', 'meta', 'status', 'name',
]);

export function meaningOf(key: string): FrontMatterKey | undefined {
  return MEANING.get(key.toLowerCase());
}

/** The order in which aliases of one meaning are preferred (lower first). */
export function rankOf(key: string): number {
  return RANK.get(key.toLowerCase()) ?? Number.MAX_SAFE_INTEGER;
}

/** A warning when an unread key looks like a misspelt read key; undefined when it is simply not read. */
export function misspeltKey(path: string, field: Field): Diagnostic | undefined {
  const typed = field.key.toLowerCase();
  if (GENERATOR_KEYS.has(typed)) return undefined;
  const close = FRONT_MATTER_KEYS.find((known) => {
    const distance = editDistance(known, typed);
    return distance <= 2 && distance < typed.length / 2;
  });
  if (close === undefined) return undefined;
  return diagnostic(
    path,
    field.line,
    `unknown front-matter key "${field.key}" is ignored`,
    `did you mean "${close}"? docs/formats.md lists the keys read`,
    'warning',
  );
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
