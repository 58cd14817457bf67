import type { DeliveryCounts, Store } from '../../store/store.js';

export type FinishStore = Pick<Store, 'deliveryCounts' | 'claimIssueForSending' | 'finishIssue' | 'releaseIssue'>;

/**
 * Marks the issue sent when nothing of it is pending, in flight or in doubt
 * any more, whoever notices first (the waiting `tidings send`, or a worker
 * that ran out of pages): the claim is taken for a moment, as the sender
 * takes it, so that it is done once. Returns the counts it judged by and
 * whether the issue is now sent.
 */
export async function finishIfSettled(store: FinishStore, issueId: string, owner: string, now: string): Promise<{ counts: DeliveryCounts; sent: boolean }> {
  const counts = await store.deliveryCounts(issueId);
  if (counts.pending > 0 || counts['in-flight'] > 0 || counts.unknown > 0) return { counts, sent: false };
  const claim = await store.claimIssueForSending(issueId, owner, { now, leaseMs: 60_000 });
  if (!claim.claimed) return { counts, sent: claim.reason === 'sent' };
  if (await store.finishIssue(issueId, owner, { now })) return { counts, sent: true };
  await store.releaseIssue(issueId, owner);
  return { counts, sent: false };
}
