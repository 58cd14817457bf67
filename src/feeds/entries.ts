import type { Config } from '../config/schema.js';
import type { Post } from '../model/post.js';
import { postInstants, toRfc3339 } from './dates.js';
import { entryId } from './ids.js';
import type { FeedEntry } from './model.js';
import { newestFirst } from './order.js';
import { safeHtml } from './safe-html.js';
import { cleanText as clean } from './xml-text.js';

/** Entries for the posts, newest first, and the posts left out (with why). */
export interface PostEntries {
  readonly entries: readonly FeedEntry[];
  readonly problems: readonly string[];
}

/**
 * Posts to feed entries. Pure; the posts are not touched. A post that cannot
 * make a valid entry (an unreadable date, a URL that is not one) is left
 * out and reported; the rest still go out.
 */
export function postEntries(posts: readonly Post[], config: Config): PostEntries {
  const themeNames = new Map(config.themes.map((t) => [t.slug, t.name]));
  const entries: FeedEntry[] = [];
  const problems: string[] = [];
  for (const post of newestFirst(posts)) {
    try {
      entries.push(postEntry(post, config, themeNames));
    } catch (error) {
      problems.push(`post ${post.id} ("${post.title}") left out of the feeds: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { entries, problems };
}

/**
 * One post's entry. What decides which feeds carry it and where (its URL,
 * which must be one: else the post is left out and reported; its dates as
 * instants; its themes) is worked out here, for every post. What only a
 * rendered document shows (the dates as text, the cleaned title, author,
 * categories, summary and the safe HTML)
 * is made when first read, then kept: a build renders only the documents
 * whose entries changed, and keys them by the posts, not by these fields
 * (build/output-keys.ts).
 */
function postEntry(post: Post, config: Config, themeNames: ReadonlyMap<string, string>): FeedEntry {
  const url = absoluteUrl(post.url, config.site.baseUrl);
  const { updatedMs, updatedIsPublished } = postInstants(post);
  const zone = config.site.timeZone;
  const themes = [...new Set(post.themes)];
  let published: string | undefined;
  let updated: string | undefined;
  let title: string | undefined;
  let author: string | undefined;
  let labels: readonly string[] | undefined;
  let summary: string | undefined;
  let content: string | undefined;
  return Object.freeze({
    id: entryId('post', post.id),
    url,
    get title() {
      return (title ??= clean(post.title) || 'Untitled');
    },
    get published() {
      return (published ??= toRfc3339(post.published, zone));
    },
    get updated() {
      return (updated ??= updatedIsPublished ? this.published : toRfc3339(post.updated, zone));
    },
    updatedMs,
    get author() {
      return (author ??= clean(post.author) || clean(config.site.author) || 'Anonymous');
    },
    get categories() {
      return (labels ??= Object.freeze(categories(post, themes, themeNames)));
    },
    themes: Object.freeze(themes),
    get summary() {
      return (summary ??= clean(post.summary));
    },
    get contentHtml() {
      return (content ??= safeHtml(post.html, url));
    },
  });
}

/** The themes' names, then the post's tags that are not one of those themes (by slug or name, any case). */
function categories(post: Post, themes: readonly string[], themeNames: ReadonlyMap<string, string>): string[] {
  const names = themes.map((slug) => clean(themeNames.get(slug) ?? slug));
  const taken = new Set([...themes, ...names].map((label) => label.toLowerCase()));
  const tags: string[] = [];
  for (const tag of post.tags) {
    const label = clean(tag);
    if (label === '' || taken.has(label.toLowerCase())) continue;
    taken.add(label.toLowerCase());
    tags.push(label);
  }
  return [...names, ...tags];
}

function absoluteUrl(url: string, baseUrl: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url, baseUrl);
  } catch {
    throw new Error(`its url "${url}" is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`its url "${url}" is not an http(s) URL`);
  return parsed.href;
}
