import type { DeliveryCounts, IssueRecord } from './send-log-store.js';

/**
 * The scheduler's record: when it first ran on this store (what came
 * before is the back catalogue), and one Run per scheduled slot. A slot is
 * unique, and taking it (claimRun) is atomic across processes, so two
 * schedulers on one store never both run the same slot; the sender's
 * claim on the issue (claimIssueForSending) is the second lock, should
 * two different slots ever pick the same issue.
 *
 * Methods that depend on the time take `now` (an ISO instant; default: the
 * clock) so that callers and tests control it.
 */

export const RUN_TRIGGERS = ['scheduled', 'catch-up', 'manual'] as const;
/**
 * - scheduled: at its time (by the daemon's tick);
 * - catch-up: late, after the scheduler was down or asleep;
 * - manual: `tidings schedule --at`.
 */
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export const RUN_OUTCOMES = ['running', 'sent', 'nothing-new', 'already-sent', 'back-catalogue', 'held', 'failed', 'expired'] as const;
/**
 * - running: taken by `owner`, not finished (or its process died: see leaseUntil);
 * - sent: the period's issue was sent (counts say how it went);
 * - nothing-new: the period that had just ended has no posts;
 * - already-sent: its issue had been sent before;
 * - back-catalogue: its period ended before the scheduler first ran: archived on the web, never mailed;
 * - held: another sender holds the issue;
 * - failed: a step failed (detail says why); retried when the scheduler next starts, within the catch-up window;
 * - expired: missed, and found later than the catch-up window allows: not run.
 */
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

export const RUN_COUNT_KEYS = ['new', 'updated', 'rejected', 'written', 'posts', 'sent', 'failed', 'unknown', 'pending'] as const;
/**
 * What a run did: posts imported (new, updated, rejected), files the build
 * wrote, posts in the issue, and its deliveries (sent, failed, unknown,
 * still pending) as the sender left them.
 */
export type RunCounts = Record<(typeof RUN_COUNT_KEYS)[number], number>;

export interface ScheduleRun {
  id: number;
  /** The slot: the ISO instant the run was scheduled for. Unique. */
  scheduledFor: string;
  trigger: RunTrigger;
  outcome: RunOutcome;
  /** Who holds it while running. */
  owner: string | null;
  /** While running: the instant the hold lapses unless renewed. */
  leaseUntil: string | null;
  /** How many times it was started (a takeover or a retry counts one more). */
  attempts: number;
  startedAt: string;
  finishedAt: string | null;
  /** The issue (period id) it was about, when it got that far. */
  issueId: string | null;
  counts: RunCounts;
  /** One line: what happened, or the error. */
  detail: string | null;
}

export interface RunClaimOptions {
  trigger: RunTrigger;
  now?: string;
  /** How long the hold lasts unless renewed (default 10 min). */
  leaseMs?: number;
}

export type RunClaim = { claimed: true; run: ScheduleRun } | { claimed: false; run: ScheduleRun };

export interface RunResult {
  outcome: Exclude<RunOutcome, 'running' | 'expired'>;
  issueId?: string | null;
  counts?: Partial<RunCounts>;
  detail?: string | null;
}

export interface SkippedRun {
  trigger: RunTrigger;
  outcome: 'expired';
  detail: string;
  now?: string;
}

/** An issue whose send is not finished: still sending, or with deliveries pending, in flight or unknown. */
export interface UnfinishedIssue {
  issue: IssueRecord;
  counts: DeliveryCounts;
}

export interface RunStore {
  /**
   * When the scheduler first ran on this store: `at` on the first call,
   * the stored instant on every later one (it never moves). Issues of
   * periods that had ended by then are the back catalogue.
   */
  markSchedulerStart(at: string): Promise<string>;
  /** That instant, without setting it; undefined before the scheduler's first run. */
  schedulerStart(): Promise<string | undefined>;
  /**
   * Takes the run of slot `scheduledFor` atomically. A new slot is
   * recorded as running; a slot already running is taken only once its
   * hold has lapsed (a crashed process's: even its own owner must renew
   * instead); a failed run is taken again (a retry). Any other finished
   * run is not.
   */
  claimRun(scheduledFor: string, owner: string, options: RunClaimOptions): Promise<RunClaim>;
  /** Extends the hold. False when `owner` does not hold the run. */
  renewRun(scheduledFor: string, owner: string, options?: { now?: string; leaseMs?: number }): Promise<boolean>;
  /** running -> its outcome, by the holder. False when `owner` does not hold the run. */
  finishRun(scheduledFor: string, owner: string, result: RunResult, options?: { now?: string }): Promise<ScheduleRun | undefined>;
  /** Records a slot that was not run (expired); a slot that has a record already keeps it (recorded: false). */
  recordSkippedRun(scheduledFor: string, skipped: SkippedRun): Promise<{ recorded: boolean; run: ScheduleRun }>;
  getRun(scheduledFor: string): Promise<ScheduleRun | undefined>;
  /** Latest slot first. */
  listRuns(limit?: number): Promise<ScheduleRun[]>;
  /** Issues whose send is not finished, by id. */
  unfinishedIssues(): Promise<UnfinishedIssue[]>;
}
