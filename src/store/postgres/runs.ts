import type { RunStore, ScheduleRun } from '../run-store.js';
import { finishedCounts, finishOutcome, NO_RUN_COUNTS, RUN_COLUMNS, rowToRun, runLease, runOutcome, runTrigger, type RunRow, DEFAULT_RUN_LEASE_MS } from '../rows/run-rows.js';
import { instant, wholeNumber } from '../sqlite/clock.js';
import type { Db } from './connection.js';

/** The scheduler's start and runs, without unfinishedIssues (which reads the send log). */
export type Runs = Omit<RunStore, 'unfinishedIssues'>;

const INSERT = `
  INSERT INTO schedule_runs (scheduled_for, scheduled_ms, trigger, outcome, owner, lease_until_ms, started_at, counts, finished_at, detail)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;

/**
 * A claim in one statement: a new slot is inserted as running; a slot
 * already there is taken (under the row lock ON CONFLICT holds, its
 * condition read on the latest version) only when it failed or its hold
 * lapsed. No row back: someone else holds it, or it finished.
 */
const CLAIM = `${INSERT}
  ON CONFLICT (scheduled_ms) DO UPDATE
  SET trigger = EXCLUDED.trigger, owner = EXCLUDED.owner, lease_until_ms = EXCLUDED.lease_until_ms, started_at = EXCLUDED.started_at,
      counts = EXCLUDED.counts, attempts = schedule_runs.attempts + 1, outcome = 'running', finished_at = NULL, detail = NULL, issue_id = NULL
  WHERE schedule_runs.outcome = 'failed'
     OR (schedule_runs.outcome = 'running' AND (schedule_runs.lease_until_ms IS NULL OR schedule_runs.lease_until_ms <= $11))
  RETURNING ${RUN_COLUMNS}`;

/** The scheduler's record (scheduler_start, schedule_runs) on PostgreSQL: every change one conditional statement. */
export function postgresRuns(db: Db): Runs {
  const bySlot = async (ms: number): Promise<ScheduleRun | undefined> => {
    const row = (await db.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM schedule_runs WHERE scheduled_ms = $1`, [ms])).rows[0];
    return row === undefined ? undefined : rowToRun(row);
  };
  const mustGet = async (ms: number): Promise<ScheduleRun> => {
    const run = await bySlot(ms);
    if (run === undefined) throw new Error(`the run of ${new Date(ms).toISOString()} vanished while being written`);
    return run;
  };
  const start = async (): Promise<string | undefined> =>
    (await db.query<{ started_at: string }>('SELECT started_at FROM scheduler_start WHERE id = 1')).rows[0]?.started_at;

  return {
    async markSchedulerStart(at) {
      const iso = instant(at, 'the scheduler start').iso;
      await db.query('INSERT INTO scheduler_start (id, started_at) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [iso]);
      const started = await start();
      if (started === undefined) throw new Error('the scheduler start vanished while being written');
      return started;
    },
    schedulerStart: start,
    async claimRun(scheduledFor, owner, options) {
      const slot = instant(scheduledFor, 'scheduledFor');
      const now = instant(options.now);
      const lease = runLease(options.leaseMs);
      const trigger = runTrigger(options.trigger);
      const params = [slot.iso, slot.ms, trigger, 'running', owner, now.ms + lease, now.iso, JSON.stringify(NO_RUN_COUNTS), null, null, now.ms];
      const taken = (await db.query<RunRow>(CLAIM, params)).rows[0];
      if (taken !== undefined) return { claimed: true, run: rowToRun(taken) };
      return { claimed: false, run: await mustGet(slot.ms) };
    },
    async renewRun(scheduledFor, owner, options = {}) {
      const until = instant(options.now).ms + (options.leaseMs ?? DEFAULT_RUN_LEASE_MS);
      const slot = instant(scheduledFor, 'scheduledFor').ms;
      const renewed = await db.query("UPDATE schedule_runs SET lease_until_ms = $1 WHERE scheduled_ms = $2 AND outcome = 'running' AND owner = $3", [until, slot, owner]);
      return renewed.rowCount === 1;
    },
    async finishRun(scheduledFor, owner, result, options = {}) {
      const slot = instant(scheduledFor, 'scheduledFor');
      const outcome = finishOutcome(result.outcome);
      const counts = finishedCounts(result.counts ?? {});
      const finished = await db.query<RunRow>(
        `UPDATE schedule_runs
         SET outcome = $1, finished_at = $2, issue_id = $3, counts = $4, detail = $5, owner = NULL, lease_until_ms = NULL
         WHERE scheduled_ms = $6 AND outcome = 'running' AND owner = $7
         RETURNING ${RUN_COLUMNS}`,
        [outcome, instant(options.now).iso, result.issueId ?? null, counts, result.detail ?? null, slot.ms, owner],
      );
      const row = finished.rows[0];
      return row === undefined ? undefined : rowToRun(row);
    },
    async recordSkippedRun(scheduledFor, skipped) {
      const slot = instant(scheduledFor, 'scheduledFor');
      const now = instant(skipped.now);
      const outcome = runOutcome(skipped.outcome);
      const params = [slot.iso, slot.ms, runTrigger(skipped.trigger), outcome, null, null, now.iso, JSON.stringify(NO_RUN_COUNTS), now.iso, skipped.detail];
      const inserted = (await db.query<RunRow>(`${INSERT} ON CONFLICT (scheduled_ms) DO NOTHING RETURNING ${RUN_COLUMNS}`, params)).rows[0];
      if (inserted !== undefined) return { recorded: true, run: rowToRun(inserted) };
      return { recorded: false, run: await mustGet(slot.ms) };
    },
    getRun: async (scheduledFor) => bySlot(instant(scheduledFor, 'scheduledFor').ms),
    async listRuns(limit) {
      const rows = await db.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM schedule_runs ORDER BY scheduled_ms DESC LIMIT $1`, [
        limit === undefined ? null : wholeNumber(limit, 'limit'),
      ]);
      return rows.rows.map(rowToRun);
    },
  };
}
