/**
 * What comes back after a roundup has left: one InboundEvent per thing a
 * receiver, a feedback loop, a relay's webhook or a reader told us. Every
 * way in (the SMTP listener, .eml files, an IMAP mailbox, a provider's
 * webhook) turns what it received into these, and one place applies them to
 * the store. Pure data: no I/O here.
 */

/** What the event means for the subscriber it names. */
export type InboundEventKind =
  /** A permanent failure (5.x.x: unknown user, no such domain): suppress as bounced. */
  | 'bounce-hard'
  /** A temporary failure (4.x.x, delayed): counted; bounced only after several in a window. */
  | 'bounce-soft'
  /** An abuse report (ARF feedback-type abuse, a provider's complaint): suppress as complained. */
  | 'complaint'
  /** Mail to the List-Unsubscribe mailto: address, or a provider's unsubscribe event. */
  | 'unsubscribe'
  /** An auto-reply (RFC 3834 Auto-Submitted, out of office, vacation): counted, never a bounce. */
  | 'auto-reply'
  /** Anything else: counted and kept for review, never applied to anyone. */
  | 'other';

/** Which way in it came by. */
export type InboundSource = 'smtp' | 'file' | 'imap' | 'ses' | 'postmark' | 'mailgun' | 'sendgrid';

export interface InboundEvent {
  readonly kind: InboundEventKind;
  readonly source: InboundSource;
  /** The signed delivery token tidings put in the envelope sender (VERP) or the mailto: address, when the event carries one. */
  readonly deliveryToken: string | null;
  /** The Message-ID of tidings' message the event is about (angle brackets included), when known. */
  readonly messageId: string | null;
  /** The recipient address the event is about, as the report gives it (never the From line of a reply). */
  readonly recipient: string | null;
  /** The enhanced status code (RFC 3463, "5.1.1") or the provider's code, when there is one. */
  readonly status: string | null;
  /** When the receiver or provider says it happened (ISO 8601), else when it reached us. */
  readonly occurredAt: string;
  /** The evidence: the part of the raw report that says what happened, trimmed to a few kB. */
  readonly excerpt: string;
}
