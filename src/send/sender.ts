import type { Config } from '../config/schema.js';
import type { Issue } from '../digest/model.js';
import type { DigestTemplates } from '../digest/templates/compile.js';
import type { MailTransport } from '../mail/transport/types.js';
import type { Store } from '../store/store.js';
import { DEFAULT_RETRY, type RetryPolicy } from './backoff.js';
import { checkBreakerOptions, DEFAULT_BREAKER, RefusalBreaker, type BreakerOptions } from './breaker.js';
import { DEFAULT_LEASE_MS, renewClaim } from './claim.js';
import { enqueueDeliveries } from './eligible.js';
import { messageMaker } from './messages.js';
import { emptyTally, type SendOutcome, type SendProgress, type SendReport } from './outcome.js';
import { ownerName } from './owner.js';
import { errorText, sendPending, type Halt, type HeldRefusal } from './send-loop.js';

export type { Refusal, RunTally, SendOutcome, SendProgress, SendReport } from './outcome.js';

/**
 * The sender: sends one issue to everyone it is due to, exactly once as far
 * as SMTP allows, and records every outcome.
 *
 * 1. Takes the issue's claim (draft -> sending; a lease renewed while it
 *    runs): a second sender on the same issue is turned away ('held')
 *    until the lease lapses, whatever it thinks of the holder (claim.ts).
 * 2. Deliveries left in-flight by a sender that stopped (a crash, kill -9)
 *    become unknown: they may or may not have gone, so they are reported
 *    and sent again only when asked (`resendUnknown`).
 * 3. Creates one pending Delivery per eligible subscriber (idempotent).
 * 4. Streams the pending deliveries in pages and sends up to `concurrency`
 *    at once (the SMTP pool's size; its rate limit paces them), each marked
 *    in-flight BEFORE it is handed to the relay and sent only AFTER the relay
 *    accepted it. The "sent" marks are written together, in the write that
 *    comes before the next deliveries are marked in flight (once half the
 *    places in flight are free, so that one commit serves several): so at any time
 *    at most `concurrency` deliveries are in flight in the store, a crash
 *    leaves at most that many in doubt, and a rerun never sends anything
 *    twice.
 * 5. A transient failure (4xx, a dropped connection, a timeout) goes back to
 *    pending with a backoff and is tried again in this run, a few times;
 *    what still fails stays pending for the next run. A refusal about the
 *    recipient (5.1.1 unknown mailbox, a full mailbox) is held by the
 *    breaker (breaker.ts) until the relay has shown it accepts others: then
 *    it is failed, and an unknown mailbox bounces the subscriber; when the
 *    relay refuses (nearly) everyone the breaker trips and the run stops
 *    with nobody failed ('relay-refused'). A refusal about the sender or the
 *    relay (relaying or authentication refused, our sender refused) stops
 *    the run at once ('relay-refused'), as does a fatal error (bad
 *    credentials, TLS: 'fatal'): that delivery goes back to pending,
 *    nothing is failed for it. A connection that broke after a message had
 *    gone and before the relay answered leaves that delivery unknown (the
 *    relay may have it), like a crash does.
 * 6. Finishes the issue (sent) once nothing is pending, in flight or
 *    unknown; otherwise gives the claim up for the next run.
 *
 * A stop (`signal`, e.g. SIGTERM) takes no new deliveries and gives the ones
 * in flight `stopGraceMs` to finish and be recorded; then the transport's
 * connections are closed (`abort`), so that a relay that hangs cannot hold
 * the stop up: a message whose content had gone is recorded unknown (in
 * doubt), one whose content had not goes back to pending. The next run
 * carries on.
 *
 * Every dependency with an effect comes in: the store, the transport, the
 * clock, sleep and the lease timer; nothing here sleeps for real in tests.
 */

export type SenderStore = Pick<
  Store,
  | 'recordIssue'
  | 'claimIssueForSending'
  | 'releaseIssue'
  | 'finishIssue'
  | 'createAudienceDeliveries'
  | 'nextPendingDeliveries'
  | 'markDeliveryInFlight'
  | 'markDeliveriesSent'
  | 'markDeliveryUnknown'
  | 'markDeliveryFailed'
  | 'markDeliveryRetry'
  | 'markInFlightUnknown'
  | 'requeueUnknownDeliveries'
  | 'deliveryCounts'
  | 'streamSubscribers'
  | 'setSubscriberStatus'
>;

export interface SenderDeps {
  readonly store: SenderStore;
  readonly transport: Pick<MailTransport, 'send' | 'classify' | 'abort'>;
  readonly config: Config;
  readonly templates: DigestTemplates;
  /** Signs the unsubscribe and preferences links (subscriptions.secret). */
  readonly secret: string;
  readonly now: () => Date;
  /** Waits `ms`, or less when `signal` aborts. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Calls `fn` every `ms` until the returned function is called (renews the claim). Default: an unref'd setInterval. */
  readonly every?: (ms: number, fn: () => void) => () => void;
  readonly warn?: (message: string) => void;
  readonly onProgress?: (progress: SendProgress) => void;
}

