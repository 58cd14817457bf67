import type { Issue } from '../../digest/model.js';
import type { Store } from '../../store/store.js';
import { enqueueDeliveries } from '../eligible.js';
import type { SendQueue } from './boss.js';
import { pagesOf } from './page.js';

export type EnqueueStore = Pick<Store, 'recordIssue' | 'claimIssueForSending' | 'releaseIssue' | 'createAudienceDeliveries' | 'listDeliveries' | 'requeueUnknownDeliveries'>;

export interface EnqueueDeps {
  readonly store: EnqueueStore;
  readonly queue: Pick<SendQueue, 'enqueue'>;
  readonly now: () => Date;
  readonly owner: string;
  readonly pageSize: number;
}

export type Enqueued =
  | { readonly outcome: 'already-sent' }
  | { readonly outcome: 'enqueued'; readonly created: number; readonly requeued: number; readonly pending: number; readonly pages: number };

/** Pending deliveries read at once while cutting the pages. */
const WALK = 10_000;

/**
 * Hands an issue to the workers: records it (sending), makes its
 * deliveries as the single-process sender does (one pending per eligible
 * subscriber, idempotent), and puts every page that holds a pending one in
 * the queue. Run again, it makes no second delivery and no second waiting
 * page: it only puts back the pages with something still to send.
 */
export async function enqueueIssue(deps: EnqueueDeps, issue: Issue, options: { readonly resendUnknown?: boolean } = {}): Promise<Enqueued> {
  const { store } = deps;
  const now = (): string => deps.now().toISOString();
  await store.recordIssue({ id: issue.id, number: issue.number, subject: issue.subject });
  // The claim, for a moment: draft -> sending, so that the issue shows as being sent; given up once the pages are queued.
  const claim = await store.claimIssueForSending(issue.id, deps.owner, { now: now(), leaseMs: 60_000 });
  if (!claim.claimed && claim.reason === 'sent') return { outcome: 'already-sent' };
  try {
    const requeued = options.resendUnknown ? await store.requeueUnknownDeliveries(issue.id, { now: now() }) : 0;
    const { created } = await enqueueDeliveries(store, issue);
    const ids: number[] = [];
    for (let afterId = 0; ; ) {
      const batch = await store.listDeliveries(issue.id, { status: 'pending', afterId, limit: WALK });
      for (const delivery of batch) ids.push(delivery.id);
      if (batch.length < WALK) break;
      afterId = batch[batch.length - 1]?.id ?? afterId;
    }
    const pages = pagesOf(issue.id, ids, deps.pageSize);
    await deps.queue.enqueue(pages);
    return { outcome: 'enqueued', created, requeued, pending: ids.length, pages: pages.length };
  } finally {
    if (claim.claimed) await store.releaseIssue(issue.id, deps.owner);
  }
}
