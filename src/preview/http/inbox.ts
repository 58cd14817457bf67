import type { Route, RouteContext } from '../../server/router.js';
import { EMAIL_CSP, framedEmail } from '../email/frame.js';
import type { InboxMessage } from '../inbox/message.js';
import { inboxMain, messageMain } from '../ui/inbox-page.js';
import type { PreviewDeps } from './context.js';
import { notFound, respondWithPage } from './pages.js';
import { fromOwnPage, redirect, sendBody } from './respond.js';

/** The inbox pages: the list, one message (HTML, text, headers, raw source), and emptying it. */
export function inboxRoutes(deps: PreviewDeps): Route[] {
  const withMessage =
    (fn: (ctx: RouteContext, message: InboxMessage) => void) =>
    (ctx: RouteContext): void => {
      const message = deps.inbox.get(Number(ctx.params['id']));
      if (message === undefined) return notFound(deps, ctx, 'There is no such message in the inbox (it keeps the newest 500, and forgets them all when the preview stops).');
      fn(ctx, message);
    };
  return [
    {
      method: 'GET',
      path: '/inbox',
      handler: (ctx) => respondWithPage(deps, ctx, 200, () => ({ title: 'Inbox', nav: 'inbox', kind: 'inbox', main: inboxMain(deps.inbox.list(), deps.inbox.url) })),
    },
    {
      method: 'POST',
      path: '/inbox/clear',
      handler: (ctx) => {
        if (!fromOwnPage(ctx.req)) {
          sendBody(ctx.res, 403, 'Only the preview’s own pages may empty the inbox.\n', { 'content-type': 'text/plain; charset=utf-8' });
          return;
        }
        deps.inbox.clear();
        deps.events.send({ type: 'inbox', count: 0, received: deps.inbox.received });
        redirect(ctx.res, '/inbox');
      },
    },
    {
      method: 'GET',
      path: '/inbox/:id',
      handler: withMessage((ctx, message) =>
        respondWithPage(deps, ctx, 200, () => ({ title: message.subject || 'Message', nav: 'inbox', kind: 'message', main: messageMain(message, ctx.url.searchParams.get('view') ?? '') })),
      ),
    },
    {
      method: 'GET',
      path: '/inbox/:id/html',
      handler: withMessage((ctx, message) => {
        if (message.html === null) return sendBody(ctx.res, 404, 'This message has no HTML part.\n', { 'content-type': 'text/plain; charset=utf-8' });
        sendBody(ctx.res, 200, framedEmail(message.html), { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': EMAIL_CSP }, ctx.req.method === 'HEAD');
      }),
    },
    {
      method: 'GET',
      path: '/inbox/:id/raw',
      handler: withMessage((ctx, message) =>
        sendBody(
          ctx.res,
          200,
          message.raw,
          { 'content-type': 'message/rfc822', 'content-disposition': `attachment; filename="message-${message.id}.eml"` },
          ctx.req.method === 'HEAD',
        ),
      ),
    },
  ];
}
