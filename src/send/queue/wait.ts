import type { DeliveryCounts } from '../../store/store.js';
import type { SendQueue } from './boss.js';
import { finishIfSettled, type FinishStore } from './finish.js';

/**
 * `tidings send --issue` with workers: waits, telling progress, until the
 * issue is settled (nothing pending or in flight: sent, failed, skipped or
 * in doubt), then marks it sent when nothing is in doubt. It also ends when
 * nothing of the issue is queued any more while some of it is still
 * pending (the relay kept deferring it: the next `tidings send` puts it
 * back), or when asked to stop: the workers carry on without it.
 */

export interface WaitDeps {
  readonly store: FinishStore;
  readonly queue: Pick<SendQueue, 'openPages'>;
  readonly now: () => Date;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly owner: string;
  readonly onProgress?: (counts: DeliveryCounts) => void;
}

export interface Waited {
  /** sent: settled, nothing in doubt; settled: settled with some in doubt (unknown); unqueued: pending left with nothing queued; stopped: asked to stop. */
  readonly outcome: 'sent' | 'settled' | 'unqueued' | 'stopped';
  readonly counts: DeliveryCounts;
}

export async function waitForIssue(deps: WaitDeps, issueId: string, options: { readonly signal?: AbortSignal; readonly pollMs?: number } = {}): Promise<Waited> {
  const pollMs = options.pollMs ?? 1_000;
  for (;;) {
    const { counts, sent } = await finishIfSettled(deps.store, issueId, deps.owner, deps.now().toISOString());
    deps.onProgress?.(counts);
    if (sent) return { outcome: 'sent', counts };
    if (counts.pending === 0 && counts['in-flight'] === 0) return { outcome: 'settled', counts };
    if (options.signal?.aborted) return { outcome: 'stopped', counts };
    if ((await deps.queue.openPages(issueId)) === 0) {
      // A page may have finished between the two looks: judge by the counts after it.
      const again = await finishIfSettled(deps.store, issueId, deps.owner, deps.now().toISOString());
      if (again.sent) return { outcome: 'sent', counts: again.counts };
      return { outcome: again.counts.pending === 0 && again.counts['in-flight'] === 0 ? 'settled' : 'unqueued', counts: again.counts };
    }
    await deps.sleep(pollMs, options.signal);
  }
}
