import { requireSecret } from '../../subscribers/secret.js';
import { SUBSCRIPTION_PATHS } from '../../subscribers/links.js';
import type { Route } from '../router.js';
import { confirmAction, confirmPage } from './confirm.js';
import { createEndpoints } from './context.js';
import type { SubscriptionDeps } from './deps.js';
import { preferencesAction, preferencesPage } from './preferences.js';
import { subscribeAction, subscribePage } from './subscribe.js';
import { unsubscribeAction, unsubscribePage } from './unsubscribe.js';

export type { SubscriptionDeps } from './deps.js';

/**
 * The subscription endpoints, as routes for startServer:
 * GET/POST /subscribe, GET/POST /confirm (the GET only shows the button),
 * GET/POST /unsubscribe (RFC 8058 one-click on POST), GET/POST /preferences. Throws (a TidingsError saying
 * what to set) when no secret is configured: links cannot be signed.
 */
export function subscriptionRoutes(deps: SubscriptionDeps): Route[] {
  const endpoints = createEndpoints(deps, requireSecret(deps.config));
  const path = (name: keyof typeof SUBSCRIPTION_PATHS) => `/${SUBSCRIPTION_PATHS[name]}`;
  return [
    { method: 'GET', path: path('subscribe'), handler: subscribePage(endpoints) },
    { method: 'POST', path: path('subscribe'), handler: subscribeAction(endpoints) },
    { method: 'GET', path: path('confirm'), handler: confirmPage(endpoints) },
    { method: 'POST', path: path('confirm'), handler: confirmAction(endpoints) },
    { method: 'GET', path: path('unsubscribe'), handler: unsubscribePage(endpoints) },
    { method: 'POST', path: path('unsubscribe'), handler: unsubscribeAction(endpoints) },
    { method: 'GET', path: path('preferences'), handler: preferencesPage(endpoints) },
    { method: 'POST', path: path('preferences'), handler: preferencesAction(endpoints) },
  ];
}
