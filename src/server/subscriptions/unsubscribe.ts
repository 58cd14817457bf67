import { isSuppressed, type Subscriber } from '../../store/store.js';
import type { RouteHandler } from '../router.js';
import type { Endpoints } from './context.js';
import { readBody, sendPage } from './http.js';
import { renderNoticePage, renderUnsubscribedPage, renderUnsubscribePage } from './pages.js';

/** `GET /unsubscribe?token=`: one button (a form that POSTs), or "you are unsubscribed" if so already. */
export function unsubscribePage(endpoints: Endpoints): RouteHandler {
  return async (route) => {
    const linked = await endpoints.subscriberFor(route, 'unsubscribe');
    if (linked === undefined) return;
    const { subscriber } = linked;
    const page = isSuppressed(subscriber.status)
      ? renderUnsubscribedPage(endpoints.site, subscriber.email)
      : renderUnsubscribePage(endpoints.site, subscriber.email);
    sendPage(route.req, route.res, 200, page);
  };
}

/**
 * `POST /unsubscribe?token=`: unsubscribes at once and answers 200, with
 * no page in between: RFC 8058 one-click (the body is
 * `List-Unsubscribe=One-Click`) and the button of the page above alike.
 * Saying it twice is fine; a bounced or complained address stays so.
 */
export function unsubscribeAction(endpoints: Endpoints): RouteHandler {
  return async (route) => {
    // The body says only "One-Click" (RFC 8058), in any encoding: read (at most MAX_FORM_BYTES) and dropped.
    const body = await readBody(route.req);
    const linked = await endpoints.subscriberFor(route, 'unsubscribe');
    if (linked === undefined) return;
    if (!body.ok) {
      sendPage(route.req, route.res, body.status, renderNoticePage(endpoints.site, 'Not unsubscribed', body.message));
      return;
    }
    const after = await unsubscribe(endpoints, linked.subscriber);
    sendPage(route.req, route.res, 200, renderUnsubscribedPage(endpoints.site, after.email));
  };
}

export async function unsubscribe(endpoints: Endpoints, subscriber: Subscriber): Promise<Subscriber> {
  if (isSuppressed(subscriber.status)) return subscriber;
  const after = await endpoints.deps.store.setSubscriberStatus(subscriber.id, 'unsubscribed', { from: ['pending', 'active'] });
  return after ?? subscriber;
}
