import type { Config } from '../config/schema.js';
import type { Issue, IssuePlan, Period } from '../digest/model.js';
import { periodOf } from '../digest/periods.js';
import type { IssueRecord, RunTrigger } from '../store/store.js';
import type { CronSchedule } from './cron-schedule.js';
import { DAY, MINUTE } from './wall-clock.js';

/**
 * The scheduler's decisions, as pure functions of the schedule, the clock
 * and what the store says: shared by the daemon, `--at` and `--dry-run`,
 * so that a dry run answers with exactly what a run would do.
 */

/** A run this close to its slot is on time ('scheduled'); later, it is a catch-up. */
export const ON_TIME_MS = MINUTE;

export type TickSource = 'start' | 'cron' | 'watch' | 'manual';

export type SlotDecision =
  /** No slot at or before now (a schedule that has never fired). */
  | { kind: 'no-slot' }
  /** The latest slot is before the scheduler first ran on this store: nothing was missed. */
  | { kind: 'before-start'; slot: Date }
  /** Missed, and later than the catch-up window allows: recorded, never run. */
  | { kind: 'expired'; slot: Date; lateByMs: number; trigger: RunTrigger }
  | { kind: 'due'; slot: Date; lateByMs: number; trigger: RunTrigger };

/**
 * What is due at `now`: the latest slot at or before it (older missed
 * slots are superseded by it: a roundup covers the period that has just
 * ended, so only the latest one is news), unless the scheduler was not
 * running yet then, or it is more than `catchUpDays` late.
 */
export function slotDecision(args: {
  schedule: CronSchedule;
  now: Date;
  /** When the scheduler first ran on this store. */
  since: Date;
  catchUpDays: number;
  source: TickSource;
}): SlotDecision {
  const slot = args.schedule.previous(args.now);
  if (slot === null) return { kind: 'no-slot' };
  if (slot.getTime() < args.since.getTime()) return { kind: 'before-start', slot };
  const lateByMs = args.now.getTime() - slot.getTime();
  const trigger: RunTrigger = args.source === 'manual' ? 'manual' : lateByMs <= ON_TIME_MS ? 'scheduled' : 'catch-up';
  if (lateByMs > args.catchUpDays * DAY) return { kind: 'expired', slot, lateByMs, trigger };
  return { kind: 'due', slot, lateByMs, trigger };
}

/** The period that had just ended at `slot`: the one before the period `slot` is in (in the site's time zone). */
export function periodEndedBy(slot: Date, config: Config): Period {
  const { period } = config.digest;
  const { timeZone, language } = config.site;
  const current = periodOf(slot.toISOString(), period, timeZone, language);
  return periodOf(new Date(Date.parse(current.start) - 1).toISOString(), period, timeZone, language);
}

export type IssueDecision =
  | { kind: 'nothing-new'; period: Period }
  /** Its period ended before the scheduler first ran: archived (the build writes its web version), never mailed. */
  | { kind: 'back-catalogue'; period: Period; issue: Issue }
  | { kind: 'already-sent'; period: Period; issue: Issue; record: IssueRecord }
  /** Send it (a record that is still sending is resumed by the sender). */
  | { kind: 'send'; period: Period; issue: Issue; record: IssueRecord | undefined };

/** What a run at `slot` does with the period that had just ended. */
export function issueDecision(args: {
  plan: IssuePlan;
  slot: Date;
  since: Date;
  config: Config;
  /** The stored send state of the issue, looked up by the caller for `targetIssue(...)`. */
  record: IssueRecord | undefined;
}): IssueDecision {
  const { period, issue } = targetIssue(args.plan, args.slot, args.config);
  if (issue === undefined) return { kind: 'nothing-new', period };
  if (Date.parse(issue.period.end) <= args.since.getTime()) return { kind: 'back-catalogue', period, issue };
  if (args.record?.status === 'sent') return { kind: 'already-sent', period, issue, record: args.record };
  return { kind: 'send', period, issue, record: args.record };
}

/** The period that had just ended at `slot`, and its issue when it has posts. */
export function targetIssue(plan: IssuePlan, slot: Date, config: Config): { period: Period; issue: Issue | undefined } {
  const period = periodEndedBy(slot, config);
  return { period, issue: plan.issues.find((candidate) => candidate.id === period.id) };
}

/** "3 days 4 h", "12 min", "40 s": a lateness for people. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days ${hours % 24} h`;
}
