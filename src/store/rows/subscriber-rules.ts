import { isSuppressed, type Subscriber, type SubscriberInput, type SubscriberStatus } from '../subscriber-store.js';
import { emailKey } from './subscriber-rows.js';

/**
 * The subscriber rules every store applies the same way, whatever its
 * engine: the suppression rule, the timestamps a status change sets, and
 * the check that refuses a batch naming one address twice.
 */

/** The status an input leads to for a subscriber now in `current` (the suppression rule). */
export function nextStatus(current: SubscriberStatus, wanted: SubscriberStatus): SubscriberStatus {
  if (isSuppressed(wanted)) return wanted;
  if (isSuppressed(current)) return current;
  if (current === 'active' && wanted === 'pending') return current;
  return wanted;
}

export interface StatusStamps {
  confirmed_at: string | null;
  unsubscribed_at: string | null;
}

/** confirmedAt / unsubscribedAt after a move from `before` (undefined: new) to `after`. */
export function stamps(
  before: Pick<Subscriber, 'status' | 'confirmedAt' | 'unsubscribedAt'> | undefined,
  after: SubscriberStatus,
  now: string,
): StatusStamps {
  const enters = (status: SubscriberStatus) => before === undefined || before.status !== status;
  const leaves = isSuppressed(after) && (before === undefined || !isSuppressed(before.status));
  return {
    confirmed_at: after === 'active' && enters('active') ? now : (before?.confirmedAt ?? null),
    unsubscribed_at: leaves ? now : (before?.unsubscribedAt ?? null),
  };
}

/** Refuses a batch that names one address twice: which copy should win is the caller's call. */
export function checkSubscriberBatch(batch: readonly SubscriberInput[]): void {
  const seen = new Set<string>();
  for (const input of batch) {
    if (typeof input.email !== 'string' || input.email === '') throw new Error('a subscriber needs an email address');
    const key = emailKey(input.email);
    if (seen.has(key)) throw new Error(`subscriber batch names ${input.email} twice`);
    seen.add(key);
  }
}
