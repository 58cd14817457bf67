import type { Config } from '../config/schema.js';
import type { Issue } from '../digest/model.js';
import type { DigestTemplates } from '../digest/templates/compile.js';
import { classifySmtpError } from '../mail/transport/classify.js';
import type { MailTransport } from '../mail/transport/types.js';
import type { DeliveryCounts, PendingDelivery, SentRecord, Store } from '../store/store.js';
import { backoffMs, DEFAULT_RETRY, retriesLeft, type RetryPolicy } from './backoff.js';
import { enqueueDeliveries } from './eligible.js';
import { messageMaker, type MessageMaker, type OutgoingRaw } from './messages.js';
import { ownerIsGone, ownerName } from './owner.js';

/**
 * The sender: sends one issue to everyone it is due to, exactly once as far
 * as SMTP allows, and records every outcome.
 *
 * 1. Takes the issue's claim (draft -> sending; a lease renewed while it
 *    runs): a second sender on the same issue is turned away ('held').
 * 2. Deliveries left in-flight by a sender that stopped (a crash, kill -9)
 *    become unknown: they may or may not have gone, so they are reported
 *    and sent again only when asked (`resendUnknown`).
 * 3. Creates one pending Delivery per eligible subscriber (idempotent).
 * 4. Streams the pending deliveries in pages and sends up to `concurrency`
 *    at once (the SMTP pool's size; its rate limit paces them), each marked
 *    in-flight BEFORE it is handed to the relay and sent only AFTER the relay
 *    accepted it. The "sent" marks are written together, in the write that
 *    comes before the next deliveries are marked in flight: so at any time
 *    at most `concurrency` deliveries are in flight in the store, a crash
 *    leaves at most that many in doubt, and a rerun never sends anything
 *    twice.
 * 5. A transient failure (4xx, a dropped connection, a timeout) goes back to
 *    pending with a backoff and is tried again in this run, a few times;
 *    what still fails stays pending for the next run. A permanent one (5xx)
 *    is failed, and an unknown mailbox bounces the subscriber. A fatal one
 *    (bad credentials, TLS, the sender refused) stops the run: that delivery
 *    goes back to pending, nothing is failed for it. A connection that
 *    broke after a message had gone and before the relay answered leaves
 *    that delivery unknown (the relay may have it), like a crash does.
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
  readonly transport: Pick<MailTransport, 'send' | 'abort'>;
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
  /** Whether the claim's holder is certainly gone (a process of this host that exited): then its claim is taken over at once. Default: ownerIsGone. */
  readonly holderIsGone?: (owner: string) => boolean;
}

export interface SendOptions {
  /** The issue as computed from the store now (see resolveIssue). */
  readonly issue: Issue;
  /** Send the deliveries in doubt (unknown) again, accepting that some get a second copy. */
  readonly resendUnknown?: boolean;
  /** Who this sender is, in the claim (default: host, pid and a random part). */
  readonly owner?: string;
  /** Messages handed to the transport at once (default: smtp.pool.maxConnections): the most that can be in doubt after a crash. */
  readonly concurrency?: number;
  /** How long the claim holds unless renewed (default 60 s); renewed every third of it. */
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
}

export interface SendProgress {
  /** Deliveries this run has settled (sent, failed, or left pending), of `total` pending when it started. */
  readonly done: number;
  readonly total: number;
  readonly sent: number;
  readonly failed: number;
}

/**
 * - sent: the issue is complete (nothing pending, in flight or unknown);
 * - incomplete: the run ended with deliveries pending (temporary failures) or unknown;
 * - stopped: asked to stop (SIGTERM); the next run carries on;
 * - deferred: the relay deferred so many messages in a row that the run stopped;
 * - fatal: the relay refused the setup (credentials, TLS, sender) or a message could not be made; `error` says why;
 * - held: another sender holds the issue;
 * - lost-claim: another sender took the issue over during the run (this one's lease had lapsed);
 * - already-sent: the issue had been sent before: nothing to do.
 */
export type SendOutcome = 'sent' | 'incomplete' | 'stopped' | 'deferred' | 'fatal' | 'held' | 'lost-claim' | 'already-sent';

export interface SendReport {
  readonly issueId: string;
  readonly subject: string;
  readonly outcome: SendOutcome;
  /** What this run did. */
  readonly run: RunTally;
  /** The issue's deliveries as the run left them. */
  readonly counts: DeliveryCounts;
  /** For 'held': who holds it, and until when unless renewed. */
  readonly heldBy?: { readonly owner: string | null; readonly until: string | null };
  /** For 'fatal' and 'deferred': the reason. */
  readonly error?: string;
  readonly elapsedMs: number;
  /** Variants rendered, and those whose messages were composed whole (slow) with why. */
  readonly variants: number;
  readonly unspliced: ReadonlyMap<string, string>;
}

