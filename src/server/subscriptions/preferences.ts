import { isSuppressed } from '../../store/store.js';
import { checkThemes } from '../../subscribers/fields.js';
import type { RouteHandler } from '../router.js';
import type { Endpoints } from './context.js';
import { readForm, sendPage } from './http.js';
import { renderNoticePage, renderPreferencesPage, renderUnsubscribedPage, type PreferencesForm } from './pages.js';
import { unsubscribe } from './unsubscribe.js';

/** `GET /preferences?token=`: the themes to choose, and a way out. */
export function preferencesPage(endpoints: Endpoints): RouteHandler {
  return async (route) => {
    const linked = await endpoints.subscriberFor(route, 'preferences');
    if (linked === undefined) return;
    const { subscriber } = linked;
    const page = isSuppressed(subscriber.status)
      ? renderUnsubscribedPage(endpoints.site, subscriber.email)
      : renderPreferencesPage(endpoints.site, { email: subscriber.email, themes: endpoints.themes, chosen: subscriber.themes });
    sendPage(route.req, route.res, 200, page);
  };
}

/** `POST /preferences?token=`: `action=save` with the ticked `themes` (none: all), or `action=unsubscribe`. */
export function preferencesAction(endpoints: Endpoints): RouteHandler {
  return async (route) => {
    const { req, res } = route;
    const body = await readForm(req);
    const linked = await endpoints.subscriberFor(route, 'preferences');
    if (linked === undefined) return;
    const { subscriber } = linked;
    if (!body.ok) {
      sendPage(req, res, body.status, renderNoticePage(endpoints.site, 'Not saved', body.message));
      return;
    }
    if (body.form.get('action') === 'unsubscribe' || isSuppressed(subscriber.status)) {
      const after = await unsubscribe(endpoints, subscriber);
      sendPage(req, res, 200, renderUnsubscribedPage(endpoints.site, after.email));
      return;
    }
    const form: PreferencesForm = { email: subscriber.email, themes: endpoints.themes, chosen: subscriber.themes };
    const themes = checkThemes(body.form.getAll('themes'), endpoints.themeSlugs);
    if (!themes.ok) {
      const notice = { kind: 'error' as const, text: `${themes.problem}: ${themes.hint}.` };
      sendPage(req, res, 400, renderPreferencesPage(endpoints.site, { ...form, notice }));
      return;
    }
    const saved = await endpoints.deps.store.setSubscriberThemes(subscriber.id, themes.value);
    const chosen = saved?.themes ?? themes.value;
    const text = chosen.length === 0 ? 'Saved: you will get every theme.' : 'Saved: you will get the themes ticked below.';
    sendPage(req, res, 200, renderPreferencesPage(endpoints.site, { ...form, chosen, notice: { kind: 'status', text } }));
  };
}
