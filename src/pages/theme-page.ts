import type { Config } from '../config/schema.js';
import { escapeHtml } from '../text/html-escape.js';
import { subscribeLinks } from './feed-links.js';
import { blogFeedLinks, themeFeedLinks } from './feed-sets.js';
import { renderLayout } from './layout.js';
import { signUpParts, withSignUp, type SignUp } from './sign-up.js';
import { relativeHref } from './paths.js';
import { renderPostList } from './post-list.js';
import type { PostView, ThemeView } from './views.js';

export interface ThemePageModel {
  readonly theme: ThemeView;
  /** Every post of the theme, newest first. */
  readonly posts: readonly PostView[];
}

/** A theme's page (out/themes/<slug>/index.html): all its posts; offers the theme's feeds and the blog's. */
export function renderThemePage(model: ThemePageModel, config: Config, signUp?: SignUp): string {
  const { theme } = model;
  const from = theme.path;
  const feeds = themeFeedLinks(config, theme);
  const blog = blogFeedLinks(config);
  const main = [
    `<h1>${escapeHtml(theme.name)}</h1>`,
    ...(theme.description ? [`<p>${escapeHtml(theme.description)}</p>`] : []),
    subscribeLinks(feeds),
    renderPostList(model.posts, from, config, false, 2),
    `<nav><p><a href="${escapeHtml(relativeHref(from, ''))}">All posts</a></p></nav>`,
  ].join('\n');
  return renderLayout({
    language: config.site.language,
    title: `${theme.name} · ${config.site.title}`,
    description: theme.description,
    canonicalUrl: theme.url,
    siteTitle: config.site.title,
    homeHref: relativeHref(from, ''),
    feeds: [feeds, blog],
    main,
    footer: `${subscribeLinks(feeds)}\n${subscribeLinks(blog)}`,
    ...withSignUp(signUpParts(signUp, config, theme)),
  });
}