export interface RunTally {
  /** New deliveries created (subscribers who had none for this issue). */
  created: number;
  /** Deliveries found in flight from a sender that stopped, now unknown. */
  unknownFound: number;
  /** Unknown deliveries put back to pending (resendUnknown). */
  requeued: number;
  sent: number;
  /** Failed for good this run (the relay refused them). */
  failed: number;
  /** Of those, unknown mailboxes: their subscribers are now bounced. */
  bounced: number;
  /** Attempts that failed for a passing reason and were tried again in this run. */
  retried: number;
  /** Deliveries still failing for a passing reason after the last attempt: pending for the next run. */
  deferred: number;
  /** The last passing failure seen, and when the deferred ones may be tried again. */
  lastDeferral: string | null;
  nextAttemptAt: string | null;
  /** Subscribers who no longer follow any theme of the issue: not sent (recorded as failed, not permanent). */
  dropped: number;
  /** Messages whose connection broke after they had gone, before the relay answered: now unknown. */
  inDoubt: number;
}

const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_STOP_GRACE_MS = 5_000;
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
  const run: RunTally = {
    created: 0,
    unknownFound: 0,
    requeued: 0,
    sent: 0,
    failed: 0,
    bounced: 0,
    retried: 0,
    deferred: 0,
    lastDeferral: null,
    nextAttemptAt: null,
    dropped: 0,
    inDoubt: 0,
  };
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
  let claim = await store.claimIssueForSending(issue.id, owner, { leaseMs, now: nowIso() });
  const holder = claim.claimed || claim.reason !== 'held' ? null : claim.issue.owner;
  if (holder !== null && (deps.holderIsGone ?? ownerIsGone)(holder)) {
    // Its sender was killed: nobody is sending; take over now rather than when the lease runs out.
    deps.warn?.(`issue ${issue.id} was claimed by ${holder}, which has stopped: taking over`);
    await store.releaseIssue(issue.id, holder);
    claim = await store.claimIssueForSending(issue.id, owner, { leaseMs, now: nowIso() });
  }
  if (!claim.claimed) {
    if (claim.reason === 'sent') return report('already-sent');
    if (claim.reason === 'held') return report('held', { heldBy: { owner: claim.issue.owner, until: claim.issue.claimedUntil } });
    throw new Error(`issue ${issue.id} vanished from the store while being claimed`);
  }

  let stop: { reason: 'fatal' | 'lost-claim' | 'deferred'; error?: string } | null = null;
  const halt = (reason: 'fatal' | 'lost-claim' | 'deferred', error?: string): void => {
    stop ??= { reason, ...(error === undefined ? {} : { error }) };
  };
  const stopped = (): boolean => stop !== null || options.signal?.aborted === true;

  // Renew the claim while sending; losing it (another sender took over a lapsed lease) stops this one.
  const every = deps.every ?? ((ms: number, fn: () => void) => {
    const timer = setInterval(fn, ms);
    timer.unref();
    return () => clearInterval(timer);
  });
  let renewing = false;
  const cancelRenewal = every(Math.max(1, Math.floor(leaseMs / 3)), () => {
    if (renewing || stop !== null) return;
    renewing = true;
    store
      .claimIssueForSending(issue.id, owner, { leaseMs, now: nowIso() })
      .then((renewed) => {
        if (!renewed.claimed) halt('lost-claim', renewed.reason === 'held' ? `now held by ${renewed.issue.owner ?? 'another sender'}` : `the issue is ${renewed.reason}`);
      })
      .catch((error: unknown) => deps.warn?.(`could not renew the claim on issue ${issue.id} (will try again): ${errorText(error)}`))
      .finally(() => {
        renewing = false;
      });
  });

  try {
    run.unknownFound = await store.markInFlightUnknown(issue.id, { now: nowIso() });
    if (options.resendUnknown) run.requeued = await store.requeueUnknownDeliveries(issue.id, { now: nowIso() });
    run.created = (await enqueueDeliveries(store, issue)).created;
    const total = (await store.deliveryCounts(issue.id)).pending;
    const stopGraceMs = options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
    await sendPending(deps, { issue, messages, run, total, concurrency, policy, pageSize, maxDeferredInARow, stopGraceMs, nowIso, stopped, halt, ...(options.signal ? { signal: options.signal } : {}) });
  } catch (error) {
    halt('fatal', errorText(error));
  } finally {
    cancelRenewal();
  }

  const counts = await store.deliveryCounts(issue.id);
  const settled = counts.pending === 0 && counts['in-flight'] === 0 && counts.unknown === 0;
  const halted = stop as { reason: 'fatal' | 'lost-claim' | 'deferred'; error?: string } | null;
  if (halted?.reason === 'lost-claim') return report('lost-claim', { error: halted.error ?? 'another sender took the issue over' });
  if (settled && halted === null && (await store.finishIssue(issue.id, owner, { now: nowIso() }))) return report('sent');
  await store.releaseIssue(issue.id, owner);
  if (halted !== null) return report(halted.reason, halted.error === undefined ? {} : { error: halted.error });
  if (options.signal?.aborted) return report('stopped');
  return report(settled ? 'sent' : 'incomplete');
}

