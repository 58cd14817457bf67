import type { Config } from '../config/schema.js';
import { safeHtml } from '../feeds/safe-html.js';
import { siteUrl } from '../feeds/urls.js';
import type { Post } from '../model/post.js';
import { postPagePath } from '../addresses/page-folder.js';
import { themePagePath } from './paths.js';

/**
 * What the page templates read: posts and themes with everything resolved
 * (paths, safe HTML, theme names), so that templates only arrange and
 * escape. Built from the store's data; the inputs are not touched.
 */

export interface ThemeView {
  readonly slug: string;
  readonly name: string;
  readonly description: string;
  /** Folder of the theme's page, relative to the output folder. */
  readonly path: string;
  readonly url: string;
}

export interface PostView {
  readonly id: string;
  readonly title: string;
  /** Canonical URL (post.url). */
  readonly url: string;
  /** Folder of the post's page, relative to the output folder. */
  readonly path: string;
  /** false when tidings builds no page for the post (it lives at `url`, elsewhere): links go to `url`. */
  readonly page: boolean;
  readonly published: string;
  readonly author: string;
  readonly summary: string;
  /** Safe HTML with absolute URLs. */
  readonly html: string;
  /** The post's configured themes, primary first. */
  readonly themes: readonly ThemeView[];
}

export function themeViews(config: Config): ThemeView[] {
  return config.themes.map((t) => ({
    slug: t.slug,
    name: t.name,
    description: t.description,
    path: themePagePath(t.slug),
    url: siteUrl(config, themePagePath(t.slug)),
  }));
}

/**
 * A post's view. `html` gives the post's safe HTML when the caller already
 * has it (the feed entry's content); otherwise it is made here. Either way
 * it is made when first read (a page that is not rendered never needs it),
 * then kept.
 */
export function postView(post: Post, config: Config, themes: ReadonlyMap<string, ThemeView>, html?: () => string | undefined, page = true): PostView {
  const path = postPagePath(post, config);
  let url: string;
  try {
    url = new URL(post.url, config.site.baseUrl).href;
  } catch {
    url = siteUrl(config, path);
  }
  let safe: string | undefined;
  return {
    id: post.id,
    title: post.title.trim() || 'Untitled',
    url,
    path,
    page,
    published: post.published,
    author: post.author.trim() || config.site.author,
    summary: post.summary,
    get html() {
      safe ??= html?.() ?? safeHtml(post.html, url);
      return safe;
    },
    themes: [...new Set(post.themes)].flatMap((slug) => {
      const theme = themes.get(slug);
      return theme ? [theme] : [];
    }),
  };
}
