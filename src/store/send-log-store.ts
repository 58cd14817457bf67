import type { Subscriber } from './subscriber-store.js';

/**
 * The send log: Issues (one roundup) with their send state, and Deliveries
 * (one Issue to one Subscriber). This is what makes sending resumable and
 * exactly-once as far as SMTP allows: a delivery is marked in-flight before
 * the message is handed to the relay and sent only after the relay accepted
 * it, so a crash in between leaves it in-flight, to be found (as unknown)
 * and decided on by the next run rather than sent twice silently.
 *
 * Methods that depend on the time take `now` (an ISO instant; default: the
 * clock) so that callers and tests control it.
 */

export const ISSUE_STATUSES = ['draft', 'sending', 'sent'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

/** An Issue's send state as stored (its posts and rendering live elsewhere). */
export interface IssueRecord {
  /** e.g. '2019-W31'. */
  id: string;
  number: number;
  subject: string;
  status: IssueStatus;
  /** Who holds the sending claim, while one is held. */
  owner: string | null;
  /** ISO instant the claim lapses unless renewed. */
  claimedUntil: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

export interface IssueInput {
  id: string;
  number: number;
  subject: string;
  /** For a new issue only (default draft). */
  status?: IssueStatus;
}

export interface ClaimOptions {
  now?: string;
  /** How long the claim holds unless renewed (default 30 s). */
  leaseMs?: number;
}

export type IssueClaim =
  | { claimed: true; issue: IssueRecord }
  | { claimed: false; reason: 'missing' }
  | { claimed: false; reason: 'held' | 'sent'; issue: IssueRecord };

export const DELIVERY_STATUSES = ['pending', 'in-flight', 'sent', 'failed', 'unknown', 'skipped'] as const;
/**
 * - pending: to send (again, from notBefore on, after a transient failure);
 * - in-flight: handed to the relay, its answer not yet recorded;
 * - sent: the relay accepted it (not: the recipient read it);
 * - failed: given up on (permanent: the relay refused it for good);
 * - unknown: it may or may not have gone: it was in flight when a sender
 *   stopped, or the connection broke after its content had gone and before
 *   the relay answered;
 * - skipped: the subscriber stopped being active before it was sent.
 */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * The last step of the SMTP conversation a failed attempt reached, when the
 * client's error says it: 'connect' (and 'greeting', 'ehlo', 'starttls',
 * 'auth') before any message, 'mail', 'rcpt' and 'data' for its envelope,
 * 'content' once its content had gone (only then can the relay have it),
 * 'rset' and 'quit' after it.
 */
export const DELIVERY_STEPS = ['connect', 'greeting', 'ehlo', 'starttls', 'auth', 'mail', 'rcpt', 'data', 'content', 'rset', 'quit'] as const;
export type DeliveryStep = (typeof DELIVERY_STEPS)[number];

export interface Delivery {
  id: number;
  issueId: string;
  subscriberId: number;
  status: DeliveryStatus;
  /** Attempts started (each markDeliveryInFlight counts one). */
  attempts: number;
  lastError: string | null;
  /** The SMTP step the attempt of lastError reached, when known. */
  lastStep: DeliveryStep | null;
  /** Set with a failure: true when the relay refused it for good. */
  permanent: boolean | null;
  /**
   * Message-ID of the latest attempt's message, stored when it went in
   * flight: for a delivery in doubt, the one to look for in the relay's log.
   */
  messageId: string | null;
  /** The relay's reply when it took the message (or the note of an operator who settled it). */
  response: string | null;
  /** Not to be retried before this instant. */
  notBefore: string | null;
  createdAt: string;
  updatedAt: string;
  /** When the latest attempt started. */
  attemptStartedAt: string | null;
  sentAt: string | null;
}

/** A delivery ready to send, with its subscriber as they are now. */
export interface PendingDelivery {
  delivery: Delivery;
  subscriber: Subscriber;
}

/** What the relay said when it took a delivery's message. */
export interface SentRecord {
  readonly id: number;
  readonly messageId: string;
  readonly response: string;
}

/** A delivery about to be handed to the relay, and the Message-ID its message carries. */
export interface InFlightStart {
  readonly id: number;
  readonly messageId: string;
}

/** For the methods that record a failure. */
export interface FailureOptions {
  now?: string;
  /** The SMTP step the attempt reached (default: not known). */
  step?: DeliveryStep | null;
}

/** A delivery with its subscriber's address, as `tidings deliveries` lists it. */
export interface DeliveryListing {
  readonly delivery: Delivery;
  readonly email: string;
}

/** Which deliveries findDeliveries returns; every field narrows. */
export interface DeliverySearch {
  issueId?: string;
  status?: DeliveryStatus;
  subscriberId?: number;
  afterId?: number;
  limit?: number;
}

/**
 * An operator's decision on deliveries (`tidings deliveries settle`):
 * - sent: the relay did take it (unknown -> sent);
 * - resend: send it again (unknown or failed -> pending).
 */
export type Settlement = 'sent' | 'resend';
/** The statuses each settlement moves a delivery from. */
export const SETTLEABLE: Readonly<Record<Settlement, readonly DeliveryStatus[]>> = { sent: ['unknown'], resend: ['unknown', 'failed'] };

export type DeliveryCounts = Record<DeliveryStatus, number> & { total: number };

/**
 * A slice of deliveries by id: those with `afterId < id <= throughId` (either
 * end open when left out). A sending worker's page is one (send/queue/page.ts).
 */
export interface DeliveryRange {
  afterId?: number;
  throughId?: number;
}

export interface DeliveryQuery {
  status?: DeliveryStatus;
  afterId?: number;
  limit?: number;
}

export interface IssueStore {
  /**
   * Records an issue. A new one is inserted; an existing draft takes the
   * new number and subject; an issue that is sending or sent is left as it
   * is. Returns the issue as stored.
   */
  recordIssue(issue: IssueInput): Promise<IssueRecord>;
  getIssue(id: string): Promise<IssueRecord | undefined>;
  /** Every recorded issue, by id (so oldest period first for one digest.period). */
  listIssues(): Promise<IssueRecord[]>;
  /**
   * Takes the sending claim atomically: a draft moves to sending; an issue
   * already sending is taken only by its own owner (a renewal) or once its
   * claim has lapsed or was released (a crashed sender's). Never a sent one.
   */
  claimIssueForSending(id: string, owner: string, options?: ClaimOptions): Promise<IssueClaim>;
  /** Gives the claim up (the issue stays sending, for the next run to resume). False when `owner` did not hold it. */
  releaseIssue(id: string, owner: string): Promise<boolean>;
  /** sending -> sent, by the claim's holder. False when `owner` did not hold it. */
  finishIssue(id: string, owner: string, options?: { now?: string }): Promise<boolean>;
}

export interface DeliveryStore {
  /** One pending delivery per subscriber not yet in this issue's log; returns how many were new. Idempotent. */
  createDeliveries(issueId: string, subscriberIds: readonly number[]): Promise<number>;
  /**
   * One pending delivery per active subscriber who follows any of `themes`
   * (every theme of the issue's posts, primary or not: audienceThemes in
   * send/eligible.ts; a subscriber who chose no themes follows them all) and is not yet in this issue's log: the audience
   * send/eligible.ts defines, chosen inside the store. Written in slices of
   * the subscriber list, each its own transaction, so that no other writer
   * waits long. Returns how many were new. Idempotent.
   */
  createAudienceDeliveries(issueId: string, themes: readonly string[]): Promise<number>;
  /**
   * Up to `limit` pending deliveries due at `now`, by id, with their
   * subscribers. On the way, a pending delivery whose subscriber is no longer
   * active is marked skipped (so an unsubscribe during a send is honoured).
   * With a range, only deliveries in it (a worker's page).
   */
  nextPendingDeliveries(issueId: string, limit: number, options?: { now?: string } & DeliveryRange): Promise<PendingDelivery[]>;
  /**
   * pending -> in-flight, counting an attempt and storing the Message-ID of
   * its message, BEFORE the message is handed to the relay. Returns the ids
   * it moved: send only those. `sent` are recorded first, in the same write
   * (as markDeliveriesSent does): a sender settles what the relay took and
   * starts the next ones in one commit.
   */
  markDeliveryInFlight(starts: readonly InFlightStart[], options?: { now?: string; sent?: readonly SentRecord[] }): Promise<number[]>;
  /**
   * in-flight or unknown -> sent, with the Message-ID and the relay's reply,
   * for several deliveries in one write. Returns the ids it moved (a
   * delivery in neither state is left as it is).
   */
  markDeliveriesSent(sent: readonly SentRecord[], options?: { now?: string }): Promise<number[]>;
  /** in-flight -> unknown: the relay may or may not have taken it (the connection broke before it answered). False when it was not in flight. */
  markDeliveryUnknown(id: number, error: string, options?: FailureOptions): Promise<boolean>;
  /** -> failed for good (permanent: the relay refused it; otherwise: retries ran out). */
  markDeliveryFailed(id: number, error: string, permanent: boolean, options?: FailureOptions): Promise<boolean>;
  /** in-flight -> pending again, not before `notBefore` (after a transient failure). */
  markDeliveryRetry(id: number, error: string, notBefore: string, options?: FailureOptions): Promise<boolean>;
  /**
   * in-flight -> unknown for the whole issue: for a sender that has just
   * taken the claim, anything still in-flight was left by one that stopped
   * mid-send (its last error says so; its step is not known). With a range,
   * only deliveries in it: a worker taking up a page whose last worker died.
   * Returns how many.
   */
  markInFlightUnknown(issueId: string, options?: { now?: string } & DeliveryRange): Promise<number>;
  /** unknown -> pending (`--resend-unknown`: accept a possible second copy). Returns how many. */
  requeueUnknownDeliveries(issueId: string, options?: { now?: string }): Promise<number>;
  /**
   * An operator's decision on these deliveries (see Settlement), in one
   * write. `sent` keeps the Message-ID and notes that an operator settled
   * it; `resend` clears `permanent` and the backoff, and an issue that was
   * sent goes back to sending (its claim free), so that the next send sends
   * them. Returns the ids it moved: a delivery in another status is left as
   * it is.
   */
  settleDeliveries(ids: readonly number[], settlement: Settlement, options?: { now?: string }): Promise<number[]>;
  /** settleDeliveries for every delivery of the issue in `status` (one of SETTLEABLE[settlement]). Returns how many. */
  settleIssueDeliveries(issueId: string, status: DeliveryStatus, settlement: Settlement, options?: { now?: string }): Promise<number>;
  /** Deliveries with their subscribers' addresses, by id ascending, of every issue unless narrowed. */
  findDeliveries(search: DeliverySearch): Promise<DeliveryListing[]>;
  /** By id, ascending. */
  listDeliveries(issueId: string, query?: DeliveryQuery): Promise<Delivery[]>;
  deliveryCounts(issueId: string): Promise<DeliveryCounts>;
}
