import type Database from 'better-sqlite3';
import { OPEN_DELIVERIES } from './deliveries.js';
import type { RunClaim, RunClaimOptions, RunResult, ScheduleRun, SkippedRun } from '../run-store.js';
import { DEFAULT_RUN_LEASE_MS, finishedCounts, finishOutcome, NO_RUN_COUNTS, RUN_COLUMNS as COLUMNS, rowToRun, runLease, runOutcome, runTrigger, type RunRow } from '../rows/run-rows.js';
import { instant, wholeNumber } from './clock.js';

export interface Runs {
  markStart(at: string): string;
  start(): string | undefined;
  claim(scheduledFor: string, owner: string, options: RunClaimOptions): RunClaim;
  renew(scheduledFor: string, owner: string, now?: string, leaseMs?: number): boolean;
  finish(scheduledFor: string, owner: string, result: RunResult, now?: string): ScheduleRun | undefined;
  recordSkipped(scheduledFor: string, skipped: SkippedRun): { recorded: boolean; run: ScheduleRun };
  get(scheduledFor: string): ScheduleRun | undefined;
  list(limit?: number): ScheduleRun[];
  /** Ids of issues still sending or with deliveries pending, in flight or unknown. */
  unfinishedIssueIds(): string[];
}

/** The issues a send has not finished: being sent, or with deliveries still to act on (through the index deliveries_open). */
export const UNFINISHED_ISSUES = `
    SELECT i.id FROM issues AS i
    WHERE i.status = 'sending'
       OR EXISTS (SELECT 1 FROM deliveries AS d WHERE d.issue_id = i.id AND d.${OPEN_DELIVERIES})
    ORDER BY i.id`;

export function prepareRuns(db: Database.Database): Runs {
  const readStart = db.prepare<[], { started_at: string }>('SELECT started_at FROM scheduler_start WHERE id = 1');
  const writeStart = db.prepare<[string]>('INSERT INTO scheduler_start (id, started_at) VALUES (1, ?) ON CONFLICT (id) DO NOTHING');
  const bySlot = db.prepare<[number], RunRow>(`SELECT ${COLUMNS} FROM schedule_runs WHERE scheduled_ms = ?`);
  const insert = db.prepare<[string, number, string, string, string | null, number | null, string, string, string | null, string | null]>(`
    INSERT INTO schedule_runs (scheduled_for, scheduled_ms, trigger, outcome, owner, lease_until_ms, started_at, counts, finished_at, detail)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scheduled_ms) DO NOTHING`);
  const take = db.prepare<[string, string, number, string, string, number, number]>(`
    UPDATE schedule_runs
    SET trigger = ?, owner = ?, lease_until_ms = ?, started_at = ?, counts = ?, attempts = attempts + 1,
        outcome = 'running', finished_at = NULL, detail = NULL, issue_id = NULL
    WHERE scheduled_ms = ? AND (outcome = 'failed' OR (outcome = 'running' AND (lease_until_ms IS NULL OR lease_until_ms <= ?)))`);
  const renew = db.prepare<[number, number, string]>(`
    UPDATE schedule_runs SET lease_until_ms = ? WHERE scheduled_ms = ? AND outcome = 'running' AND owner = ?`);
  const finish = db.prepare<[string, string, string | null, string, string | null, number, string]>(`
    UPDATE schedule_runs
    SET outcome = ?, finished_at = ?, issue_id = ?, counts = ?, detail = ?, owner = NULL, lease_until_ms = NULL
    WHERE scheduled_ms = ? AND outcome = 'running' AND owner = ?`);
  const newestFirst = db.prepare<[number], RunRow>(`SELECT ${COLUMNS} FROM schedule_runs ORDER BY scheduled_ms DESC LIMIT ?`);
  const unfinished = db.prepare<[], { id: string }>(UNFINISHED_ISSUES);

  const get = (ms: number): ScheduleRun | undefined => {
    const row = bySlot.get(ms);
    return row === undefined ? undefined : rowToRun(row);
  };
  const mustGet = (ms: number): ScheduleRun => {
    const run = get(ms);
    if (run === undefined) throw new Error(`the run of ${new Date(ms).toISOString()} vanished while being written`);
    return run;
  };

  const markStart = db.transaction((at: string): string => {
    writeStart.run(instant(at, 'the scheduler start').iso);
    const row = readStart.get();
    if (row === undefined) throw new Error('the scheduler start vanished while being written');
    return row.started_at;
  });

  const claim = db.transaction((scheduledFor: string, owner: string, options: RunClaimOptions): RunClaim => {
    const slot = instant(scheduledFor, 'scheduledFor');
    const now = instant(options.now);
    const lease = runLease(options.leaseMs);
    const trigger = runTrigger(options.trigger);
    const counts = JSON.stringify(NO_RUN_COUNTS);
    if (insert.run(slot.iso, slot.ms, trigger, 'running', owner, now.ms + lease, now.iso, counts, null, null).changes === 1) {
      return { claimed: true, run: mustGet(slot.ms) };
    }
    if (take.run(trigger, owner, now.ms + lease, now.iso, counts, slot.ms, now.ms).changes === 1) {
      return { claimed: true, run: mustGet(slot.ms) };
    }
    return { claimed: false, run: mustGet(slot.ms) };
  });

  const recordSkipped = db.transaction((scheduledFor: string, skipped: SkippedRun): { recorded: boolean; run: ScheduleRun } => {
    const slot = instant(scheduledFor, 'scheduledFor');
    const now = instant(skipped.now);
    const outcome = runOutcome(skipped.outcome);
    const inserted = insert.run(slot.iso, slot.ms, runTrigger(skipped.trigger), outcome, null, null, now.iso, JSON.stringify(NO_RUN_COUNTS), now.iso, skipped.detail);
    return { recorded: inserted.changes === 1, run: mustGet(slot.ms) };
  });

  return {
    markStart: (at) => markStart.immediate(at),
    start: () => readStart.get()?.started_at,
    claim: (scheduledFor, owner, options) => claim.immediate(scheduledFor, owner, options),
    renew(scheduledFor, owner, now, leaseMs) {
      return renew.run(instant(now).ms + (leaseMs ?? DEFAULT_RUN_LEASE_MS), instant(scheduledFor, 'scheduledFor').ms, owner).changes === 1;
    },
    finish(scheduledFor, owner, result, now) {
      const slot = instant(scheduledFor, 'scheduledFor');
      const outcome = finishOutcome(result.outcome);
      const counts = finishedCounts(result.counts ?? {});
      const changed = finish.run(outcome, instant(now).iso, result.issueId ?? null, counts, result.detail ?? null, slot.ms, owner).changes === 1;
      return changed ? mustGet(slot.ms) : undefined;
    },
    recordSkipped: (scheduledFor, skipped) => recordSkipped.immediate(scheduledFor, skipped),
    get: (scheduledFor) => get(instant(scheduledFor, 'scheduledFor').ms),
    list(limit) {
      return newestFirst.all(limit === undefined ? -1 : wholeNumber(limit, 'limit')).map(rowToRun);
    },
    unfinishedIssueIds: () => unfinished.all().map((row) => row.id),
  };
}
