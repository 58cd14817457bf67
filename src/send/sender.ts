import type { Config } from '../config/schema.js';
import type { Issue } from '../digest/model.js';
import type { DigestTemplates } from '../digest/templates/compile.js';
import type { MailTransport, TransportFailure } from '../mail/transport/types.js';
import type { PendingDelivery, SentRecord, Store } from '../store/store.js';
import { isMailableAddress } from '../subscribers/address.js';
import { backoffMs, DEFAULT_RETRY, retriesLeft, type RetryPolicy } from './backoff.js';
import { checkBreakerOptions, DEFAULT_BREAKER, RefusalBreaker, type BreakerOptions, type Trip, type Verdict } from './breaker.js';
import { DEFAULT_LEASE_MS, renewClaim } from './claim.js';
import { enqueueDeliveries } from './eligible.js';
import { messageMaker, type MessageMaker, type OutgoingRaw } from './messages.js';
import { emptyTally, type Refusal, type RunTally, type SendOutcome, type SendProgress, type SendReport } from './outcome.js';
import { ownerName } from './owner.js';

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

const DEFAULT_STOP_GRACE_MS = 5_000;
const DEFAULT_PAGE = 50;

/** Why a run stopped before its deliveries ran out (a stop on request is the signal's). */
interface Halt {
  readonly reason: 'fatal' | 'lost-claim' | 'deferred' | 'relay-refused';
  readonly error?: string;
  readonly refusal?: Refusal;
}

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
      issue,
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

/** A delivery whose message is made, not yet in flight. */
interface Ready {
  readonly item: PendingDelivery;
  readonly message: OutgoingRaw;
}

/** A refusal about one recipient, held until the breaker says whether it stands. */
interface HeldRefusal {
  readonly item: PendingDelivery;
  readonly failure: TransportFailure;
  /** The SMTP step it was refused at, for the delivery log. */
  readonly step: TransportFailure['step'];
}

interface LoopState {
  readonly issue: Issue;
  readonly messages: MessageMaker;
  readonly run: RunTally;
  readonly breaker: RefusalBreaker<HeldRefusal>;
  readonly total: number;
  readonly concurrency: number;
  /** Deliveries marked in flight at once: half of `concurrency` (the loop waits for that many free places). */
  readonly refill: number;
  readonly policy: RetryPolicy;
  readonly pageSize: number;
  readonly maxDeferredInARow: number;
  readonly stopGraceMs: number;
  readonly signal?: AbortSignal;
  nowIso(): string;
  /** Stopped or asked to stop. */
  stopped(): boolean;
  /** Stopped for a reason of its own (not on request). */
  halted(): boolean;
  halt(why: Halt): void;
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
  /**
   * Refused deliveries the breaker holds: pending again in the store (so a
   * crash leaves them to be tried again, never lost or in doubt), left out
   * of this run's pages until the breaker decides.
   */
  const held = new Set<number>();

  const progress = (): void => deps.onProgress?.({ done, total: state.total, sent: run.sent, failed: run.failed });

