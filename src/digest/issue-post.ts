import type { Config } from '../config/schema.js';
import { postDates } from '../feeds/dates.js';
import { siteUrl } from '../feeds/urls.js';
import { cleanText } from '../feeds/xml-text.js';
import type { Post } from '../model/post.js';
import { displayDate } from '../text/display-date.js';
import { postPagePath } from '../addresses/page-folder.js';
import { excerptOf, MAX_TITLE, shorten } from './excerpt.js';
import type { IssuePost } from './model.js';

/**
 * A post as a roundup shows it: a short title, an excerpt of
 * config.digest.excerptLength characters, an http(s) link (the post's own
 * URL, or its archive page when that URL is not http(s)), and its
 * configured themes. Throws RangeError when the post's date is unreadable.
 * `dateOf` words the date (displayDate; planning passes one that remembers
 * each day's words).
 */
export function issuePost(post: Post, config: Config, declared: ReadonlySet<string>, dateOf: (published: string) => string = (iso) => displayDate(iso, config)): IssuePost {
  const { published, updated } = postDates(post);
  const excerpt = excerptOf(post.text.trim() ? post.text : post.summary, config.digest.excerptLength, post.html);
  return {
    id: post.id,
    title: shorten(post.title, MAX_TITLE) || 'Untitled',
    url: postUrl(post, config),
    published,
    updated,
    date: dateOf(published),
    author: cleanText(post.author) || cleanText(config.site.author),
    excerpt: excerpt.text,
    ...(excerpt.parts.some((p) => p.url !== undefined) ? { excerptParts: excerpt.parts } : {}),
    readingMinutes: Math.max(1, Math.round(post.readingMinutes) || 1),
    themes: [...new Set(post.themes)].filter((slug) => declared.has(slug)),
  };
}

function postUrl(post: Post, config: Config): string {
  try {
    const url = new URL(post.url, config.site.baseUrl);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    // Not a URL at all: the archive page below.
  }
  return siteUrl(config, postPagePath(post, config));
}
