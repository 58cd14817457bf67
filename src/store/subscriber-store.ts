/**
 * Subscribers in the store: the types and the part of the Store interface
 * that keeps them. Addresses arrive already validated and normalised (see
 * src/subscribers/address.ts); the store keeps them unique in any case and
 * applies the suppression rule.
 */

export const SUBSCRIBER_STATUSES = ['pending', 'active', 'unsubscribed', 'bounced', 'complained'] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];

/** Statuses that are never mailed again and never reactivated by an import or a sign-up. */
export const SUPPRESSED_STATUSES: readonly SubscriberStatus[] = ['unsubscribed', 'bounced', 'complained'];

export function isSuppressed(status: SubscriberStatus): boolean {
  return SUPPRESSED_STATUSES.includes(status);
}

export interface Subscriber {
  /** Assigned by the store, never reused. Links do not name it (they name the address: see subscribers/tokens.ts). */
  id: number;
  /** Normalised: domain lower-cased, local part as given. Unique in any case. */
  email: string;
  name: string;
  status: SubscriberStatus;
  /** Theme slugs chosen; empty means every theme. */
  themes: string[];
  /** ISO instants. */
  createdAt: string;
  updatedAt: string;
  /** When the subscriber last became active. */
  confirmedAt: string | null;
  /** When the subscriber last left the list (unsubscribed, bounced or complained). */
  unsubscribedAt: string | null;
}

export interface SubscriberInput {
  email: string;
  /** Undefined keeps the stored name ('' for a new subscriber). */
  name?: string;
  /** Undefined keeps the stored themes (none, i.e. all, for a new subscriber). */
  themes?: readonly string[];
  status: SubscriberStatus;
}

/**
 * What upsertSubscribers did with one input, in the batch's order:
 * - created: a new subscriber;
 * - updated / unchanged: an existing one, changed or not;
 * - suppressed: the address is suppressed (now, or remembered from a removed
 *   subscriber) and the input asked for pending or active: the status was
 *   kept (name and themes are still updated).
 */
export type UpsertOutcome = 'created' | 'updated' | 'unchanged' | 'suppressed';

export interface UpsertResult {
  outcome: UpsertOutcome;
  subscriber: Subscriber;
}

export interface SubscriberQuery {
  status?: SubscriberStatus;
  /** listSubscribers only. */
  limit?: number;
  offset?: number;
}

export interface SubscriberPage {
  status?: SubscriberStatus;
  /** Only ids above this one (keyset pagination); 0 or unset: from the start. */
  afterId?: number;
  /** Page size (required: a page is never the whole list by accident). */
  limit: number;
}

export interface SetStatusOptions {
  /** Change only a subscriber whose current status is one of these (an atomic check-and-set). */
  from?: readonly SubscriberStatus[];
}

/**
 * What unsuppressSubscribers did with one address:
 * - reactivated: a bounced or complained subscriber is active again;
 * - lifted: a removed address remembered as bounced or complained is
 *   forgotten (it can be added again);
 * - not-suppressed: the subscriber is pending or active: nothing to lift;
 * - unsubscribed: refused: leaving was the reader's own choice, which only
 *   the reader undoes (by signing up again);
 * - unknown: no subscriber and no remembered address.
 */
export type UnsuppressOutcome = 'reactivated' | 'lifted' | 'not-suppressed' | 'unsubscribed' | 'unknown';

export interface UnsuppressResult {
  /** As given. */
  email: string;
  outcome: UnsuppressOutcome;
  /** The suppressed status it had (reactivated, lifted, unsubscribed). */
  from?: SubscriberStatus;
  /** The subscriber after the change, when there is one. */
  subscriber?: Subscriber;
}

/** One recorded change to an address's standing, kept by address (it outlives the subscriber's removal). */
export interface SubscriberEvent {
  kind: 'unsuppressed';
  /** The subscriber's id at the time, or null when the address had been removed. */
  subscriberId: number | null;
  /** For 'unsuppressed': the status lifted and the operator's reason. */
  detail: { from: SubscriberStatus; reason: string };
  /** ISO instant. */
  createdAt: string;
}

export interface SubscriberStore {
  /**
   * Inserts or updates a whole batch in one transaction. The suppression
   * rule: an input never turns a suppressed subscriber (unsubscribed,
   * bounced, complained) back into pending or active, and an active one is
   * never sent back to pending; an input that is itself suppressed always
   * applies. An address suppressed and then removed stays suppressed when it
   * comes back. A batch naming one address twice (in any case) is refused whole.
   */
  upsertSubscribers(batch: readonly SubscriberInput[]): Promise<UpsertResult[]>;
  getSubscriber(id: number): Promise<Subscriber | undefined>;
  /** By address, in any case (the domain and the local part). */
  findSubscriberByEmail(email: string): Promise<Subscriber | undefined>;
  /**
   * The subscriber a link made by an earlier version names by row id, only
   * when this store handed out that id before it learnt address-bound links
   * (its upgrade): then the row is the one the link was made for. Undefined
   * for any later id, and so for every id in a store made since (rebuilt from
   * an export, say): such a link acts on nobody rather than on someone else.
   */
  getSubscriberByLegacyLink(id: number): Promise<Subscriber | undefined>;
  /**
   * Sets the status (and confirmedAt / unsubscribedAt). Undefined when there
   * is no such subscriber; with `from`, a subscriber in another status is
   * returned unchanged.
   */
  setSubscriberStatus(id: number, status: SubscriberStatus, options?: SetStatusOptions): Promise<Subscriber | undefined>;
  /** Replaces the chosen themes (empty: all). Undefined when there is no such subscriber. */
  setSubscriberThemes(id: number, themes: readonly string[]): Promise<Subscriber | undefined>;
  /** By id, ascending. */
  listSubscribers(query?: SubscriberQuery): Promise<Subscriber[]>;
  countSubscribers(query?: Pick<SubscriberQuery, 'status'>): Promise<number>;
  /** One page by id, ascending, after `afterId`: walks any number of subscribers with flat memory. */
  streamSubscribers(page: SubscriberPage): Promise<Subscriber[]>;
  /**
   * Deletes a subscriber (and their deliveries). A suppressed address is
   * remembered (as a hash) so that it stays suppressed if it comes back.
   * False when there was no such subscriber.
   */
  removeSubscriber(id: number): Promise<boolean>;
  /**
   * An operator's way back from a bad run, in one transaction: bounced and
   * complained subscribers become active, such removed addresses are no
   * longer remembered, each with an 'unsuppressed' event holding `reason`.
   * Never undoes an unsubscribe. One result per address, in order.
   */
  unsuppressSubscribers(emails: readonly string[], reason: string): Promise<UnsuppressResult[]>;
  /** The events recorded for an address (in any case), oldest first, also after its subscriber was removed. */
  subscriberEvents(email: string): Promise<SubscriberEvent[]>;
}