export interface SendOptions {
  /** The issue as computed from the store now (see resolveIssue). */
  readonly issue: Issue;
  /** Send the deliveries in doubt (unknown) again, accepting that some get a second copy. */
  readonly resendUnknown?: boolean;
  /** Who this sender is, in the claim (default: ownerName(): unique by its random part). */
  readonly owner?: string;
  /** Messages handed to the transport at once (default: smtp.pool.maxConnections): the most that can be in doubt after a crash. */
  readonly concurrency?: number;
  /** How long the claim holds unless renewed (default 30 s); renewed every third of it. A crashed sender's issue can be taken over once it lapses. */
  readonly leaseMs?: number;
  readonly retry?: RetryPolicy;
  /** Pending deliveries read at once (default 50). */
  readonly pageSize?: number;
  /** Stops taking new deliveries; those in flight finish and are recorded (see stopGraceMs). */
  readonly signal?: AbortSignal;
  /** After a stop, how long the messages in flight may take before their connections are closed (default 5 s). */
  readonly stopGraceMs?: number;
  /** Transient failures in a row after which the relay is taken to be in trouble and the run stops (default: 50, or 10 per connection). */
  readonly maxDeferredInARow?: number;
  /** When refusals are taken to be the relay's fault, not the recipients' (default DEFAULT_BREAKER: 90% of the last 50 answers, from the 20th). */
  readonly breaker?: Partial<BreakerOptions>;
}

export const DEFAULT_STOP_GRACE_MS = 5_000;
const DEFAULT_PAGE = 50;


export async function sendIssue(deps: SenderDeps, options: SendOptions): Promise<SendReport> {
  const { store, config } = deps;
  const { issue } = options;
  const startedMs = deps.now().getTime();
  const nowIso = (): string => deps.now().toISOString();
  const owner = options.owner ?? ownerName();
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const concurrency = Math.max(1, options.concurrency ?? config.smtp.pool.maxConnections);
  const policy = options.retry ?? DEFAULT_RETRY;
  const pageSize = options.pageSize ?? DEFAULT_PAGE;
  const maxDeferredInARow = options.maxDeferredInARow ?? Math.max(50, 10 * concurrency);
  const breakerOptions = { ...DEFAULT_BREAKER, ...options.breaker };
  checkBreakerOptions(breakerOptions);
  const run = emptyTally();
  const messages = messageMaker({ issue, config, templates: deps.templates, secret: deps.secret, now: deps.now(), ...(deps.warn ? { warn: deps.warn } : {}) });
  const report = async (outcome: SendOutcome, extra: Partial<SendReport> = {}): Promise<SendReport> => ({
    issueId: issue.id,
    subject: issue.subject,
    outcome,
    run,
    counts: await store.deliveryCounts(issue.id),
    elapsedMs: deps.now().getTime() - startedMs,
    variants: messages.compiled,
    unspliced: messages.unspliced,
    ...extra,
  });

  await store.recordIssue({ id: issue.id, number: issue.number, subject: issue.subject });
  // Only a lapsed lease lets another sender in: never a guess that its holder is dead.
  const claim = await store.claimIssueForSending(issue.id, owner, { leaseMs, now: nowIso() });
  if (!claim.claimed) {
    if (claim.reason === 'sent') return report('already-sent');
    if (claim.reason === 'held') return report('held', { heldBy: { owner: claim.issue.owner, until: claim.issue.claimedUntil } });
    throw new Error(`issue ${issue.id} vanished from the store while being claimed`);
  }

  let stop: Halt | null = null;
  const halt = (next: Halt): void => {
    stop ??= next;
  };
  const stopped = (): boolean => stop !== null || options.signal?.aborted === true;

  // Renew the claim while sending; losing it (another sender took over a lapsed lease) stops this one.
  const cancelRenewal = renewClaim({
    store,
    issueId: issue.id,
    owner,
    leaseMs,
    now: nowIso,
    ...(deps.every ? { every: deps.every } : {}),
    ...(deps.warn ? { warn: deps.warn } : {}),
    active: () => stop === null,
    lost: (why) => halt({ reason: 'lost-claim', error: why }),
  });

  try {
    run.unknownFound = await store.markInFlightUnknown(issue.id, { now: nowIso() });
    if (options.resendUnknown) run.requeued = await store.requeueUnknownDeliveries(issue.id, { now: nowIso() });
    run.created = (await enqueueDeliveries(store, issue)).created;
    const before = await store.deliveryCounts(issue.id);
    // What the relay accepted for this issue before this run is evidence too (a rerun's last refusals are judged against it).
    const breaker = new RefusalBreaker<HeldRefusal>(breakerOptions, before.sent);
    await sendPending(deps, {
      messages,
      run,
      breaker,
      total: before.pending,
      concurrency,
      refill: Math.ceil(concurrency / 2),
      policy,
      pageSize,
      maxDeferredInARow,
      stopGraceMs: options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS,
      nowIso,
      stopped,
      halted: () => stop !== null,
      halt,
      next: (limit, now) => store.nextPendingDeliveries(issue.id, limit, { now }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    halt({ reason: 'fatal', error: errorText(error) });
  } finally {
    cancelRenewal();
  }

  const counts = await store.deliveryCounts(issue.id);
  const settled = counts.pending === 0 && counts['in-flight'] === 0 && counts.unknown === 0;
  const halted = stop as Halt | null;
  if (halted?.reason === 'lost-claim') return report('lost-claim', { error: halted.error ?? 'another sender took the issue over' });
  if (settled && halted === null && (await store.finishIssue(issue.id, owner, { now: nowIso() }))) return report('sent');
  await store.releaseIssue(issue.id, owner);
  if (halted !== null) {
    return report(halted.reason, { ...(halted.error === undefined ? {} : { error: halted.error }), ...(halted.refusal === undefined ? {} : { refusal: halted.refusal }) });
  }
  if (options.signal?.aborted) return report('stopped');
  return report(settled ? 'sent' : 'incomplete');
}

