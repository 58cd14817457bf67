import type { Store } from '../store/store.js';

/**
 * The sender's claim on an issue is a lease: it holds until `claimed_until`
 * unless its holder renews it, which a working sender does every third of
 * the lease. Another sender is let in only once the lease has lapsed (the
 * store's claimIssueForSending decides, atomically), never on a guess that
 * the holder is dead: a process id says nothing across PID namespaces or
 * hosts. A shorter lease resumes a crashed send sooner; a longer one
 * forgives longer stalls (a store or a machine too busy to renew in time,
 * which would let a second sender in while the first still sends).
 */

/** 30 s, renewed every 10 s: a crashed send can be resumed half a minute after it died. */
export const DEFAULT_LEASE_MS = 30_000;

export interface RenewalDeps {
  readonly store: Pick<Store, 'claimIssueForSending'>;
  readonly issueId: string;
  readonly owner: string;
  readonly leaseMs: number;
  now(): string;
  /** Calls `fn` every `ms` until the returned function is called. Default: an unref'd setInterval. */
  readonly every?: (ms: number, fn: () => void) => () => void;
  readonly warn?: (message: string) => void;
  /** Whether renewing is still wanted (false once the run is stopping for a reason of its own). */
  active(): boolean;
  /** The claim was lost: another sender took it over after this one's lease lapsed. */
  lost(why: string): void;
}

/** Renews the claim every third of the lease; returns the function that stops renewing. */
export function renewClaim(deps: RenewalDeps): () => void {
  const every = deps.every ?? ((ms: number, fn: () => void) => {
    const timer = setInterval(fn, ms);
    timer.unref();
    return () => clearInterval(timer);
  });
  let renewing = false;
  return every(Math.max(1, Math.floor(deps.leaseMs / 3)), () => {
    if (renewing || !deps.active()) return;
    renewing = true;
    deps.store
      .claimIssueForSending(deps.issueId, deps.owner, { leaseMs: deps.leaseMs, now: deps.now() })
      .then((renewed) => {
        if (!renewed.claimed) deps.lost(renewed.reason === 'held' ? `now held by ${renewed.issue.owner ?? 'another sender'}` : `the issue is ${renewed.reason}`);
      })
      .catch((error: unknown) => deps.warn?.(`could not renew the claim on issue ${deps.issueId} (will try again): ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        renewing = false;
      });
  });
}
