import type { Route, RouteContext } from '../../server/router.js';
import { feedDocuments } from '../../feeds/documents.js';
import { blogFeeds } from '../../feeds/index.js';
import type { FeedDocument } from '../../feeds/model.js';
import { issuesChannel } from '../../build/issues-feed.js';
import type { Snapshot } from '../session/snapshot.js';
import { feedMain, feedsMain, type FeedView } from '../ui/feeds-page.js';
import { homeMain } from '../ui/home-page.js';
import { renderPage, type PageModel } from '../ui/layout.js';
import { notFoundMain } from '../ui/not-found.js';
import { postsMain } from '../ui/posts-page.js';
import type { PreviewDeps } from './context.js';
import { pageContext } from './context.js';
import { makeNonce, sendPage } from './respond.js';

/** Renders a page of the preview from the current snapshot. */
export function respondWithPage(deps: PreviewDeps, ctx: RouteContext, status: number, page: (snapshot: Snapshot) => PageModel): void {
  const nonce = makeNonce();
  const context = pageContext(deps, nonce);
  sendPage(ctx.res, status, renderPage(context, page(context.snapshot)), nonce, ctx.req.method === 'HEAD');
}

export function notFound(deps: PreviewDeps, ctx: RouteContext, what: string): void {
  respondWithPage(deps, ctx, 404, () => ({ title: 'Not found', nav: null, kind: 'not-found', main: notFoundMain(what) }));
}

/** The subscription feeds of a snapshot (blog, themes, roundups), made once per snapshot. */
export function subscriptionFeeds(snapshot: Snapshot): readonly FeedDocument[] {
  return snapshot.memo('feeds', () => {
    const blog = blogFeeds(snapshot.posts, snapshot.config).documents;
    const issues = feedDocuments(issuesChannel(snapshot.issues, snapshot.config), snapshot.config);
    return [...blog, ...issues].filter((doc) => doc.kind === 'subscription');
  });
}

const FEED_VIEWS: readonly FeedView[] = ['items', 'rss', 'atom', 'json'];

/** The list pages: roundups (the front page), posts, feeds and one feed. */
export function pageRoutes(deps: PreviewDeps): Route[] {
  return [
    {
      method: 'GET',
      path: '/',
      handler: (ctx) => respondWithPage(deps, ctx, 200, (s) => ({ title: 'Roundups', nav: 'roundups', kind: 'roundups', main: homeMain(s, deps.inbox.url) })),
    },
    {
      method: 'GET',
      path: '/posts',
      handler: (ctx) => respondWithPage(deps, ctx, 200, (s) => ({ title: 'Posts', nav: 'posts', kind: 'posts', main: postsMain(s) })),
    },
    {
      method: 'GET',
      path: '/feeds',
      handler: (ctx) => respondWithPage(deps, ctx, 200, (s) => ({ title: 'Feeds', nav: 'feeds', kind: 'feeds', main: feedsMain(subscriptionFeeds(s)) })),
    },
    {
      method: 'GET',
      path: '/feeds/view',
      handler: (ctx) => {
        const key = ctx.url.searchParams.get('feed') ?? 'feed.xml';
        const asked = ctx.url.searchParams.get('view') ?? 'items';
        const view = FEED_VIEWS.find((v) => v === asked) ?? 'items';
        const doc = subscriptionFeeds(deps.session.current()).find((d) => d.paths.rss === key);
        if (doc === undefined) return notFound(deps, ctx, `There is no feed ${key}.`);
        respondWithPage(deps, ctx, 200, () => ({ title: doc.title, nav: 'feeds', kind: 'feed', main: feedMain(doc, view) }));
      },
    },
  ];
}
