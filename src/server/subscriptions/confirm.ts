import type { RouteHandler } from '../router.js';
import type { Endpoints, LinkedSubscriber } from './context.js';
import { readBody, sendPage } from './http.js';
import { renderConfirmedPage, renderConfirmPage, renderNoticePage } from './pages.js';

/**
 * `GET /confirm?token=`: a page whose one button confirms (a POST). A GET
 * changes nothing, so the link scanner of a reader's company, which opens
 * every link in a mail, cannot confirm for them. An active subscriber sees
 * "you are subscribed" again.
 */
export function confirmPage(endpoints: Endpoints): RouteHandler {
  return async (route) => {
    const linked = await endpoints.subscriberFor(route, 'confirm');
    if (linked === undefined) return;
    const { subscriber } = linked;
    if (subscriber.status === 'active') return sendPage(route.req, route.res, 200, confirmed(endpoints, subscriber.email));
    if (!mayConfirm(linked)) return endpoints.badLink(route.req, route.res);
    sendPage(route.req, route.res, 200, renderConfirmPage(endpoints.site, subscriber.email));
  };
}

/**
 * `POST /confirm?token=`: a pending subscriber becomes active, and so does
 * one who left and asked to come back, by the link sent after that request.
 * A subscriber who has left since a link was made is not brought back by
 * it: the link just does not work.
 */
export function confirmAction(endpoints: Endpoints): RouteHandler {
  return async (route) => {
    const { req, res } = route;
    const body = await readBody(req);
    const linked = await endpoints.subscriberFor(route, 'confirm');
    if (linked === undefined) return;
    if (!body.ok) return sendPage(req, res, body.status, renderNoticePage(endpoints.site, 'Not confirmed', body.message));
    const { subscriber } = linked;
    if (subscriber.status === 'active') return sendPage(req, res, 200, confirmed(endpoints, subscriber.email));
    if (!mayConfirm(linked)) return endpoints.badLink(req, res);
    const after = await endpoints.deps.store.setSubscriberStatus(subscriber.id, 'active', { from: [subscriber.status] });
    if (after?.status !== 'active') return endpoints.badLink(req, res);
    sendPage(req, res, 200, confirmed(endpoints, after.email));
  };
}

/** Pending, or unsubscribed with a link made after they left (the departure it names is their last). Never bounced or complained. */
function mayConfirm({ subscriber, after }: LinkedSubscriber): boolean {
  if (subscriber.status === 'pending') return true;
  if (subscriber.status !== 'unsubscribed' || after === null || subscriber.unsubscribedAt === null) return false;
  return Date.parse(subscriber.unsubscribedAt) === after.getTime();
}

function confirmed(endpoints: Endpoints, email: string): string {
  return renderConfirmedPage(endpoints.site, email, endpoints.links().preferences(email).url);
}
