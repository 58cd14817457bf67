import type { EventLog } from '../../schedule/log.js';
import type { PageJob, PageOutcome, SendQueue } from './boss.js';
import { finishIfSettled, type FinishStore } from './finish.js';
import { sendPage, type IssueContext, type PageDeps, type PageRun, type PageStore } from './page-send.js';

/**
 * `tidings worker`: takes pages from the send queue one after another and
 * sends each (page-send.ts), with its own connections to the relay; when
 * the queue runs dry it marks the issues it worked on sent once nothing of
 * theirs is left (finish.ts), and waits for more. What it does with a page
 * when it is done:
 * - everything settled: the page is done;
 * - stopped (SIGTERM): the messages in flight were finished and recorded;
 *   the rest of the page stays pending and the page goes back in the queue;
 * - the relay deferred messages: the page goes back, due when its next
 *   attempt is, for `retries` rounds; after that what is left stays pending
 *   for the next `tidings send --issue`;
 * - the relay refused the sender, or a fatal error (credentials, TLS): the
 *   page goes back, due after a pause, and this worker pauses too; the
 *   reason is kept with the page (`tidings status` shows it).
 */

export interface WorkerDeps extends Omit<PageDeps, 'store'> {
  readonly store: PageStore & FinishStore;
  readonly queue: Pick<SendQueue, 'take' | 'done' | 'enqueue'>;
  /** The issue's messages, made once per issue in this worker. */
  openIssue(issueId: string): Promise<IssueContext>;
  readonly log: EventLog;
  /** This worker, in the claim and the pages' outcomes. */
  readonly owner: string;
}

export interface WorkerOptions {
  readonly concurrency: number;
  /** Rounds a page whose messages the relay deferred goes back to the queue. */
  readonly retries: number;
  readonly signal: AbortSignal;
  /** Wait between looks at an empty queue (default 500 ms). */
  readonly idleMs?: number;
  /** After a refusal of the relay or a fatal error: the wait before the page is due again and this worker looks again (default 30 s). */
  readonly pauseMs?: number;
  /** Exit once the queue is empty (batch runs, the bench). */
  readonly exitWhenIdle?: boolean;
  readonly stopGraceMs?: number;
}

export interface WorkerSummary {
  pages: number;
  sent: number;
  failed: number;
  inDoubt: number;
  unknownFound: number;
}

export async function runWorker(deps: WorkerDeps, options: WorkerOptions): Promise<WorkerSummary> {
  const { queue, log, signal } = { ...deps, signal: options.signal };
  const summary: WorkerSummary = { pages: 0, sent: 0, failed: 0, inDoubt: 0, unknownFound: 0 };
  const contexts = new Map<string, Promise<IssueContext>>();
  const touched = new Set<string>();
  const idleMs = options.idleMs ?? 500;
  const pauseMs = options.pauseMs ?? 30_000;

  while (!signal.aborted) {
    const job = await queue.take();
    if (job === null) {
      await finishTouched(deps, touched);
      if (options.exitWhenIdle) break;
      await deps.sleep(idleMs, signal);
      continue;
    }
    const { page } = job;
    let context: IssueContext;
    try {
      let opening = contexts.get(page.issueId);
      if (opening === undefined) {
        opening = deps.openIssue(page.issueId);
        contexts.set(page.issueId, opening);
      }
      context = await opening;
    } catch (error) {
      contexts.delete(page.issueId);
      const reason = error instanceof Error ? error.message : String(error);
      log.warn('worker.issue-unreadable', { issueId: page.issueId, error: reason });
      await queue.done(job, outcomeOf(deps.owner, null, 'fatal', reason));
      continue;
    }
    const result = await sendPage(deps, context, job, { concurrency: options.concurrency, signal, ...(options.stopGraceMs === undefined ? {} : { stopGraceMs: options.stopGraceMs }) });
    touched.add(page.issueId);
    summary.pages += 1;
    summary.sent += result.run.sent;
    summary.failed += result.run.failed;
    summary.inDoubt += result.run.inDoubt;
    summary.unknownFound += result.run.unknownFound;
    const paused = await afterPage(deps, job, result, options, pauseMs);
    log.info('worker.page', { issueId: page.issueId, afterId: page.afterId, throughId: page.throughId, sent: result.run.sent, failed: result.run.failed, inDoubt: result.run.inDoubt, unknownFound: result.run.unknownFound, ...(result.halt ? { stopped: result.halt.reason, error: result.halt.error } : {}) });
    if (paused) await deps.sleep(pauseMs, signal);
  }
  return summary;
}

/** Puts the page back when something of it is left, then marks the job done; true when the worker is to pause. */
async function afterPage(deps: WorkerDeps, job: PageJob, result: PageRun, options: WorkerOptions, pauseMs: number): Promise<boolean> {
  const { page } = job;
  const { run, halt } = result;
  const now = deps.now().getTime();
  let pause = false;
  let kind = 'sent';
  if (options.signal.aborted && halt === null) {
    kind = 'stopped';
    if (result.pendingLeft) await deps.queue.enqueue([page]);
  } else if (halt !== null && (halt.reason === 'relay-refused' || halt.reason === 'fatal')) {
    kind = halt.reason;
    pause = true;
    if (result.pendingLeft) await deps.queue.enqueue([page], { startAfter: new Date(now + pauseMs) });
  } else if (result.pendingLeft) {
    kind = halt?.reason ?? 'deferred';
    if (page.round < options.retries) {
      const due = run.nextAttemptAt === null ? now + 1_000 : Math.max(now, Date.parse(run.nextAttemptAt));
      await deps.queue.enqueue([{ ...page, round: page.round + 1 }], { startAfter: new Date(due) });
    } else {
      deps.log.warn('worker.page-left-pending', { issueId: page.issueId, afterId: page.afterId, throughId: page.throughId, rounds: page.round + 1, lastDeferral: run.lastDeferral });
    }
  }
  await deps.queue.done(job, outcomeOf(deps.owner, result, kind, halt?.error));
  return pause;
}

function outcomeOf(worker: string, result: PageRun | null, outcome: string, error: string | undefined): PageOutcome {
  const run = result?.run;
  return {
    worker,
    sent: run?.sent ?? 0,
    failed: run?.failed ?? 0,
    inDoubt: run?.inDoubt ?? 0,
    unknownFound: run?.unknownFound ?? 0,
    deferred: run?.deferred ?? 0,
    outcome,
    ...(error === undefined || outcome === 'sent' || outcome === 'stopped' ? {} : { error }),
    ...(run?.lastDeferral ? { lastDeferral: run.lastDeferral } : {}),
  };
}

/** With the queue dry: each issue this worker sent pages of is marked sent if nothing of it is left. */
async function finishTouched(deps: WorkerDeps, touched: Set<string>): Promise<void> {
  for (const issueId of touched) {
    try {
      const { sent } = await finishIfSettled(deps.store, issueId, deps.owner, deps.now().toISOString());
      if (sent) deps.log.info('worker.issue-sent', { issueId });
    } catch (error) {
      deps.log.warn('worker.finish-failed', { issueId, error: error instanceof Error ? error.message : String(error) });
    }
  }
  touched.clear();
}
