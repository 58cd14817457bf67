import type { Config } from '../config/schema.js';
import { siteUrl } from '../feeds/urls.js';
import { escapeHtml } from '../text/html-escape.js';
import { subscribeLinks } from './feed-links.js';
import { blogFeedLinks } from './feed-sets.js';
import { renderLayout } from './layout.js';
import { signUpParts, withSignUp, type SignUp } from './sign-up.js';
import { relativeHref } from './paths.js';
import { renderPostList } from './post-list.js';
import type { PostView, ThemeView } from './views.js';

export interface IndexPageModel {
  /** The newest posts, newest first. */
  readonly posts: readonly PostView[];
  /** Every theme with how many posts it has. */
  readonly themes: readonly { readonly theme: ThemeView; readonly count: number }[];
}

/** The home page (out/index.html): the newest posts and the themes; offers the blog's feeds. */
export function renderIndexPage(model: IndexPageModel, config: Config, signUp?: SignUp): string {
  const from = '';
  const themes = model.themes.map(
    ({ theme, count }) =>
      `<li><a href="${escapeHtml(relativeHref(from, theme.path))}">${escapeHtml(theme.name)}</a> (${count} ${count === 1 ? 'post' : 'posts'})${
        theme.description ? `: ${escapeHtml(theme.description)}` : ''
      }</li>`,
  );
  const blog = blogFeedLinks(config);
  const main = [
    `<h1>${escapeHtml(config.site.title)}</h1>`,
    ...(config.site.description ? [`<p>${escapeHtml(config.site.description)}</p>`] : []),
    subscribeLinks(blog),
    '<section aria-labelledby="latest">',
    '<h2 id="latest">Latest posts</h2>',
    renderPostList(model.posts, from, config, true, 3),
    '</section>',
    ...(themes.length > 0
      ? ['<section aria-labelledby="themes">', '<h2 id="themes">Themes</h2>', `<ul>\n${themes.join('\n')}\n</ul>`, '</section>']
      : []),
  ].join('\n');
  return renderLayout({
    language: config.site.language,
    title: config.site.title,
    description: config.site.description,
    canonicalUrl: siteUrl(config, ''),
    siteTitle: config.site.title,
    homeHref: './',
    feeds: [blog],
    main,
    footer: subscribeLinks(blog),
    ...withSignUp(signUpParts(signUp, config)),
  });
}
