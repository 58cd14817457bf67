import type { DeliveryStatus, Settlement, Store } from '../store/store.js';
import { chooseDelivery, type AddressDecision, type IssueAfter, type SettledDelivery, type SettleReport } from './settle.js';

/**
 * `tidings deliveries settle`: an operator's decisions on deliveries, by
 * address or for every delivery of an issue in one status, written through
 * the store, and then each issue touched is looked at again: when nothing is
 * left to send or decide (nothing pending, in flight or unknown), settle
 * marks it sent itself, through the sending claim, so never while a sender
 * holds it (that sender finishes it). Put back to pending, deliveries are
 * sent by the next `tidings send --issue ID` or scheduled run of the issue.
 */

export type SettleStore = Pick<
  Store,
  | 'findSubscriberByEmail'
  | 'findDeliveries'
  | 'settleDeliveries'
  | 'settleIssueDeliveries'
  | 'deliveryCounts'
  | 'getIssue'
  | 'claimIssueForSending'
  | 'finishIssue'
  | 'releaseIssue'
>;

export interface SettleContext {
  readonly store: SettleStore;
  /** ISO instant. */
  readonly now: string;
  /** Who takes the claim when settle finishes an issue. */
  readonly owner: string;
}

/** Settles the one delivery each address means (of `issueId`, when given); addresses that mean none are reported, the others settled all the same. */
export async function settleAddresses(ctx: SettleContext, emails: readonly string[], settlement: Settlement, issueId?: string): Promise<SettleReport> {
  const { store } = ctx;
  const decisions: AddressDecision[] = [];
  for (const email of new Set(emails)) {
    const subscriber = await store.findSubscriberByEmail(email);
    const found = subscriber === undefined ? [] : await store.findDeliveries({ subscriberId: subscriber.id, ...(issueId === undefined ? {} : { issueId }) });
    const decision = chooseDelivery(email, subscriber, found.map((f) => f.delivery), settlement, issueId);
    // The same subscriber named twice (in two spellings): settled once.
    if (decision.kind === 'settle' && decisions.some((d) => d.kind === 'settle' && d.delivery.id === decision.delivery.id)) continue;
    decisions.push(decision);
  }
  const chosen = decisions.flatMap((d) => (d.kind === 'settle' ? [d] : []));
  const moved = new Set(await store.settleDeliveries(chosen.map((d) => d.delivery.id), settlement, { now: ctx.now }));
  const settled: SettledDelivery[] = chosen
    .filter((d) => moved.has(d.delivery.id))
    .map((d) => ({ email: d.email, issueId: d.delivery.issueId, messageId: d.delivery.messageId, was: d.delivery.status, subscriberStatus: d.subscriberStatus }));
  return {
    settlement,
    settled,
    refused: decisions.flatMap((d) => (d.kind === 'refused' ? [{ email: d.email, reason: d.reason }] : [])),
    raced: chosen.filter((d) => !moved.has(d.delivery.id)).map((d) => d.email),
    issues: await afterSettling(ctx, [...new Set(settled.map((d) => d.issueId))]),
  };
}

/** Settles every delivery of the issue in `status`. */
export async function settleIssue(ctx: SettleContext, issueId: string, status: DeliveryStatus, settlement: Settlement): Promise<SettleReport> {
  const base = { settlement, settled: [], raced: [] };
  if ((await ctx.store.getIssue(issueId)) === undefined) {
    return { ...base, refused: [{ email: `issue ${issueId}`, reason: 'not in the send log (it was never sent): see `tidings status` for the issues that were' }], issues: [] };
  }
  const count = await ctx.store.settleIssueDeliveries(issueId, status, settlement, { now: ctx.now });
  return { ...base, all: { issueId, status, count }, refused: [], issues: await afterSettling(ctx, [issueId]) };
}

async function afterSettling(ctx: SettleContext, issueIds: readonly string[]): Promise<IssueAfter[]> {
  const after: IssueAfter[] = [];
  for (const id of issueIds) after.push(await finishIfDecided(ctx, id));
  return after;
}

/** Marks the issue sent when every delivery is decided, by taking the claim: never while a sender holds it. */
async function finishIfDecided(ctx: SettleContext, id: string): Promise<IssueAfter> {
  const { store } = ctx;
  const counts = await store.deliveryCounts(id);
  const issue = await store.getIssue(id);
  if (issue?.status === 'sent') return { id, counts, state: 'sent' };
  // A draft was never sent to anyone: settling nothing in it does not make it sent.
  if (issue?.status !== 'sending' || counts.pending + counts['in-flight'] + counts.unknown > 0) return { id, counts, state: 'open' };
  const claim = await store.claimIssueForSending(id, ctx.owner, { now: ctx.now });
  if (!claim.claimed) return claim.reason === 'held' ? { id, counts, state: 'held', heldBy: claim.issue.owner } : { id, counts, state: 'sent' };
  // Counted again under the claim: a sender that ended in between may have left something.
  const now = await store.deliveryCounts(id);
  if (now.pending + now['in-flight'] + now.unknown === 0 && (await store.finishIssue(id, ctx.owner, { now: ctx.now }))) return { id, counts: now, state: 'finished' };
  await store.releaseIssue(id, ctx.owner);
  return { id, counts: now, state: 'open' };
}
