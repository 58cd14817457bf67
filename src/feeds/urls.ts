import type { Config } from '../config/schema.js';
import type { FeedFormat } from './model.js';

/**
 * Where things live: paths relative to the output folder (forward slashes)
 * and the absolute URLs they are published at (the site's base URL + path).
 */

/** The base URL with exactly one trailing slash. */
export function siteBase(config: Config): string {
  return config.site.baseUrl.replace(/\/*$/, '/');
}

/** Absolute URL of an output path ('' is the home page, 'themes/x/' a folder). */
export function siteUrl(config: Config, path: string): string {
  return new URL(path, siteBase(config)).href;
}

/** The folder a feed's files live in: '' for the blog, 'themes/<slug>/' for a theme. */
function folder(key: string): string {
  return key === '' ? '' : `${key}/`;
}

/** Paths of a feed's subscription documents: feed.xml, atom.xml, feed.json. */
export function subscriptionPaths(key: string): Record<FeedFormat, string> {
  const dir = folder(key);
  return { rss: `${dir}feed.xml`, atom: `${dir}atom.xml`, json: `${dir}feed.json` };
}

/** Paths of a feed's archive page `n`: archive/feed-n.xml, archive/atom-n.xml, archive/feed-n.json. */
export function archivePaths(key: string, n: number): Record<FeedFormat, string> {
  const dir = `${folder(key)}archive/`;
  return { rss: `${dir}feed-${n}.xml`, atom: `${dir}atom-${n}.xml`, json: `${dir}feed-${n}.json` };
}

/** The key of a theme's feed. */
export function themeKey(slug: string): string {
  return `themes/${slug}`;
}
