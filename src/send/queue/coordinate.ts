import type { Issue } from '../../digest/model.js';
import { emptyTally, type SendProgress, type SendReport } from '../outcome.js';
import type { SendQueue } from './boss.js';
import { enqueueIssue, type EnqueueStore } from './enqueue.js';
import type { FinishStore } from './finish.js';
import { waitForIssue } from './wait.js';

/**
 * `tidings send --issue ID` when there are workers (a PostgreSQL store):
 * the issue's deliveries are made and its pages queued (enqueue.ts), then,
 * unless `wait` is off, it waits for the workers to settle it (wait.ts) and
 * reports as the single-process sender does. `null` when it did not wait,
 * or stopped waiting: the workers carry on either way.
 */

export interface QueuedSendDeps {
  readonly store: EnqueueStore & FinishStore;
  readonly queue: Pick<SendQueue, 'enqueue' | 'openPages'>;
  readonly now: () => Date;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly owner: string;
  readonly pageSize: number;
  /** One line for the user: what was queued. */
  readonly say: (line: string) => void;
  readonly onProgress?: (progress: SendProgress) => void;
}

export interface QueuedSendOptions {
  readonly wait: boolean;
  readonly resendUnknown?: boolean;
  readonly signal?: AbortSignal;
  readonly pollMs?: number;
}

export async function sendThroughQueue(deps: QueuedSendDeps, issue: Issue, options: QueuedSendOptions): Promise<SendReport | null> {
  const startedMs = deps.now().getTime();
  const before = await deps.store.deliveryCounts(issue.id);
  const run = emptyTally();
  const report = (outcome: SendReport['outcome'], counts: SendReport['counts']): SendReport => ({
    issueId: issue.id,
    subject: issue.subject,
    outcome,
    run,
    counts,
    elapsedMs: deps.now().getTime() - startedMs,
    variants: 0,
    unspliced: new Map(),
  });
  const queued = await enqueueIssue(deps, issue, options.resendUnknown ? { resendUnknown: true } : {});
  if (queued.outcome === 'already-sent') return report('already-sent', before);
  run.created = queued.created;
  run.requeued = queued.requeued;
  deps.say(`queued ${queued.pages} page(s) holding ${queued.pending} pending deliveries for the workers (tidings worker)`);
  if (!options.wait) return null;

  const waited = await waitForIssue(
    {
      store: deps.store,
      queue: deps.queue,
      now: deps.now,
      sleep: deps.sleep,
      owner: deps.owner,
      onProgress: (counts) => {
        run.sent = counts.sent - before.sent;
        run.failed = Math.max(0, counts.failed - before.failed);
        run.inDoubt = Math.max(0, counts.unknown - before.unknown);
        const left = counts.pending + counts['in-flight'];
        deps.onProgress?.({ done: Math.max(0, queued.pending - left), total: queued.pending, sent: run.sent, failed: run.failed });
      },
    },
    issue.id,
    { ...(options.signal ? { signal: options.signal } : {}), ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }) },
  );
  if (waited.outcome === 'stopped') return null;
  return report(waited.outcome === 'sent' ? 'sent' : 'incomplete', waited.counts);
}
