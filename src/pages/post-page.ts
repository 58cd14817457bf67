import type { Config } from '../config/schema.js';
import { displayDate } from '../text/display-date.js';
import { escapeHtml } from '../text/html-escape.js';
import { subscribeLinks } from './feed-links.js';
import { blogFeedLinks, themeFeedLinks } from './feed-sets.js';
import { renderLayout } from './layout.js';
import { signUpParts, withSignUp, type SignUp } from './sign-up.js';
import { relativeHref } from './paths.js';
import type { PostView } from './views.js';

/** A post's page: title, date, author, themes and the post itself; offers the blog's feeds and its themes' feeds. */
export function renderPostPage(post: PostView, config: Config, signUp?: SignUp): string {
  const from = post.path;
  const themeLinks = post.themes.map((t) => `<a href="${escapeHtml(relativeHref(from, t.path))}">${escapeHtml(t.name)}</a>`);
  const main = [
    '<article>',
    `<h1>${escapeHtml(post.title)}</h1>`,
    `<p class="meta"><time datetime="${escapeHtml(post.published)}">${escapeHtml(displayDate(post.published, config))}</time> · by ${escapeHtml(post.author)}</p>`,
    ...(themeLinks.length > 0 ? [`<p class="meta">Themes: ${themeLinks.join(', ')}</p>`] : []),
    `<div class="content">\n${post.html}\n</div>`,
    '</article>',
    `<nav><p><a href="${escapeHtml(relativeHref(from, ''))}">All posts</a></p></nav>`,
  ].join('\n');
  const blog = blogFeedLinks(config);
  return renderLayout({
    language: config.site.language,
    title: `${post.title} · ${config.site.title}`,
    description: post.summary,
    canonicalUrl: post.url,
    siteTitle: config.site.title,
    homeHref: relativeHref(from, ''),
    feeds: [blog, ...post.themes.map((t) => themeFeedLinks(config, t))],
    main,
    footer: subscribeLinks(blog),
    ...withSignUp(signUpParts(signUp, config, post.themes[0])),
  });
}
