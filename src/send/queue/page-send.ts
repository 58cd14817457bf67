import type { Issue } from '../../digest/model.js';
import type { Store } from '../../store/store.js';
import { DEFAULT_RETRY } from '../backoff.js';
import { DEFAULT_BREAKER, RefusalBreaker } from '../breaker.js';
import type { MessageMaker } from '../messages.js';
import { emptyTally, type RunTally } from '../outcome.js';
import { errorText, sendPending, type Halt, type HeldRefusal, type LoopDeps } from '../send-loop.js';
import { DEFAULT_STOP_GRACE_MS } from '../sender.js';
import type { PageJob } from './boss.js';

/**
 * One page sent by a worker: the send loop of the single-process sender
 * (send-loop.ts: in flight before the relay, sent after it, retries,
 * the breaker, a stop that lets what is in flight finish), fed with the
 * page's pending deliveries only. A page handed out again (its last worker
 * died or stalled) first has what that worker left in flight marked
 * unknown: in doubt, reported, never sent again unasked. Only this page's:
 * the other pages' workers are still sending.
 */

export type PageStore = LoopDeps['store'] & Pick<Store, 'nextPendingDeliveries' | 'markInFlightUnknown'>;

export interface PageDeps extends Omit<LoopDeps, 'store'> {
  readonly store: PageStore;
}

/** What a worker keeps per issue between pages. */
export interface IssueContext {
  readonly issue: Issue;
  readonly messages: MessageMaker;
  /** Messages the relay accepted for this issue in this worker so far: the breaker's evidence for the next page. */
  accepted: number;
}

export interface PageRun {
  readonly run: RunTally;
  /** Why the page stopped early (not on request), if it did. */
  readonly halt: Halt | null;
  /** Whether deliveries of the page are still pending (deferred, held back, or not reached before a stop). */
  readonly pendingLeft: boolean;
}

export interface PageOptions {
  /** Messages in flight at once (the worker's connections). */
  readonly concurrency: number;
  readonly signal?: AbortSignal;
  readonly stopGraceMs?: number;
}

/** The end of time, as a `now` that makes every pending delivery due (to see whether any is left). */
const END_OF_TIME = '9999-12-31T00:00:00.000Z';

export async function sendPage(deps: PageDeps, context: IssueContext, job: PageJob, options: PageOptions): Promise<PageRun> {
  const { store } = deps;
  const { issueId } = job.page;
  const range = { afterId: job.page.afterId, throughId: job.page.throughId };
  const nowIso = (): string => deps.now().toISOString();
  const run = emptyTally();
  let stop: Halt | null = null;
  const halt = (next: Halt): void => {
    stop ??= next;
  };
  try {
    if (job.retryCount > 0) run.unknownFound = await store.markInFlightUnknown(issueId, { now: nowIso(), ...range });
    const concurrency = Math.max(1, options.concurrency);
    await sendPending(deps, {
      messages: context.messages,
      run,
      breaker: new RefusalBreaker<HeldRefusal>(DEFAULT_BREAKER, context.accepted),
      total: job.page.throughId - job.page.afterId,
      concurrency,
      refill: Math.ceil(concurrency / 2),
      policy: DEFAULT_RETRY,
      pageSize: 50,
      maxDeferredInARow: Math.max(50, 10 * concurrency),
      stopGraceMs: options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS,
      next: (limit, now) => store.nextPendingDeliveries(issueId, limit, { now, ...range }),
      nowIso,
      stopped: () => stop !== null || options.signal?.aborted === true,
      halted: () => stop !== null,
      halt,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    halt({ reason: 'fatal', error: errorText(error) });
  }
  context.accepted += run.sent;
  const pendingLeft = (await store.nextPendingDeliveries(issueId, 1, { now: END_OF_TIME, ...range })).length > 0;
  return { run, halt: stop, pendingLeft };
}
