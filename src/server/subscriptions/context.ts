import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Subscriber } from '../../store/store.js';
import { subscriptionLinks, type SubscriptionLinks } from '../../subscribers/links.js';
import { createTokenSigner, type TokenPurpose } from '../../subscribers/tokens.js';
import type { RouteContext } from '../router.js';
import type { SubscriptionDeps } from './deps.js';
import { sendPage } from './http.js';
import { renderBadLinkPage, type PageSite, type ThemeChoice } from './pages.js';

/** A subscriber found by a link, with what the link said beyond who (a confirmation's departure). */
export interface LinkedSubscriber {
  subscriber: Subscriber;
  /** Confirmation links: when the subscriber had last left as the link was made (see tokens.ts). */
  after: Date | null;
}

/** What every subscription handler shares: the deps, the signer, the pages' site, the themes. */
export interface Endpoints {
  deps: SubscriptionDeps;
  /** The secret that signs the links (and keys the sign-up limits' hashes). */
  secret: string;
  site: PageSite;
  themes: ThemeChoice[];
  themeSlugs: string[];
  now(): Date;
  links(): SubscriptionLinks;
  /** The subscriber a link's token is for, or undefined after answering 400 (saying nothing more). */
  subscriberFor(route: RouteContext, purpose: TokenPurpose): Promise<LinkedSubscriber | undefined>;
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
    secret,
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
      let subscriber: Subscriber | undefined;
      if (check.ok) {
        const { subject } = check;
        subscriber = 'email' in subject ? await deps.store.findSubscriberByEmail(subject.email) : await deps.store.getSubscriberByLegacyLink(subject.legacyId);
      }
      if (subscriber === undefined || !check.ok) {
        badLink(req, res);
        return undefined;
      }
      return { subscriber, after: check.after };
    },
    badLink,
  };
}
