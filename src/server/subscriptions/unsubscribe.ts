import { isSuppressed, type Subscriber } from '../../store/store.js';
import type { RouteHandler } from '../router.js';
import type { Endpoints } from './context.js';
import { discardBody, sendPage } from './http.js';
import { renderUnsubscribedPage, renderUnsubscribePage } from './pages.js';

/** `GET /unsubscribe?token=`: one button (a form that POSTs), or "you are unsubscribed" if so already. */
export function unsubscribePage(endpoints: Endpoints): RouteHandler {
  return async (route) => {
    const subscriber = await endpoints.subscriberFor(route, 'unsubscribe');
    if (subscriber === undefined) return;
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
    await discardBody(route.req);
    const subscriber = await endpoints.subscriberFor(route, 'unsubscribe');
    if (subscriber === undefined) return;
    const after = await unsubscribe(endpoints, subscriber);
    sendPage(route.req, route.res, 200, renderUnsubscribedPage(endpoints.site, after.email));
  };
}

export async function unsubscribe(endpoints: Endpoints, subscriber: Subscriber): Promise<Subscriber> {
  if (isSuppressed(subscriber.status)) return subscriber;
  const after = await endpoints.deps.store.setSubscriberStatus(subscriber.id, 'unsubscribed', { from: ['pending', 'active'] });
  return after ?? subscriber;
}
