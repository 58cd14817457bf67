import { escapeHtml } from '../text/html-escape.js';
import { renderStatusPage } from './not-found-page.js';

/**
 * The list of pages that are gone (posts withdrawn or expired), written by
 * the build beside the site (hidden: never served itself) and read by
 * `tidings serve`, which answers 410 Gone at those addresses: a reader, a
 * search engine or an archive learns that the post was taken down, not lost.
 */
export const GONE_FILE = '.gone.json';

/** The file's text: the folders as URL paths below the site's root (`/posts/2019/07/slug/`), sorted. */
export function goneListText(folders: readonly string[]): string {
  return `${JSON.stringify({ gone: folders.map((f) => `/${f}`) }, null, 2)}\n`;
}

/** The paths in a gone list; an unreadable one lists none. */
export function parseGoneList(text: string): Set<string> {
  try {
    const value = JSON.parse(text) as { gone?: unknown };
    return new Set(Array.isArray(value.gone) ? value.gone.filter((p): p is string => typeof p === 'string') : []);
  } catch {
    return new Set();
  }
}

/** The folder a request path names (`/a/b`, `/a/b/` and `/a/b/index.html` are all `/a/b/`). */
export function goneKey(pathname: string): string {
  const path = pathname.replace(/index\.html$/, '');
  return path.endsWith('/') ? path : `${path}/`;
}

/** The server's 410 page. */
export function renderGonePage(path: string): string {
  return renderStatusPage({
    title: 'Withdrawn',
    heading: 'This post has been withdrawn',
    html: `The post that was at <code>${escapeHtml(path)}</code> has been taken down and is no longer available.`,
    noindex: true,
  });
}
