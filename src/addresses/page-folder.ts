import { DateTime } from 'luxon';
import type { Config } from '../config/schema.js';
import { siteBase } from '../feeds/urls.js';
import type { Post } from '../model/post.js';
import { localDayOf, twoDigits } from '../text/zoned-day.js';

/**
 * The folder of a post's page: the path of post.url below the base URL
 * (normally posts/<yyyy>/<mm>/<slug>/), or, when post.url lies elsewhere,
 * posts/<yyyy>/<mm>/<slug>/ from the publication date in the site's time zone.
 */
export function postPagePath(post: Post, config: Config): string {
  const known = pagePaths.get(post);
  if (known !== undefined && known.site === config.site && known.url === post.url && known.slug === post.slug && known.published === post.published && known.id === post.id) return known.path;
  const path = pathBelowBase(post.url, config) ?? fallbackPostPath(post, config);
  pagePaths.set(post, { site: config.site, url: post.url, slug: post.slug, published: post.published, id: post.id, path });
  return path;
}

/**
 * Each post's page folder, with what it was worked out from (the fields it
 * reads and the site settings): a build asks for it several times a post
 * (which posts get a page, their views, the roundups' links), and the
 * preview again at every save. Used again only while those are the same.
 */
const pagePaths = new WeakMap<Post, { readonly site: Config['site']; readonly url: string; readonly slug: string; readonly published: string; readonly id: string; readonly path: string }>();

/** The base URL's origin and path, parsed once per base (every post's page asks). */
const bases = new Map<string, { readonly origin: string; readonly pathname: string }>();

function baseOf(href: string): { readonly origin: string; readonly pathname: string } {
  let base = bases.get(href);
  if (base === undefined) {
    const { origin, pathname } = new URL(href);
    bases.set(href, (base = { origin, pathname }));
  }
  return base;
}

/** Characters a path can hold that URL parsing leaves as they are (no escapes, dots only inside a segment: checked below). */
const PLAIN_PATH = /^[A-Za-z0-9_~\-/.]*$/;

export function pathBelowBase(url: string, config: Config): string | undefined {
  const href = siteBase(config);
  const base = baseOf(href);
  // The common case, a plain path straight below the base as written: what parsing would give, without parsing.
  if (url.startsWith(href) && href === base.origin + base.pathname) {
    const rest = url.slice(href.length);
    if (PLAIN_PATH.test(rest)) {
      const segments = rest.split('/').filter((s) => s !== '');
      if (segments.length > 0 && segments.every((segment) => !segment.startsWith('.'))) return `${segments.join('/')}/`;
    }
  }
  return parsedPathBelowBase(url, config);
}

/** pathBelowBase by parsing the URL: any URL (test/addresses/page-folder.test.ts holds the shortcut to it). */
export function parsedPathBelowBase(url: string, config: Config): string | undefined {
  let parsed: URL;
  const href = siteBase(config);
  const base = baseOf(href);
  try {
    parsed = new URL(url, href);
  } catch {
    return undefined;
  }
  if (parsed.origin !== base.origin || !parsed.pathname.startsWith(base.pathname)) return undefined;
  let rest: string;
  try {
    rest = decodeURIComponent(parsed.pathname.slice(base.pathname.length));
  } catch {
    return undefined;
  }
  const segments = rest.split('/').filter((s) => s !== '');
  if (segments.length === 0 || !segments.every(isSafeSegment)) return undefined;
  return `${segments.join('/')}/`;
}

function fallbackPostPath(post: Post, config: Config): string {
  const slug = post.slug.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || post.id.replace(/[^A-Za-z0-9-]+/g, '-');
  return `posts/${yearMonth(post.published, config.site.timeZone)}/${slug}/`;
}

/** `2019/07` in the site's time zone, `undated/00` for an unreadable date: Intl for the common ISO instant (text/zoned-day.ts), else luxon. */
function yearMonth(iso: string, zone: string): string {
  const day = localDayOf(iso, zone);
  if (day !== undefined) return `${day.year}/${twoDigits(day.month)}`;
  const date = DateTime.fromISO(iso, { zone });
  return date.isValid ? `${date.toFormat('yyyy')}/${date.toFormat('MM')}` : 'undated/00';
}

/** A path segment that stays inside its folder and is not hidden. */
function isSafeSegment(segment: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  return !segment.startsWith('.') && !/[\\\u0000-\u001F]/.test(segment);
}
