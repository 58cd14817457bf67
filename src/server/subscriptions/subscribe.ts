import { buildConfirmationEmail } from '../../mail/confirmation.js';
import type { Subscriber } from '../../store/store.js';
import { checkAddress } from '../../subscribers/address.js';
import { checkName, checkThemes } from '../../subscribers/fields.js';
import type { RouteHandler } from '../router.js';
import type { Endpoints } from './context.js';
import { clientAddress, trustedProxies } from '../proxy/client-address.js';
import { readForm, sendPage } from './http.js';
import { renderCheckInboxPage, renderNoticePage, renderSubscribePage } from './pages.js';
import { createSignupLimiter } from './signup-limits.js';

/** The sign-up form; `?theme=<slug>` (what a theme's page links to) ticks that theme, unknown slugs are ignored. */
export function subscribePage(endpoints: Endpoints): RouteHandler {
  return ({ req, res, url }) => {
    const themes = url.searchParams.getAll('theme').filter((slug) => endpoints.themeSlugs.includes(slug));
    sendPage(req, res, 200, renderSubscribePage(endpoints.site, { themes: endpoints.themes, ...(themes.length > 0 ? { values: { themes } } : {}) }));
  };
}

/**
 * A sign-up: creates a pending subscriber and sends the confirmation email
 * (double opt-in). The answer is the same whether the address is new,
 * pending, already active, suppressed, or the honeypot was filled in, so
 * the form tells nobody who is subscribed. A new or pending address is
 * mailed, and so is one that unsubscribed (a reader coming back: they stay
 * unsubscribed until they confirm); an active, bounced or complained one
 * never is, and no address more than once per confirmationIntervalMinutes.
 */
export function subscribeAction(endpoints: Endpoints): RouteHandler {
  const { deps, site } = endpoints;
  const settings = deps.config.subscriptions;
  const limits = createSignupLimiter({
    store: deps.store,
    secret: endpoints.secret,
    perClient: { limit: settings.rateLimitPerIp, windowMs: settings.rateLimitWindowMinutes * 60_000 },
    perEmailWindowMs: settings.confirmationIntervalMinutes * 60_000,
    now: () => endpoints.now().getTime(),
  });
  const trusted = trustedProxies(deps.config.server.trustedProxies);

  return async ({ req, res }) => {
    const client = await limits.takeForClient(clientAddress(req.socket.remoteAddress, req.headers, trusted));
    if (!client.ok) {
      const page = renderNoticePage(site, 'Too many sign-ups', 'Too many sign-ups came from your network just now. Please try again in a few minutes.');
      sendPage(req, res, 429, page, { 'retry-after': String(client.retryAfterSeconds) });
      return;
    }
    const body = await readForm(req);
    if (!body.ok) {
      sendPage(req, res, body.status, renderNoticePage(site, 'Not sent', body.message));
      return;
    }
    const form = body.form;
    const values = { email: form.get('email') ?? '', name: form.get('name') ?? '', themes: form.getAll('themes') };
    const again = (error: string) =>
      sendPage(req, res, 400, renderSubscribePage(site, { themes: endpoints.themes, values, error }));

    const address = checkAddress(values.email);
    if (!address.ok) return again(`${address.problem}: ${address.hint}.`);
    const name = checkName(values.name);
    if (!name.ok) return again(`${name.problem}: ${name.hint}.`);
    const themes = checkThemes(values.themes, endpoints.themeSlugs);
    if (!themes.ok) return again(`${themes.problem}: ${themes.hint}.`);

    const done = () => sendPage(req, res, 200, renderCheckInboxPage(site, address.email, settings));
    if ((form.get('website') ?? '') !== '') return done();

    const target = await confirmationTarget(endpoints, address.email, name.value, themes.value);
    if (target === undefined) return done();
    const confirmation = await limits.takeForEmail(address.email);
    if (!confirmation.ok) return done();
    try {
      await deps.transport.send(
        buildConfirmationEmail({
          config: deps.config,
          to: { email: target.email, name: target.name },
          confirm: endpoints.links().confirm(target),
        }),
      );
    } catch (error) {
      // Nothing went out: asking again in a few minutes should work.
      await confirmation.giveBack();
      deps.onError?.(error);
      sendPage(req, res, 503, renderNoticePage(site, 'Not sent', 'The confirmation email could not be sent just now. Please try again in a few minutes.'));
      return;
    }
    done();
  };
}

/**
 * Who gets a confirmation: a new or pending subscriber (stored as pending,
 * name and themes as given), or one who unsubscribed (left as they are until
 * they confirm). Never an active, bounced or complained one, who is not changed.
 */
async function confirmationTarget(endpoints: Endpoints, email: string, name: string, themes: string[]): Promise<Subscriber | undefined> {
  const store = endpoints.deps.store;
  const existing = await store.findSubscriberByEmail(email);
  if (existing?.status === 'unsubscribed') return existing;
  if (existing !== undefined && existing.status !== 'pending') return undefined;
  const [result] = await store.upsertSubscribers([{ email, name, themes, status: 'pending' }]);
  // An address removed while unsubscribed comes back unsubscribed (suppression outlives removal): the same case as above.
  const status = result?.subscriber.status;
  return status === 'pending' || status === 'unsubscribed' ? result?.subscriber : undefined;
}
