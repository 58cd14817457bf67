import type { Config } from '../config/schema.js';
import { postDates } from '../feeds/dates.js';
import { siteUrl } from '../feeds/urls.js';
import { cleanText } from '../feeds/xml-text.js';
import type { Post } from '../model/post.js';
import { displayDate } from '../text/display-date.js';
import { postPagePath } from '../addresses/page-folder.js';
import type { Excerpt } from './excerpt.js';
import { excerptOf, MAX_TITLE, shorten } from './excerpt.js';
import type { IssuePost } from './model.js';

/**
 * A post as a roundup shows it: a short title, an excerpt of
 * config.digest.excerptLength characters, an http(s) link (the post's own
 * URL, or its archive page when that URL is not http(s)), and its
 * configured themes. Throws RangeError when the post's date is unreadable.
 * `dateOf` words the date (displayDate; planning passes one that remembers
 * each day's words).
 *
 * What decides the plan (the dates, the themes) is worked out here; what
 * only a rendered roundup shows (title, link, author, excerpt) when first
 * read, then kept: a build renders only the roundups whose posts changed
 * (build/output-keys.ts), and the excerpt is the costly part. The getters
 * are enumerable and in the same order as the plain fields were, so that
 * JSON.stringify (the render keys, digest/render/render.ts) and a spread
 * see the same object; `excerptParts` reads undefined when the excerpt has
 * no links, which JSON.stringify leaves out as it did the absent field.
 */
export function issuePost(post: Post, config: Config, declared: ReadonlySet<string>, dateOf: (published: string) => string = (iso) => displayDate(iso, config)): IssuePost {
  const { published, updated } = postDates(post);
  let title: string | undefined;
  let url: string | undefined;
  let author: string | undefined;
  let excerpt: Excerpt | undefined;
  const cut = (): Excerpt => (excerpt ??= excerptFor(post, config.digest.excerptLength));
  return {
    id: post.id,
    get title() {
      return (title ??= shorten(post.title, MAX_TITLE) || 'Untitled');
    },
    get url() {
      return (url ??= postUrl(post, config));
    },
    published,
    updated,
    date: dateOf(published),
    get author() {
      return (author ??= cleanText(post.author) || cleanText(config.site.author));
    },
    get excerpt() {
      return cut().text;
    },
    get excerptParts() {
      const { parts } = cut();
      return parts.some((p) => p.url !== undefined) ? parts : undefined;
    },
    readingMinutes: Math.max(1, Math.round(post.readingMinutes) || 1),
    themes: [...new Set(post.themes)].filter((slug) => declared.has(slug)),
  };
}

interface Remembered {
  readonly text: string;
  readonly summary: string;
  readonly html: string;
  readonly max: number;
  readonly excerpt: Excerpt;
}

/**
 * Each post's last excerpt, with what it was made from: a build plans the
 * roundups twice (the issue numbers, then the outputs) from the same posts,
 * and the excerpt is the costly part of a post's view. Used again only
 * while the post's text, summary and HTML and the length are the same.
 */
const excerpts = new WeakMap<Post, Remembered>();

function excerptFor(post: Post, max: number): Excerpt {
  const { text, summary, html } = post;
  const hit = excerpts.get(post);
  if (hit !== undefined && hit.max === max && hit.text === text && hit.summary === summary && hit.html === html) return hit.excerpt;
  const excerpt = excerptOf(text.trim() ? text : summary, max, html);
  excerpts.set(post, { text, summary, html, max, excerpt });
  return excerpt;
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
