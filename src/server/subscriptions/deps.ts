import type { Config } from '../../config/schema.js';
import type { MailTransport } from '../../mail/transport/types.js';
import type { Store } from '../../store/store.js';

/** What the subscription endpoints need, handed in by the one wiring point (the serve command). */
export interface SubscriptionDeps {
  config: Config;
  store: Pick<
    Store,
    | 'findSubscriberByEmail'
    | 'getSubscriberByLegacyLink'
    | 'upsertSubscribers'
    | 'setSubscriberStatus'
    | 'setSubscriberThemes'
    | 'takeSignupSlot'
    | 'giveBackSignupSlot'
    | 'pruneSignupSlots'
  >;
  /** Sends the confirmation emails. */
  transport: Pick<MailTransport, 'send'>;
  /**
   * The public URL of the site (default: site.baseUrl), the base of the
   * links in emails. A function, so a server on port 0 can give its
   * address once it listens.
   */
  siteUrl?: () => string;
  now?: () => Date;
  /** Where failures that the visitor only sees as "try again" are reported. */
  onError?: (error: unknown) => void;
}
