import type { Config } from '../config/schema.js';
import type { RunCounts, RunOutcome, RunResult, ScheduleRun, Store } from '../store/store.js';
import type { CronSchedule } from './cron-schedule.js';
import { formatDuration, issueDecision, slotDecision, targetIssue, type TickSource } from './decide.js';
import { errorLine, type EventLog } from './log.js';
import type { RunSteps, SendOutcome } from './steps.js';
import { DAY } from './wall-clock.js';

/** The store as the scheduler uses it: its runs, and issues' send state. */
export type SchedulerStore = Pick<
  Store,
  'markSchedulerStart' | 'schedulerStart' | 'claimRun' | 'renewRun' | 'finishRun' | 'recordSkippedRun' | 'getIssue'
>;

export interface SchedulerDeps {
  store: SchedulerStore;
  config: Config;
  schedule: CronSchedule;
  steps: RunSteps;
  now: () => Date;
  /** This process, as the holder of runs: unique across processes. */
  owner: string;
  log: EventLog;
  /** How long a run's hold lasts unless renewed (default 10 min; renewed every third of it). */
  leaseMs?: number;
}

export type TickAction = 'ran' | 'not-due' | 'busy' | 'before-start' | 'expired' | 'taken';

export interface TickReport {
  action: TickAction;
  /** The slot considered, as an ISO instant. */
  slot?: string;
  /** The run as recorded: the one this tick ran or recorded, or the one found ('taken'). */
  run?: ScheduleRun;
}

export interface Scheduler {
  /** Records the scheduler's start (its first one: the back catalogue's end), then catches up a missed run, at once. */
  start(): Promise<TickReport>;
  /** Runs the latest slot if it is due and nobody ran it; `busy` while a run is going (no overlap). */
  tick(source: TickSource): Promise<TickReport>;
  /** Whether a run is going in this process. */
  busy(): boolean;
  /** Resolves when no run is going. */
  idle(): Promise<void>;
  /** Asks the run in progress to stop (its send stops; the run ends as failed, to be resumed). */
  abort(reason: string): void;
}

const DEFAULT_LEASE_MS = 10 * 60_000;
/** A failed run is tried again after 5 min, then 10 (by the minute watch), 3 attempts in all; a restart tries once more. */
const RETRY_AFTER_MS = 5 * 60_000;
const MAX_ATTEMPTS = 3;

/**
 * The scheduler's core: a clock, a schedule and a store in; runs out. It
 * never sleeps: something else (node-cron in daemon.ts, a test) calls
 * `tick` and it looks at the clock. One run at a time in a process (a
 * tick during a run is refused), one process per slot across processes
 * (the store's claimRun), and one sender per issue (the sender's claim).
 */
