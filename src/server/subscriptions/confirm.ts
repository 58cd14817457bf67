import type { RouteHandler } from '../router.js';
import type { Endpoints } from './context.js';
import { sendPage } from './http.js';
import { renderConfirmedPage } from './pages.js';

/**
 * `GET /confirm?token=`: a pending subscriber becomes active; an active one
 * sees the same page again. A subscriber who has left since is not brought
 * back by an old confirmation link: the link just does not work. A HEAD
 * (link checkers) changes nothing.
 */
export function confirmAction(endpoints: Endpoints): RouteHandler {
  return async (route) => {
    const subscriber = await endpoints.subscriberFor(route, 'confirm');
    if (subscriber === undefined) return;
    const { req, res } = route;
    if (req.method === 'HEAD') {
      sendPage(req, res, 200, '');
      return;
    }
    const after = await endpoints.deps.store.setSubscriberStatus(subscriber.id, 'active', { from: ['pending'] });
    if (after?.status !== 'active') {
      endpoints.badLink(req, res);
      return;
    }
    sendPage(req, res, 200, renderConfirmedPage(endpoints.site, after.email, endpoints.links().preferences(after.id).url));
  };
}
