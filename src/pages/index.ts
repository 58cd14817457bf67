import type { Config } from '../config/schema.js';
import { newestFirst } from '../feeds/order.js';
import { hasOwnAddress } from '../addresses/post-address.js';
import type { Post } from '../model/post.js';
import { renderIndexPage } from './index-page.js';
import { renderPostPage } from './post-page.js';
import { postPagePath } from '../addresses/page-folder.js';
import { renderThemePage } from './theme-page.js';
import type { SignUp } from './sign-up.js';
import type { PostView, ThemeView } from './views.js';
import { postView, themeViews } from './views.js';

export { renderIndexPage } from './index-page.js';
export { renderPostPage } from './post-page.js';
export { renderThemePage } from './theme-page.js';
export { renderNotFoundPage } from './not-found-page.js';
export { relativeHref, themePagePath } from './paths.js';
export type { PostView, ThemeView } from './views.js';
export type { SignUp, SignUpPlace, SignUpView } from './sign-up.js';
export { SIGN_UP_PLACES, subscribeUrl } from './sign-up.js';

/** One HTML file to write: its path relative to the output folder, and its text. */
export interface PageFile {
  readonly path: string;
  readonly content: string;
}

export interface SitePagesPlan {
  /** Newest first, each with its folder; `page` says whether tidings builds it (pages.posts). */
  readonly posts: readonly PostView[];
  readonly themes: readonly ThemeView[];
  /** Posts whose page could not be placed, with why. */
  readonly problems: readonly string[];
}

/**
 * Resolves every page before anything is rendered. `htmlOf` gives a post's
 * safe HTML when the caller makes it anyway (the feeds do; asked only when
 * the page is rendered); otherwise it is made here. A post whose folder another page already has is reported
 * and gets no page of its own. pages.posts says which posts get a page:
 * auto (the default) leaves out those with an address of their own, whose
 * page is elsewhere; their links in lists go there.
 */
export function planSitePages(posts: readonly Post[], config: Config, htmlOf?: (id: string) => string | undefined): SitePagesPlan {
  const themes = themeViews(config);
  const themeBySlug = new Map(themes.map((t) => [t.slug, t]));
  const taken = new Map<string, string>(themes.map((t) => [t.path, `the theme page of "${t.name}"`]));
  const views: PostView[] = [];
  const problems: string[] = [];
  for (const post of newestFirst(posts)) {
    const view = postView(post, config, themeBySlug, htmlOf && (() => htmlOf(post.id)), wantsPage(post, config));
    if (!view.page) {
      views.push(view);
      continue;
    }
    const owner = taken.get(view.path);
    if (owner !== undefined) {
      problems.push(`post ${post.id} ("${post.title}") has no page: its folder ${view.path} is already ${owner}`);
      continue;
    }
    taken.set(view.path, `the page of post ${post.id}`);
    views.push(view);
  }
  return { posts: views, themes, problems };
}

/** The posts tidings builds a page for (pages.posts), with the page's folder. */
export function pagesWanted(posts: readonly Post[], config: Config): Map<string, string> {
  return new Map(posts.filter((post) => wantsPage(post, config)).map((post) => [post.id, postPagePath(post, config)]));
}

function wantsPage(post: Post, config: Config): boolean {
  const mode = config.pages.posts;
  return mode === 'always' || (mode === 'auto' && !hasOwnAddress(post, config));
}

/**
 * One page to render: its path, what it shows (the ids of the posts on it,
 * and `extra`: what else of the plan it shows, as text), and how to render
 * it. The build keys a page by these (build/output-keys.ts) and renders it
 * only when they changed.
 */
export interface PageJob {
  readonly path: string;
  readonly posts: readonly string[];
  readonly extra: string;
  render(): string;
}

/** Every page as a job: the home page, one per theme, one per post (each with the sign-up link when `signUp` is given). Lazy, so that a large site is never all in memory. */
export function* sitePageJobs(plan: SitePagesPlan, config: Config, signUp?: SignUp): Generator<PageJob> {
  const byTheme = new Map<string, PostView[]>(plan.themes.map((t) => [t.slug, []]));
  for (const post of plan.posts) {
    for (const theme of post.themes) byTheme.get(theme.slug)?.push(post);
  }
  const home = plan.posts.slice(0, config.feeds.items);
  const counts = plan.themes.map((theme) => ({ theme, count: byTheme.get(theme.slug)?.length ?? 0 }));
  yield {
    path: 'index.html',
    posts: home.map((p) => p.id),
    extra: JSON.stringify(counts.map((c) => [c.theme.slug, c.count])),
    render: () => renderIndexPage({ posts: home, themes: counts }, config, signUp),
  };
  for (const theme of plan.themes) {
    const posts = byTheme.get(theme.slug) ?? [];
    yield { path: `${theme.path}index.html`, posts: posts.map((p) => p.id), extra: theme.slug, render: () => renderThemePage({ theme, posts }, config, signUp) };
  }
  for (const post of plan.posts) {
    if (!post.page) continue;
    yield { path: `${post.path}index.html`, posts: [post.id], extra: '', render: () => renderPostPage(post, config, signUp) };
  }
}

/** Every page, rendered (see sitePageJobs). */
export function* renderSitePages(plan: SitePagesPlan, config: Config, signUp?: SignUp): Generator<PageFile> {
  for (const job of sitePageJobs(plan, config, signUp)) yield { path: job.path, content: job.render() };
}
