import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Subscriber } from '../../store/store.js';
import { subscriptionLinks, type SubscriptionLinks } from '../../subscribers/links.js';
import { createTokenSigner, type TokenPurpose } from '../../subscribers/tokens.js';
import type { RouteContext } from '../router.js';
import type { SubscriptionDeps } from './deps.js';
import { sendPage } from './http.js';
import { renderBadLinkPage, type PageSite, type ThemeChoice } from './pages.js';

/** What every subscription handler shares: the deps, the signer, the pages' site, the themes. */
export interface Endpoints {
  deps: SubscriptionDeps;
  site: PageSite;
  themes: ThemeChoice[];
  themeSlugs: string[];
  now(): Date;
  links(): SubscriptionLinks;
  /** The subscriber a link's token is for, or undefined after answering 400 (saying nothing more). */
  subscriberFor(route: RouteContext, purpose: TokenPurpose): Promise<Subscriber | undefined>;
  badLink(req: IncomingMessage, res: ServerResponse): void;
}

export function createEndpoints(deps: SubscriptionDeps, secret: string): Endpoints {
  const { config } = deps;
  const signer = createTokenSigner(secret);
  const now = deps.now ?? (() => new Date());
  const site = { title: config.site.title, language: config.site.language };
  const themes = config.themes.map((theme) => ({ slug: theme.slug, name: theme.name, description: theme.description }));
  const badLink = (req: IncomingMessage, res: ServerResponse) => sendPage(req, res, 400, renderBadLinkPage(site));

  return {
    deps,
    site,
    themes,
    themeSlugs: themes.map((theme) => theme.slug),
    now,
    links: () =>
      subscriptionLinks(
        signer,
        {
          baseUrl: deps.siteUrl?.() ?? config.site.baseUrl,
          confirmDays: config.subscriptions.confirmDays,
          linkDays: config.subscriptions.linkDays,
        },
        now(),
      ),
    async subscriberFor({ req, res, url }, purpose) {
      const check = signer.verify(url.searchParams.get('token') ?? '', purpose, now());
      const subscriber = check.ok ? await deps.store.getSubscriber(check.subscriberId) : undefined;
      if (subscriber === undefined) badLink(req, res);
      return subscriber;
    },
    badLink,
  };
}
