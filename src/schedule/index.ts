/**
 * The roundup scheduler: when runs are due (cron-schedule.ts, in the
 * site's time zone), what a run decides (decide.ts, pure), the core that
 * ticks, catches up and records runs (scheduler.ts), node-cron waking it
 * up (daemon.ts), `--dry-run` (dry-run.ts) and its JSON-lines log (log.ts).
 */
export type { CronSchedule } from './cron-schedule.js';
export { cronSchedule } from './cron-schedule.js';
export { cronProblem } from './cron-check.js';
export type { IssueDecision, SlotDecision, TickSource } from './decide.js';
export { issueDecision, ON_TIME_MS, periodEndedBy, slotDecision, targetIssue } from './decide.js';
export type { Scheduler, SchedulerDeps, SchedulerStore, TickAction, TickReport } from './scheduler.js';
export { createScheduler } from './scheduler.js';
export type { Daemon, DaemonOptions } from './daemon.js';
export { startDaemon } from './daemon.js';
export type { DryRunIssue, DryRunReport, DryRunStore } from './dry-run.js';
export { dryRun } from './dry-run.js';
export type { BuildOutcome, ImportOutcome, RunSteps, SendOutcome, SendStatus } from './steps.js';
export type { EventLog, LogEntry, LogFields, LogLevel } from './log.js';
export { describeError, errorLine, jsonLineLog, memoryLog } from './log.js';
