import type { Subscriber } from '../store/store.js';
import type { TokenClaims, TokenPurpose, TokenSigner } from './tokens.js';

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
  /** How long a preferences link works. Unsubscribe links never expire. */
  linkDays: number;
}

export interface SubscriberLink {
  url: string;
  /** Null: it never stops working. */
  expires: Date | null;
}

export interface ConfirmLink {
  url: string;
  expires: Date;
}

/** Who a link is for: their address as stored, and (for a confirmation) when they last left. */
export type LinkSubscriber = Pick<Subscriber, 'email' | 'unsubscribedAt'>;

export interface SubscriptionLinks {
  /** For a pending subscriber, or one who left and asked to come back (then only this link, not an older one, brings them back). */
  confirm(subscriber: LinkSubscriber): ConfirmLink;
  /** Also the RFC 8058 one-click target of List-Unsubscribe. Never expires. */
  unsubscribe(email: string): SubscriberLink;
  preferences(email: string): SubscriberLink;
  /** A roundup's two links for one recipient, made of one token (see TokenGrant 'recipient'): as unsubscribe() and preferences() give them. */
  forRecipient(email: string): { unsubscribe: SubscriberLink; preferences: SubscriberLink };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Links for one subscriber, as of `now`, naming them by address (see
 * tokens.ts). Pure apart from the crypto; no store lookup (a send makes one
 * token per recipient, for both links, from the subscriber its page of
 * deliveries carries).
 */
export function subscriptionLinks(signer: TokenSigner, settings: LinkSettings, now: Date): SubscriptionLinks {
  // 'https://example.org/blog' means the folder blog/, not a file blog next to the links.
  const base = settings.baseUrl.endsWith('/') ? settings.baseUrl : `${settings.baseUrl}/`;
  // Resolved once per purpose. A base URL's query and fragment do not carry over.
  const target = (purpose: TokenPurpose): string => new URL(SUBSCRIPTION_PATHS[purpose], base).href;
  const targets = { confirm: target('confirm'), unsubscribe: target('unsubscribe'), preferences: target('preferences') };
  const after = (days: number) => new Date(now.getTime() + days * DAY_MS);
  // A token is base64url: nothing in it needs escaping in a query.
  const url = (purpose: TokenPurpose, claims: Omit<TokenClaims, 'purpose'>) => `${targets[purpose]}?token=${signer.sign({ ...claims, purpose })}`;
  // Made once per send: a recipient's links all expire (as preferences links) at the same instant.
  const recipientExpires = after(settings.linkDays);
  return {
    confirm({ email, unsubscribedAt }) {
      const expires = after(settings.confirmDays);
      return { url: url('confirm', { email, expires, after: unsubscribedAt === null ? null : new Date(unsubscribedAt) }), expires };
    },
    unsubscribe: (email) => ({ url: url('unsubscribe', { email, expires: null }), expires: null }),
    preferences(email) {
      const expires = after(settings.linkDays);
      return { url: url('preferences', { email, expires }), expires };
    },
    forRecipient(email) {
      const token = signer.sign({ email, expires: recipientExpires, purpose: 'recipient' });
      return {
        unsubscribe: { url: `${targets.unsubscribe}?token=${token}`, expires: null },
        preferences: { url: `${targets.preferences}?token=${token}`, expires: recipientExpires },
      };
    },
  };
}
