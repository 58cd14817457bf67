import type { TransportFailure } from '../mail/transport/types.js';
import type { PendingDelivery, SentRecord } from '../store/store.js';
import { isMailableAddress } from '../subscribers/address.js';
import { backoffMs, retriesLeft, type RetryPolicy } from './backoff.js';
import type { RefusalBreaker, Trip, Verdict } from './breaker.js';
import type { MessageMaker, OutgoingRaw } from './messages.js';
import type { Refusal, RunTally } from './outcome.js';
import type { SenderDeps } from './sender.js';

/**
 * The send loop of sender.ts, on its own so that a sending worker
 * (send/queue/worker.ts) runs the very same rules on its page: pages of
 * pending deliveries (`next`), at most `concurrency` in flight, each marked
 * in flight before the relay has it and sent only after it accepted it,
 * transient failures retried with a backoff, refusals held by the breaker,
 * a stop that lets the messages in flight finish. See sendIssue for the
 * whole story.
 */

export type LoopDeps = Pick<SenderDeps, 'transport' | 'now' | 'sleep' | 'warn' | 'onProgress'> & {
  readonly store: Pick<SenderDeps['store'], 'markDeliveryInFlight' | 'markDeliveriesSent' | 'markDeliveryUnknown' | 'markDeliveryFailed' | 'markDeliveryRetry' | 'setSubscriberStatus'>;
};

/** Why a run stopped before its deliveries ran out (a stop on request is the signal's). */
export interface Halt {
  readonly reason: 'fatal' | 'lost-claim' | 'deferred' | 'relay-refused';
  readonly error?: string;
  readonly refusal?: Refusal;
}

/** A delivery whose message is made, not yet in flight. */
interface Ready {
  readonly item: PendingDelivery;
  readonly message: OutgoingRaw;
}

/** A refusal about one recipient, held until the breaker says whether it stands. */
export interface HeldRefusal {
  readonly item: PendingDelivery;
  readonly failure: TransportFailure;
  /** The SMTP step it was refused at, for the delivery log. */
  readonly step: TransportFailure['step'];
}

export interface LoopState {
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
  /** The next pending deliveries to send, at most `limit`, due at `now`: the (the sender) or a page's (a worker). */
  next(limit: number, now: string): Promise<PendingDelivery[]>;
  nowIso(): string;
  /** Stopped or asked to stop. */
  stopped(): boolean;
  /** Stopped for a reason of its own (not on request). */
  halted(): boolean;
  halt(why: Halt): void;
}

/** The loop: pages of pending deliveries, at most `concurrency` in flight, outcomes recorded as they come. */
export async function sendPending(deps: LoopDeps, state: LoopState): Promise<void> {
  const { store, transport } = deps;
  const { run, policy } = state;
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
      const page = (await state.next(state.pageSize + held.size, new Date(asOf).toISOString())).filter(
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

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