export function createScheduler(deps: SchedulerDeps): Scheduler {
  const { store, config, schedule, steps, log, owner } = deps;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  let current: Promise<TickReport> | null = null;
  /** The latest slot this process has dealt with: it is not looked at again. */
  let lastSlot = Number.NEGATIVE_INFINITY;
  let since: Date | undefined;
  let controller = new AbortController();
  /** A retry of kept WebSub notices going on beside the runs (never two at once). */
  let notices: Promise<void> | null = null;

  /** Between runs: the hub gets the notices a build could not give it, without holding up a run. */
  const retryNotices = (): void => {
    const retryHub = steps.retryHubNotices;
    if (retryHub === undefined || notices !== null) return;
    notices = retryHub()
      .then(
        ({ notified, newFailures }) => {
          if (notified.length > 0) log.info('websub.notified', { documents: notified.length, urls: notified });
          for (const failure of newFailures) log.warn('websub.failed', { url: failure.url, detail: failure.error });
        },
        (error: unknown) => log.error('websub.retry-failed', error),
      )
      .finally(() => {
        notices = null;
      });
  };

  /** The latest slot, to be looked at again at `at` (unless a newer slot comes first): see planRetry. */
  let retry: { slot: number; at: number } | null = null;

  /** Runs `work` as the one thing going on; `slot` is looked at again later should it throw (the store failing, say). */
  const exclusive = (work: () => Promise<TickReport>, slot?: number): Promise<TickReport> => {
    const running = work()
      .then(
        (report) => {
          planRetry(report);
          return report;
        },
        (error: unknown) => {
          if (slot !== undefined) retry = { slot, at: deps.now().getTime() + RETRY_AFTER_MS };
          throw error;
        },
      )
      .finally(() => {
        if (current === running) current = null;
      });
    current = running;
    return running;
  };

  /**
   * After a failed run: try again later (a few times). After finding the
   * slot running in another process: look again when its hold lapses, so
   * that a run whose process died (kill -9, a power cut) is taken over and
   * finished, while a live one (which renews its hold) is left alone.
   */
  const planRetry = (report: TickReport): void => {
    const run = report.run;
    if (run === undefined) return;
    const slot = Date.parse(run.scheduledFor);
    if (report.action === 'ran' && run.outcome === 'failed' && run.attempts < MAX_ATTEMPTS) {
      const at = deps.now().getTime() + RETRY_AFTER_MS * run.attempts;
      retry = { slot, at };
      log.info('run.retry-planned', { scheduledFor: run.scheduledFor, at: new Date(at).toISOString(), attempt: run.attempts + 1 });
    } else if (report.action === 'taken' && run.outcome === 'running' && run.leaseUntil !== null) {
      const at = Date.parse(run.leaseUntil) + 1_000;
      if (at - slot <= config.schedule.catchUpDays * DAY) retry = { slot, at };
    }
  };

  const ensureStart = async (now: Date): Promise<Date> => {
    if (since === undefined) since = new Date(await store.markSchedulerStart(now.toISOString()));
    return since;
  };

  const handle = async (source: TickSource, now: Date): Promise<TickReport> => {
    const start = await ensureStart(now);
    const decision = slotDecision({ schedule, now, since: start, catchUpDays: config.schedule.catchUpDays, source });
    if (decision.kind === 'no-slot') return { action: 'not-due' };
    const slot = decision.slot.toISOString();
    if (decision.kind === 'before-start') {
      if (source === 'start' || source === 'manual') log.info('run.none-missed', { scheduledFor: slot, schedulerStart: start.toISOString() });
      return { action: 'before-start', slot };
    }
    if (decision.kind === 'expired') {
      const detail = `missed by ${formatDuration(decision.lateByMs)}: later than the catch-up window (schedule.catchUpDays: ${config.schedule.catchUpDays}); not sent`;
      const { recorded, run } = await store.recordSkippedRun(slot, { trigger: decision.trigger, outcome: 'expired', detail, now: now.toISOString() });
      if (!recorded) return { action: 'taken', slot, run };
      log.warn('run.expired', { scheduledFor: slot, lateByMs: decision.lateByMs, detail });
      return { action: 'expired', slot, run };
    }
    const claim = await store.claimRun(slot, owner, { trigger: decision.trigger, now: now.toISOString(), leaseMs });
    if (!claim.claimed) {
      const { run } = claim;
      log.info('run.skipped', {
        scheduledFor: slot,
        reason: run.outcome === 'running' ? `running in ${run.owner ?? 'another process'}` : `already ran: ${run.outcome}`,
      });
      return { action: 'taken', slot, run };
    }
    if (decision.trigger === 'catch-up') log.info('run.catch-up', { scheduledFor: slot, lateByMs: decision.lateByMs });
    const run = await execute(claim.run, start);
    return { action: 'ran', slot, run };
  };

  const execute = async (claimed: ScheduleRun, start: Date): Promise<ScheduleRun | undefined> => {
    const slot = claimed.scheduledFor;
    const began = deps.now().getTime();
    const counts: Partial<RunCounts> = {};
    let issueId: string | null = null;
    let step = 'import';
    log.info('run.started', { scheduledFor: slot, trigger: claimed.trigger, attempt: claimed.attempts, owner });
    const renewal = setInterval(() => {
      void store.renewRun(slot, owner, { now: deps.now().toISOString(), leaseMs }).then(
        (held) => {
          if (!held) log.warn('run.hold-lost', { scheduledFor: slot, owner });
        },
        (error: unknown) => log.error('run.renew-failed', error, { scheduledFor: slot }),
      );
    }, Math.max(1_000, Math.floor(leaseMs / 3)));
    renewal.unref();

    let result: RunResult;
    try {
      const imported = await steps.importContent();
      Object.assign(counts, { new: imported.new, updated: imported.updated, rejected: imported.rejected });
      log.info('run.imported', {
        scheduledFor: slot,
        new: imported.new,
        updated: imported.updated,
        rejected: imported.rejected,
        ...(imported.withdrawn ? { withdrawn: imported.withdrawn } : {}),
        ...(imported.restored ? { restored: imported.restored } : {}),
      });
      if (imported.rejected > 0) log.warn('run.import-problems', { scheduledFor: slot, rejected: imported.rejected, problems: imported.problems });

      step = 'build';
      const built = await steps.build();
      counts.written = built.written;
      log.info('run.built', { scheduledFor: slot, written: built.written, issues: built.issues });
      for (const warning of built.warnings) log.warn('run.build-warning', { scheduledFor: slot, warning });

      step = 'plan';
      const plan = await steps.planIssues();
      const slotDate = new Date(slot);
      const { issue } = targetIssue(plan, slotDate, config);
      const record = issue === undefined ? undefined : await store.getIssue(issue.id);
      const decision = issueDecision({ plan, slot: slotDate, since: start, config, record });
      const period = decision.period;
      if (decision.kind === 'nothing-new') {
        result = { outcome: 'nothing-new', counts, detail: `nothing new: no posts in ${period.id} (${period.range})` };
      } else {
        issueId = decision.issue.id;
        counts.posts = decision.issue.postCount;
        if (decision.kind === 'back-catalogue') {
          result = {
            outcome: 'back-catalogue',
            issueId,
            counts,
            detail: `${issueId} ended before the scheduler first ran (${start.toISOString()}): back catalogue, archived on the web, not mailed`,
          };
        } else if (decision.kind === 'already-sent') {
          result = { outcome: 'already-sent', issueId, counts, detail: `${issueId} was sent at ${decision.record.sentAt ?? '?'}` };
        } else {
          step = 'send';
          log.info('run.sending', { scheduledFor: slot, issueId, posts: decision.issue.postCount, resume: decision.record?.status === 'sending' });
          const sent = await steps.send(issueId, controller.signal);
          Object.assign(counts, { sent: sent.sent, failed: sent.failed, unknown: sent.unknown, pending: sent.pending });
          result = { outcome: sendOutcome(sent), issueId, counts, detail: sendDetail(issueId, sent) };
        }
      }
      const fields = { scheduledFor: slot, issueId, detail: result.detail };
      if (result.outcome === 'failed' || result.outcome === 'held') log.warn(`run.${result.outcome}`, fields);
      else log.info(`run.${result.outcome}`, fields);
    } catch (error) {
      log.error('run.step-failed', error, { scheduledFor: slot, step, issueId });
      result = { outcome: 'failed', issueId, counts, detail: `${step} failed: ${errorLine(error)}` };
    } finally {
      clearInterval(renewal);
    }

    const finished = await store.finishRun(slot, owner, result, { now: deps.now().toISOString() });
    const fields = { scheduledFor: slot, outcome: result.outcome, issueId, counts: { ...counts }, durationMs: deps.now().getTime() - began };
    if (finished === undefined) log.warn('run.hold-lost', { ...fields, detail: 'another process took the run over before it finished; its record is theirs' });
    else log.info('run.finished', fields);
    return finished;
  };

  return {
    start() {
      if (current !== null) return Promise.resolve({ action: 'busy' });
      return exclusive(async () => {
        const now = deps.now();
        const first = (await store.schedulerStart()) === undefined;
        const start = await ensureStart(now);
        const next = schedule.next(now);
        log.info('scheduler.started', {
          cron: schedule.expression,
          timeZone: schedule.timeZone,
          catchUpDays: config.schedule.catchUpDays,
          next: next?.toISOString() ?? null,
          schedulerStart: start.toISOString(),
          firstStart: first,
          owner,
        });
        const report = await handle('start', now);
        if (report.slot !== undefined) lastSlot = Math.max(lastSlot, Date.parse(report.slot));
        return report;
      });
    },
    tick(source) {
      const now = deps.now();
      if (current !== null) {
        if (source === 'cron') log.warn('run.overlap', { at: now.toISOString(), detail: 'a run (or the start and its catch-up) is still going: this tick starts nothing' });
        return Promise.resolve({ action: 'busy' });
      }
      const slot = schedule.previous(now);
      if (slot !== null && slot.getTime() > lastSlot) {
        lastSlot = slot.getTime();
        retry = null;
        return exclusive(() => handle(source, now), lastSlot);
      }
      if (retry !== null && slot?.getTime() === retry.slot && now.getTime() >= retry.at) {
        retry = null;
        return exclusive(() => handle(source, now), lastSlot);
      }
      retryNotices();
      return Promise.resolve({ action: 'not-due' });
    },
    busy: () => current !== null,
    async idle() {
      while (current !== null || notices !== null) await (current ?? notices)?.catch(() => undefined);
    },
    abort(reason) {
      controller.abort(new Error(reason));
      controller = new AbortController();
    },
  };
}

function sendOutcome(sent: SendOutcome): Exclude<RunOutcome, 'running' | 'expired'> {
  switch (sent.status) {
    case 'finished':
      return 'sent';
    case 'held':
      return 'held';
    case 'already-sent':
      return 'already-sent';
    case 'stopped':
      return 'failed';
  }
}

function sendDetail(issueId: string, sent: SendOutcome): string {
  const tally = `sent ${sent.sent}, failed ${sent.failed}, unknown ${sent.unknown}, pending ${sent.pending}`;
  switch (sent.status) {
    case 'finished':
      return `${issueId}: ${tally}`;
    case 'held':
      return `${issueId} is being sent by another sender${sent.detail ? `: ${sent.detail}` : ''}`;
    case 'already-sent':
      return `${issueId} had been sent`;
    case 'stopped':
      return `${issueId} stopped before it finished (${tally})${sent.detail ? `: ${sent.detail}` : ''}`;
  }
}
