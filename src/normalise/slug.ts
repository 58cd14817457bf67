/**
 * Slugs: ASCII (transliterated), lower case, words joined by single hyphens,
 * at most SLUG_LIMIT characters cut at a hyphen, never empty.
 */
import slugify from '@sindresorhus/slugify';

export const SLUG_LIMIT = 60;
export const FALLBACK_SLUG = 'post';

function toSlug(text: string): string {
  return slugify(text, { decamelize: false });
}

function cut(slug: string, limit: number): string {
  if (slug.length <= limit) return slug;
  const hyphen = slug.lastIndexOf('-', limit);
  return (hyphen > 0 ? slug.slice(0, hyphen) : slug.slice(0, limit)).replace(/-+$/, '');
}

/** The slug the source states (cleaned up), else one made from the title. */
export function makeSlug(sourceSlug: string | undefined, title: string): string {
  const stated = sourceSlug === undefined ? '' : toSlug(sourceSlug);
  const slug = cut(stated !== '' ? stated : toSlug(title), SLUG_LIMIT);
  return slug !== '' ? slug : FALLBACK_SLUG;
}
