import {
  RUN_COUNT_KEYS,
  RUN_OUTCOMES,
  RUN_TRIGGERS,
  type RunCounts,
  type RunOutcome,
  type RunTrigger,
  type ScheduleRun,
} from '../run-store.js';
import { parseNumberRecord } from '../sqlite/json-columns.js';

/** A schedule_runs row as both engines return it (*_ms as numbers). */
export interface RunRow {
  id: number;
  scheduled_for: string;
  trigger: string;
  outcome: string;
  owner: string | null;
  lease_until_ms: number | null;
  attempts: number;
  started_at: string;
  finished_at: string | null;
  issue_id: string | null;
  counts: string;
  detail: string | null;
}

export const RUN_COLUMNS = 'id, scheduled_for, trigger, outcome, owner, lease_until_ms, attempts, started_at, finished_at, issue_id, counts, detail';

export const DEFAULT_RUN_LEASE_MS = 10 * 60_000;

export const NO_RUN_COUNTS: RunCounts = { new: 0, updated: 0, rejected: 0, written: 0, posts: 0, sent: 0, failed: 0, unknown: 0, pending: 0 };

/** The hold a claim asks for: a whole number of ms above 0. */
export function runLease(leaseMs: number | undefined): number {
  const lease = leaseMs ?? DEFAULT_RUN_LEASE_MS;
  if (!Number.isSafeInteger(lease) || lease <= 0) throw new RangeError(`leaseMs must be a whole number above 0, not ${lease}`);
  return lease;
}

/** The counts column a finished run writes: every key, the given ones checked. */
export function finishedCounts(counts: Partial<RunCounts>): string {
  const picked: Partial<RunCounts> = {};
  for (const key of RUN_COUNT_KEYS) {
    const value = counts[key];
    if (value !== undefined) {
      if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`counts.${key} must be a whole number of 0 or more, not ${value}`);
      picked[key] = value;
    }
  }
  return JSON.stringify({ ...NO_RUN_COUNTS, ...picked });
}

export function rowToRun(row: RunRow): ScheduleRun {
  return {
    id: row.id,
    scheduledFor: row.scheduled_for,
    trigger: runTrigger(row.trigger),
    outcome: runOutcome(row.outcome),
    owner: row.owner,
    leaseUntil: row.lease_until_ms === null ? null : new Date(row.lease_until_ms).toISOString(),
    attempts: row.attempts,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    issueId: row.issue_id,
    counts: parseNumberRecord(row.counts, 'schedule_runs.counts', RUN_COUNT_KEYS),
    detail: row.detail,
  };
}

export function runTrigger(value: string): RunTrigger {
  const trigger = RUN_TRIGGERS.find((known) => known === value);
  if (trigger === undefined) throw new Error(`unexpected run trigger ${JSON.stringify(value)}`);
  return trigger;
}

export function runOutcome(value: string): RunOutcome {
  const outcome = RUN_OUTCOMES.find((known) => known === value);
  if (outcome === undefined) throw new Error(`unexpected run outcome ${JSON.stringify(value)}`);
  return outcome;
}

/** The outcome a run finishes with: neither running nor expired. */
export function finishOutcome(value: string): RunOutcome {
  const outcome = runOutcome(value);
  if (outcome === 'running' || outcome === 'expired') throw new RangeError(`a run cannot finish as ${outcome}`);
  return outcome;
}
