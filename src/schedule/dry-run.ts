import type { Config } from '../config/schema.js';
import type { IssuePlan } from '../digest/model.js';
import { variantKey } from '../digest/variant.js';
import type { IssueStatus, RunTrigger, ScheduleRun, Store } from '../store/store.js';
import { walkSubscribers } from '../subscribers/walk.js';
import type { CronSchedule } from './cron-schedule.js';
import { formatDuration, issueDecision, slotDecision, targetIssue } from './decide.js';

export type DryRunStore = Pick<Store, 'schedulerStart' | 'getRun' | 'getIssue' | 'deliveryCounts' | 'streamSubscribers'>;

/** What `tidings schedule --at T --dry-run` answers: what would run at T, and what it would send. */
export interface DryRunReport {
  at: string;
  cron: string;
  timeZone: string;
  catchUpDays: number;
  /** The latest slot at or before `at`, and the next one after it. */
  slot: string | null;
  next: string | null;
  /** When the scheduler first ran on this store; null: it never has (it would be `at`). */
  schedulerStart: string | null;
  /**
   * - run: the slot is due and would run now;
   * - not-due: no slot yet, or the latest one is before the scheduler first ran;
   * - already-ran / running: a run of the slot is recorded (see `run`);
   * - expired: later than the catch-up window: it would be recorded, not run.
   */
  decision: 'run' | 'not-due' | 'already-ran' | 'running' | 'expired';
  trigger: RunTrigger | null;
  lateByMs: number | null;
  /** One sentence for the operator. */
  summary: string;
  run: ScheduleRun | null;
  /** What the run would do with the period that had just ended at the slot, from the store as it is now. */
  issue: DryRunIssue | null;
}

export interface DryRunIssue {
  period: { id: string; start: string; end: string; range: string };
  action: 'send' | 'resume' | 'nothing-new' | 'already-sent' | 'back-catalogue';
  id: string;
  subject: string | null;
  posts: number;
  sections: { theme: string | null; name: string; posts: number }[];
  status: IssueStatus | 'not recorded';
  /** Active subscribers who would get it (those whose themes it has), and the deliveries already logged for it. */
  recipients: number;
  logged: { sent: number; pending: number; unknown: number; total: number };
}

/**
 * Answers "what would run at `at`, and what would it send?" without
 * sending, importing, building or writing anything: from the store as it
 * is. (A real run imports the content sources first, so new posts can
 * still join the issue.)
 */
export async function dryRun(args: {
  at: Date;
  store: DryRunStore;
  config: Config;
  schedule: CronSchedule;
  planIssues: () => Promise<IssuePlan>;
}): Promise<DryRunReport> {
  const { at, store, config, schedule } = args;
  const stored = await store.schedulerStart();
  const since = stored === undefined ? at : new Date(stored);
  const decision = slotDecision({ schedule, now: at, since, catchUpDays: config.schedule.catchUpDays, source: 'manual' });
  const next = schedule.next(at);
  const base = {
    at: at.toISOString(),
    cron: schedule.expression,
    timeZone: schedule.timeZone,
    catchUpDays: config.schedule.catchUpDays,
    next: next?.toISOString() ?? null,
    schedulerStart: stored ?? null,
    trigger: null,
    lateByMs: null,
    run: null,
    issue: null,
  };
  if (decision.kind === 'no-slot') {
    return { ...base, slot: null, decision: 'not-due', summary: `nothing would run: ${schedule.expression} has no slot at or before ${base.at}` };
  }
  const slot = decision.slot.toISOString();
  if (decision.kind === 'before-start') {
    return {
      ...base,
      slot,
      decision: 'not-due',
      summary: `nothing would run: the latest slot (${slot}) is before the scheduler first ran on this store (${since.toISOString()}); the next is ${base.next ?? 'never'}`,
    };
  }
  const run = (await store.getRun(slot)) ?? null;
  const issue = await describeIssue(args, decision.slot, since);
  const common = { ...base, slot, trigger: decision.trigger, lateByMs: decision.lateByMs, run, issue };
  if (run !== null && run.outcome !== 'failed') {
    const running = run.outcome === 'running';
    return {
      ...common,
      decision: running ? 'running' : 'already-ran',
      summary: running
        ? `nothing would run: the run of ${slot} is going in ${run.owner ?? 'another process'}`
        : `nothing would run: ${slot} already ran (${run.outcome}${run.detail ? `: ${run.detail}` : ''})`,
    };
  }
  if (decision.kind === 'expired') {
    return {
      ...common,
      decision: 'expired',
      summary: `nothing would be sent: ${slot} was missed by ${formatDuration(decision.lateByMs)}, later than the catch-up window (${config.schedule.catchUpDays} days); it would be recorded as expired`,
    };
  }
  const retry = run !== null ? ' (a retry of a failed run)' : '';
  return { ...common, decision: 'run', summary: `the run of ${slot} would start now${retry}: ${issueSummary(issue)}` };
}

async function describeIssue(args: Parameters<typeof dryRun>[0], slot: Date, since: Date): Promise<DryRunIssue> {
  const { store, config } = args;
  const plan = await args.planIssues();
  const { period, issue } = targetIssue(plan, slot, config);
  const record = issue === undefined ? undefined : await store.getIssue(issue.id);
  const decision = issueDecision({ plan, slot, since, config, record });
  const counts = await store.deliveryCounts(period.id);
  let recipients = 0;
  if (issue !== undefined) {
    for await (const page of walkSubscribers(store, { status: 'active' })) {
      for (const subscriber of page) if (variantKey(issue, subscriber.themes) !== null) recipients++;
    }
  }
  const action = decision.kind === 'send' ? (record?.status === 'sending' ? 'resume' : 'send') : decision.kind;
  return {
    period: { id: period.id, start: period.start, end: period.end, range: period.range },
    action,
    id: period.id,
    subject: issue?.subject ?? null,
    posts: issue?.postCount ?? 0,
    sections: (issue?.sections ?? []).map((section) => ({ theme: section.theme, name: section.name, posts: section.posts.length })),
    status: record?.status ?? 'not recorded',
    recipients,
    logged: { sent: counts.sent, pending: counts.pending, unknown: counts.unknown, total: counts.total },
  };
}

function issueSummary(issue: DryRunIssue): string {
  switch (issue.action) {
    case 'nothing-new':
      return `nothing new: no posts in ${issue.id} (${issue.period.range}) yet`;
    case 'back-catalogue':
      return `${issue.id} ended before the scheduler first ran: back catalogue, not mailed`;
    case 'already-sent':
      return `${issue.id} was sent already`;
    case 'send':
    case 'resume': {
      const verb = issue.action === 'resume' ? 'resume sending' : 'send';
      return `it would ${verb} ${issue.id} "${issue.subject ?? ''}" (${issue.posts} posts) to ${issue.recipients} active subscriber(s)`;
    }
  }
}
