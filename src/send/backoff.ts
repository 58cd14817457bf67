/**
 * How a delivery that failed for a passing reason (a 4xx reply, a dropped
 * connection, a timeout) is tried again within one run: a few attempts,
 * each after a longer wait. What still fails after the last one stays
 * pending, not before the wait that would have come next, for the next run.
 */
export interface RetryPolicy {
  /** Attempts per delivery in one run, the first included. */
  readonly attempts: number;
  /** Wait after the first failure, in ms. */
  readonly baseMs: number;
  /** Each further wait is this many times the one before. */
  readonly factor: number;
  /** No wait is longer than this. */
  readonly maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseMs: 1_000, factor: 3, maxMs: 60_000 };

/** The wait after failure number `failures` (1 for the first). Pure. */
export function backoffMs(failures: number, policy: RetryPolicy = DEFAULT_RETRY): number {
  if (!Number.isInteger(failures) || failures < 1) throw new RangeError(`backoffMs: failures must be 1 or more, not ${failures}`);
  return Math.min(policy.maxMs, Math.round(policy.baseMs * policy.factor ** (failures - 1)));
}

/** Whether a delivery that has failed `failures` times in this run gets another attempt in it. Pure. */
export function retriesLeft(failures: number, policy: RetryPolicy = DEFAULT_RETRY): boolean {
  return failures < policy.attempts;
}