interface LoopState {
  readonly issue: Issue;
  readonly messages: MessageMaker;
  readonly run: RunTally;
  readonly total: number;
  readonly concurrency: number;
  readonly policy: RetryPolicy;
  readonly pageSize: number;
  readonly maxDeferredInARow: number;
  readonly stopGraceMs: number;
  readonly signal?: AbortSignal;
  nowIso(): string;
  stopped(): boolean;
  halt(reason: 'fatal' | 'deferred', error?: string): void;
}

/** The loop: pages of pending deliveries, at most `concurrency` in flight, outcomes recorded as they come. */
async function sendPending(deps: SenderDeps, state: LoopState): Promise<void> {
  const { store, transport } = deps;
  const { issue, run, policy } = state;
  /** Attempts handed to the transport and not yet settled, and the loop's wake-up when one settles. */
  let running = 0;
  let wake: (() => void) | null = null;
  const oneSettles = (): Promise<void> =>
    new Promise((resolve) => {
      wake = resolve;
    });
  /** Deliveries waiting for their next attempt in this run: id -> not before (ms). */
  const waiting = new Map<number, number>();
  /** Transient failures so far in this run, by delivery. */
  const failures = new Map<number, number>();
  let deferredInARow = 0;
  let done = 0;
  /** Deliveries the relay took whose "sent" is not written yet (see flushSent). */
  const accepted: SentRecord[] = [];

  const progress = (): void => deps.onProgress?.({ done, total: state.total, sent: run.sent, failed: run.failed });

  const recordFailure = async (item: PendingDelivery, error: unknown): Promise<void> => {
    const id = item.delivery.id;
    const failure = classifySmtpError(error);
    if (failure.fatal) {
      // The setup's fault, not this message's: back to pending, untouched, and stop.
      await store.markDeliveryRetry(id, failure.reason, state.nowIso(), { now: state.nowIso() });
      state.halt('fatal', `the relay refused the setup: ${failure.reason}`);
      return;
    }
    if (failure.kind === 'in-doubt') {
      await store.markDeliveryUnknown(id, failure.reason, { now: state.nowIso() });
      failures.delete(id);
      run.inDoubt += 1;
      done += 1;
      deferredInARow += 1;
      return;
    }
    if (failure.kind === 'transient') {
      const count = (failures.get(id) ?? 0) + 1;
      const notBefore = deps.now().getTime() + backoffMs(count, policy);
      await store.markDeliveryRetry(id, failure.reason, new Date(notBefore).toISOString(), { now: state.nowIso() });
      run.lastDeferral = failure.reason;
      if (retriesLeft(count, policy)) {
        failures.set(id, count);
        waiting.set(id, notBefore);
        run.retried += 1;
      } else {
        failures.delete(id);
        run.deferred += 1;
        done += 1;
        const at = new Date(notBefore).toISOString();
        if (run.nextAttemptAt === null || at > run.nextAttemptAt) run.nextAttemptAt = at;
      }
      deferredInARow += 1;
      if (deferredInARow >= state.maxDeferredInARow) {
        state.halt('deferred', `the relay deferred ${deferredInARow} messages in a row (last: ${failure.reason})`);
      }
      return;
    }
    deferredInARow = 0;
    failures.delete(id);
    await store.markDeliveryFailed(id, failure.reason, true, { now: state.nowIso() });
    run.failed += 1;
    done += 1;
    if (failure.kind === 'unknown-mailbox') {
      const subscriber = await store.setSubscriberStatus(item.subscriber.id, 'bounced', { from: ['active'] });
      if (subscriber?.status === 'bounced') run.bounced += 1;
    }
  };

  const attempt = async (item: PendingDelivery, message: OutgoingRaw): Promise<void> => {
    try {
      let response: string;
      try {
        response = (await transport.send({ raw: message.raw, rawIsCrlf: true, messageId: message.messageId, envelope: { from: message.envelope.from, to: [...message.envelope.to] } })).response;
      } catch (error) {
        await recordFailure(item, error);
        progress();
        return;
      }
      // Written with the next batch (flushSent); counted then.
      accepted.push({ id: item.delivery.id, messageId: message.messageId, response });
      failures.delete(item.delivery.id);
      deferredInARow = 0;
    } catch (error) {
      // The store could not record an outcome: stop; the delivery stays in flight and the next run reports it as unknown.
      state.halt('fatal', `could not record a delivery: ${errorText(error)}`);
    }
  };

  /**
   * Writes the "sent" of the messages the relay took since the last write.
   * They are written before (or with) new deliveries being marked in
   * flight, so that the store never holds more than `concurrency` in flight:
   * a crash in between leaves those taken-but-unrecorded ones in flight, to
   * be reported unknown, never sent twice.
   */
  const flushSent = async (): Promise<void> => {
    if (accepted.length === 0) return;
    const batch = accepted.splice(0);
    await store.markDeliveriesSent(batch, { now: state.nowIso() });
    countSent(batch.length);
  };
  const countSent = (count: number): void => {
    if (count === 0) return;
    run.sent += count;
    done += count;
    progress();
  };

  /** Makes the messages of `items`, marks them in flight in one write, and hands them to the transport. */
  const start = async (items: readonly PendingDelivery[]): Promise<void> => {
    const ready: { item: PendingDelivery; message: OutgoingRaw }[] = [];
    for (const item of items) {
      const message = await state.messages.forSubscriber(item.subscriber);
      if (message !== null) {
        ready.push({ item, message });
        continue;
      }
      await store.markDeliveryFailed(item.delivery.id, 'not sent: the subscriber no longer follows any theme of this issue', false, { now: state.nowIso() });
      run.dropped += 1;
      done += 1;
      progress();
    }
    if (ready.length === 0) {
      await flushSent();
      return;
    }
    // What the relay took since the last write is recorded in the same write, first.
    const settled = accepted.splice(0);
    const moved = new Set(await store.markDeliveryInFlight(ready.map((r) => r.item.delivery.id), { now: state.nowIso(), sent: settled }));
    countSent(settled.length);
    for (const { item, message } of ready) {
      if (!moved.has(item.delivery.id)) continue;
      waiting.delete(item.delivery.id);
      running += 1;
      // attempt() records every outcome itself and never rejects.
      void attempt(item, message).then(() => {
        running -= 1;
        const resume = wake;
        wake = null;
        resume?.();
      });
    }
  };

  // A stop wakes the loop, which may be waiting for an attempt that a hanging relay never settles.
  const wakeOnStop = (): void => {
    const resume = wake;
    wake = null;
    resume?.();
  };
  state.signal?.addEventListener('abort', wakeOnStop, { once: true });
  try {
    outer: while (!state.stopped()) {
      const asOf = deps.now().getTime();
      const page = await store.nextPendingDeliveries(issue.id, state.pageSize, { now: new Date(asOf).toISOString() });
      if (page.length === 0) {
        if (running > 0) {
          await oneSettles();
          await flushSent();
          continue;
        }
        // A retry that was due would have been in the page: it was settled some other way (e.g. skipped: unsubscribed).
        for (const [id, at] of waiting) if (at <= asOf) waiting.delete(id);
        if (waiting.size === 0) break;
        // Only retries are left: wait for the first of them to be due.
        let first = Infinity;
        for (const at of waiting.values()) first = Math.min(first, at);
        const ms = first - deps.now().getTime();
        if (ms > 0) await deps.sleep(ms, state.signal);
        continue;
      }
      // As many as there are free places in flight, marked in one write (one commit for several).
      for (let next = 0; next < page.length; ) {
        if (running >= state.concurrency) {
          while (running >= state.concurrency && !state.stopped()) await oneSettles();
          // Let the other replies that have come in be recorded first: more free places, one commit for all of them.
          await new Promise((resolve) => setImmediate(resolve));
        }
        if (state.stopped()) break outer;
        const batch = page.slice(next, next + state.concurrency - running);
        next += batch.length;
        await start(batch);
      }
    }
  } finally {
    state.signal?.removeEventListener('abort', wakeOnStop);
    if (state.signal?.aborted === true) await stopInFlight();
    while (running > 0) await oneSettles();
    await flushSent();
  }

  /**
   * A stop on request: the attempts in flight get `stopGraceMs` to settle,
   * then the transport closes their connections, which settles every one
   * of them (in doubt when its content had gone, else back to pending).
   */
  async function stopInFlight(): Promise<void> {
    if (running === 0) return;
    const grace = new AbortController();
    const settledAll = (async () => {
      while (running > 0) await oneSettles();
    })();
    const timedOut = deps.sleep(state.stopGraceMs, grace.signal).then(() => !grace.signal.aborted);
    const late = await Promise.race([settledAll.then(() => false), timedOut]);
    grace.abort();
    if (late && running > 0) {
      deps.warn?.(`${running} message(s) still in flight ${Math.round(state.stopGraceMs / 1000)} s after the stop: closing the relay connections (a message whose content had gone stays in doubt: unknown)`);
      transport.abort?.();
    }
    await settledAll;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
