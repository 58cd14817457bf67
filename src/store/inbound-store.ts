import type { InboundEventKind, InboundSource } from '../inbound/event.js';
import type { Subscriber, SubscriberStatus } from './subscriber-store.js';

/**
 * What came back after a send (bounces, complaints, mailto unsubscribes,
 * auto-replies), kept as evidence: one row per event, with the delivery
 * and the subscriber it was matched to, what it did, the status code and
 * an excerpt of the report. See src/inbound/apply.ts.
 */

/**
 * What an event did:
 * - applied: it changed the subscriber's status (bounced, complained, unsubscribed);
 * - counted: it names a delivery and was counted (a soft bounce below the
 *   limit, an auto-reply, a subscriber already suppressed);
 * - review: it names no delivery tidings made (no valid token, no matching
 *   Message-ID and recipient): kept for an operator, applied to nobody;
 * - ignored: it means nothing for anyone (a delivered DSN, a stray message).
 */
export const INBOUND_OUTCOMES = ['applied', 'counted', 'review', 'ignored'] as const;
export type InboundOutcome = (typeof INBOUND_OUTCOMES)[number];

export interface InboundRecord {
  /** Identifies the event whichever way it came in: the same report fed twice is stored (and applied) once. */
  fingerprint: string;
  kind: InboundEventKind;
  source: InboundSource;
  outcome: InboundOutcome;
  deliveryId: number | null;
  issueId: string | null;
  subscriberId: number | null;
  /** The matched subscriber's address: the event stays findable by it after the subscriber is removed. */
  subscriberEmail: string | null;
  recipient: string | null;
  status: string | null;
  messageId: string | null;
  /** ISO instants. */
  occurredAt: string;
  receivedAt: string;
  /** What tidings made of it, in words ("bounced: 5.1.1", "soft bounce 2 of 3 in 30 days"). */
  detail: string;
  excerpt: string;
}

export interface StoredInboundEvent extends InboundRecord {
  id: number;
}

/** A delivery an event may be about, with its subscriber as they are now. */
export interface InboundDeliveryMatch {
  deliveryId: number;
  issueId: string;
  messageId: string | null;
  subscriber: Subscriber;
}

/** A status change applied with an event, in the same transaction: only from one of `from`. */
export interface InboundStatusChange {
  subscriberId: number;
  to: SubscriberStatus;
  from: readonly SubscriberStatus[];
}

/** Per issue (or, without one, over every event): distinct subscribers per kind, and events kept for review. */
export interface InboundReport {
  bouncedHard: number;
  bouncedSoft: number;
  complained: number;
  unsubscribed: number;
  autoReplies: number;
  /** Events that named no delivery (only without an issue: they belong to none). */
  review: number;
  ignored: number;
}

export interface InboundStore {
  inboundDelivery(deliveryId: number): Promise<InboundDeliveryMatch | undefined>;
  inboundDeliveryByMessageId(messageId: string): Promise<InboundDeliveryMatch | undefined>;
  /**
   * Stores the event and, in the same transaction, the status change. A
   * fingerprint already stored writes nothing (recorded: false). When the
   * change does not apply (the subscriber is in none of `from`), the event
   * is stored as counted, not applied.
   */
  recordInboundEvent(record: InboundRecord, change?: InboundStatusChange): Promise<{ recorded: boolean; outcome: InboundOutcome; subscriber?: Subscriber }>;
  /** How many distinct deliveries of this subscriber (other than `besides`) have a soft bounce received at or after `since`. */
  softBouncedDeliveries(subscriberId: number, since: string, besides?: number): Promise<number>;
  /** The events matched to an address (in any case), oldest first, also after its subscriber was removed. */
  inboundEventsFor(email: string): Promise<StoredInboundEvent[]>;
  /** Events kept for review, newest first. */
  inboundEventsForReview(limit: number): Promise<StoredInboundEvent[]>;
  inboundReport(issueId?: string): Promise<InboundReport>;
}
