import type { TokenPurpose, TokenSigner } from './tokens.js';

/** Where the subscription endpoints answer, relative to the site's base URL. */
export const SUBSCRIPTION_PATHS = {
  subscribe: 'subscribe',
  confirm: 'confirm',
  unsubscribe: 'unsubscribe',
  preferences: 'preferences',
} as const;

export interface LinkSettings {
  /** The site's public URL (site.baseUrl); the links go below it. */
  baseUrl: string;
  /** How long a confirmation link works. */
  confirmDays: number;
  /** How long unsubscribe and preferences links work (they sit in mail for a long time). */
  linkDays: number;
}

export interface SubscriberLink {
  url: string;
  expires: Date;
}

export interface SubscriptionLinks {
  confirm(subscriberId: number): SubscriberLink;
  /** Also the RFC 8058 one-click target of List-Unsubscribe. */
  unsubscribe(subscriberId: number): SubscriberLink;
  preferences(subscriberId: number): SubscriberLink;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Signed, expiring links for one subscriber, as of `now`. Pure apart from signing. */
export function subscriptionLinks(signer: TokenSigner, settings: LinkSettings, now: Date): SubscriptionLinks {
  // 'https://example.org/blog' means the folder blog/, not a file blog next to the links.
  const base = settings.baseUrl.endsWith('/') ? settings.baseUrl : `${settings.baseUrl}/`;
  // Resolved once per purpose (a send makes two links per recipient). A base URL's query and fragment do not carry over.
  const target = (purpose: TokenPurpose): string => new URL(SUBSCRIPTION_PATHS[purpose], base).href;
  const targets = { confirm: target('confirm'), unsubscribe: target('unsubscribe'), preferences: target('preferences') };
  const link = (purpose: TokenPurpose, days: number, subscriberId: number): SubscriberLink => {
    const expires = new Date(now.getTime() + days * DAY_MS);
    // A token is base64url and a dot: nothing in it needs escaping in a query.
    return { url: `${targets[purpose]}?token=${signer.sign({ subscriberId, purpose, expires })}`, expires };
  };
  return {
    confirm: (id) => link('confirm', settings.confirmDays, id),
    unsubscribe: (id) => link('unsubscribe', settings.linkDays, id),
    preferences: (id) => link('preferences', settings.linkDays, id),
  };
}