  const recordFailure = async (item: PendingDelivery, error: unknown): Promise<void> => {
    const id = item.delivery.id;
    const failure = transport.classify(error);
    const at = { now: state.nowIso(), step: failure.step };
    if (failure.fatal) {
      // The setup's fault, not this message's: back to pending, untouched, and stop.
      await store.markDeliveryRetry(id, failure.reason, state.nowIso(), at);
      if (failure.kind === 'relay-refused') {
        const refusal: Refusal = { cause: 'setup', reply: failure.reason, ...(failure.command === undefined ? {} : { command: failure.command }) };
        state.halt({ reason: 'relay-refused', error: `the relay refused ${failure.command ?? 'the message'}: ${failure.reason}`, refusal });
      } else {
        state.halt({ reason: 'fatal', error: `the relay refused the setup: ${failure.reason}` });
      }
      return;
    }
    if (failure.kind === 'in-doubt') {
      await store.markDeliveryUnknown(id, failure.reason, at);
      failures.delete(id);
      run.inDoubt += 1;
      done += 1;
      deferredInARow += 1;
      return;
    }
    if (failure.kind === 'transient') {
      const count = (failures.get(id) ?? 0) + 1;
      const notBefore = deps.now().getTime() + backoffMs(count, policy);
      await store.markDeliveryRetry(id, failure.reason, new Date(notBefore).toISOString(), at);
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
        state.halt({ reason: 'deferred', error: `the relay deferred ${deferredInARow} messages in a row (last: ${failure.reason})` });
      }
      return;
    }
    // About this recipient (permanent, unknown-mailbox): pending again, held until the breaker has the evidence.
    deferredInARow = 0;
    failures.delete(id);
    held.add(id);
    await store.markDeliveryRetry(id, failure.reason, state.nowIso(), at);
    run.heldBack += 1;
    done += 1;
    await decide(state.breaker.refused({ item, failure, step: at.step }, failure.reason));
  };

  /** Acts on the breaker's verdict: the refusals it lets stand are failed (and unknown mailboxes bounced); a trip stops the run. */
  const decide = async (verdict: Verdict<HeldRefusal>): Promise<void> => {
    if (verdict.tripped) {
      state.halt(tripHalt(verdict.trip));
      return;
    }
    // After any other stop the evidence is not trusted either: what is held stays pending.
    if (state.halted()) return;
    for (const { item, failure, step } of verdict.apply) {
      const id = item.delivery.id;
      if (await store.markDeliveryFailed(id, failure.reason, true, { now: state.nowIso(), step })) run.failed += 1;
      held.delete(id);
      run.heldBack -= 1;
      if (failure.kind === 'unknown-mailbox') {
        const subscriber = await store.setSubscriberStatus(item.subscriber.id, 'bounced', { from: ['active'] });
        if (subscriber?.status === 'bounced') run.bounced += 1;
      }
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
      await decide(state.breaker.accepted());
    } catch (error) {
      // The store could not record an outcome: stop; the delivery stays in flight and the next run reports it as unknown.
      state.halt({ reason: 'fatal', error: `could not record a delivery: ${errorText(error)}` });
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

  /** Makes the messages of `items`; a delivery that cannot be sent (no theme left, an address mail cannot go to) is failed here. */
  const prepare = async (items: readonly PendingDelivery[]): Promise<Ready[]> => {
    const ready: Ready[] = [];
    for (const item of items) {
      // The one check of addresses (the form's, the import's): one an earlier version stored may not pass it.
      const mailable = isMailableAddress(item.subscriber.email);
      const message = mailable ? await state.messages.forSubscriber(item.subscriber, item.delivery.id) : null;
      if (message !== null) {
        ready.push({ item, message });
        continue;
      }
      const why = mailable ? 'the subscriber no longer follows any theme of this issue' : `${item.subscriber.email} is not an address mail can be sent to (fix or remove the subscriber)`;
      await store.markDeliveryFailed(item.delivery.id, `not sent: ${why}`, !mailable, { now: state.nowIso() });
      run.dropped += 1;
      done += 1;
      progress();
    }
    return ready;
  };

  /** Marks the messages made in flight in one write (with the "sent" of those the relay took since the last) and hands them to the transport. */
  const launch = async (ready: readonly Ready[]): Promise<void> => {
    // What the relay took since the last write is recorded in the same write, first.
    const settled = accepted.splice(0);
    const starts = ready.map((r) => ({ id: r.item.delivery.id, messageId: r.message.messageId }));
    const moved = new Set(await store.markDeliveryInFlight(starts, { now: state.nowIso(), sent: settled }));
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
      const page = (await store.nextPendingDeliveries(issue.id, state.pageSize + held.size, { now: new Date(asOf).toISOString() })).filter(
        (p) => !held.has(p.delivery.id),
      );
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
      // The messages are made ahead, while the places in flight are still taken (the relay has the others
      // to work on meanwhile); they go in flight once half the places are free, as many as are free, in one
      // write: one commit serves several messages.
      const ready: Ready[] = [];
      for (let next = 0; next < page.length || ready.length > 0; ) {
        if (next < page.length && ready.length < state.concurrency) {
          const batch = page.slice(next, next + state.concurrency - ready.length);
          next += batch.length;
          ready.push(...(await prepare(batch)));
          if (ready.length === 0) {
            await flushSent();
            continue;
          }
        }
        const wanted = Math.min(state.refill, ready.length);
        if (state.concurrency - running < wanted) {
          while (state.concurrency - running < wanted && !state.stopped()) await oneSettles();
          // Let the other replies that have come in be recorded first: one commit for all of them.
          await new Promise((resolve) => setImmediate(resolve));
        }
        if (state.stopped()) break outer;
        await launch(ready.splice(0, state.concurrency - running));
      }
    }
  } finally {
    state.signal?.removeEventListener('abort', wakeOnStop);
    if (state.signal?.aborted === true) await stopInFlight();
    while (running > 0) await oneSettles();
    await flushSent();
  }
  // The run is over: the refusals still held stand or fall on the answers there were.
  if (!state.halted()) await decide(state.breaker.end());

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

/** A tripped breaker as the run's stop. */
function tripHalt(trip: Trip): Halt {
  const refusal: Refusal = { cause: trip.everyone ? 'everyone' : 'sudden', reply: trip.reply, refused: trip.refused, answers: trip.answers };
  const error = trip.everyone
    ? `the relay refused all ${trip.refused} recipients it answered for and accepted none (last: ${trip.reply})`
    : `the relay suddenly refused ${trip.refused} of its last ${trip.answers} answers (last: ${trip.reply})`;
  return { reason: 'relay-refused', error, refusal };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
