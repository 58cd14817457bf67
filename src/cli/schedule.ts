import { randomUUID } from 'node:crypto';
import { abortableSleep as sleep } from './sleep.js';
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import type { App } from '../app.js';
import { checkConfiguredSending, openSending, senderDeps } from '../app/sending.js';
import { livePosts } from '../model/post-state.js';
import { peekNumberedIssues } from '../build/numbered-issues.js';
import { EXIT_FAILURE, EXIT_OK, InputError, TidingsError, UsageError } from '../errors.js';
import { appSteps, type SendStep } from '../app/schedule-steps.js';
import { cronSchedule, type CronSchedule } from '../schedule/cron-schedule.js';
import { startDaemon } from '../schedule/daemon.js';
import { formatDuration } from '../schedule/decide.js';
import { dryRun, type DryRunReport } from '../schedule/dry-run.js';
import { jsonLineLog, type EventLog } from '../schedule/log.js';
import { createScheduler, type Scheduler } from '../schedule/scheduler.js';
import type { SendOutcome } from '../schedule/steps.js';
import { inDoubtAdvice, refusalLines, resolveIssue, resumeAdvice, sendIssue, type SendReport } from '../send/index.js';
import { requireSecret } from '../subscribers/secret.js';
import type { Issue } from '../digest/model.js';
import { ownerName } from '../send/owner.js';
import { openSendQueue } from '../send/queue/boss.js';
import { sendThroughQueue } from '../send/queue/coordinate.js';
import { queueUrl } from '../send/queue/location.js';
import type { CliIO } from './io.js';
import type { CommandContext } from './main.js';
import { waitForShutdown } from './shutdown.js';
import { withApp } from './with-app.js';

interface ScheduleFlags {
  at?: string;
  dryRun?: boolean;
  json?: boolean;
  allowInsecure?: boolean;
}

export function registerSchedule(program: Command, ctx: CommandContext): void {
  program
    .command('schedule')
    .description('the roundup scheduler: at each slot of schedule.cron (in site.timeZone) import, build and send the roundup of the period that has just ended; catches up a run missed while it was down')
    .option('--at <time>', 'run the slot due at this moment once, then exit (ISO 8601; without an offset, in site.timeZone)')
    .option('--dry-run', 'say what would run (at --at, default now) and what it would send, without importing, building, sending or recording anything')
    .option('--json', 'with --dry-run: the answer as JSON')
    .option('--allow-insecure', 'send to subscribers even though site.baseUrl is not https or email.from is not on a public domain (a test relay, a staging list)')
    .action(
      ctx.action(async (flags: ScheduleFlags) =>
        withApp(ctx, async (app) => {
          if (flags.dryRun) return dryRunCommand(ctx.io, app, flags);
          if (flags.json) throw new UsageError('--json goes with --dry-run');
          const sending = { allowInsecure: flags.allowInsecure === true };
          if (flags.at !== undefined) return runOnceAt(ctx.io, app, parseAt(flags.at, app), sending);
          return runDaemon(ctx.io, app, sending);
        }),
      ),
    );
}

/** The scheduler on the app, with the real steps; `close` closes what the send step opened. */
export interface Scheduling {
  scheduler: Scheduler;
  schedule: CronSchedule;
  close(): Promise<void>;
}

/** How the scheduler's sends are held to the sending rule (app.ts checkSending): `--allow-insecure`. */
export interface SchedulingOptions {
  readonly allowInsecure: boolean;
}

/**
 * Wires the scheduler for `tidings schedule` and `tidings start`: the app's
 * store and config, the real steps, this process as owner. A config that
 * the sending rule refuses (http base URL, a From on no public domain,
 * over a relay) stops it here, before it serves or waits, with what to set.
 */
export async function openScheduling(app: App, _io: CliIO, log: EventLog, options: SchedulingOptions, now: () => Date = app.now): Promise<Scheduling> {
  const schedule = scheduleOf(app);
  const sending = await openSendStep(app, log, options);
  const scheduler = createScheduler({
    store: app.store,
    config: app.config,
    schedule,
    steps: appSteps(app, sending.send),
    now,
    owner: `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`,
    log,
  });
  return { scheduler, schedule, close: sending.close };
}

/** The configured schedule; one that never fires is refused. */
export function scheduleOf(app: App): CronSchedule {
  const { cron } = app.config.schedule;
  const schedule = cronSchedule(cron, app.config.site.timeZone);
  if (schedule.next(app.now()) === null) {
    throw new InputError(`schedule.cron "${cron}" never fires (in the next 30 years): fix it in ${app.configFile ?? 'the config'}`);
  }
  return schedule;
}

/**
 * The send step: the sender (src/send/) sends one issue, computed from the
 * store as it is now, over the configured transport (opened for the send
 * and closed after it, so no relay connection idles between roundups).
 * Without a secret to sign the links nothing can be sent: said at start,
 * and a run that gets to the send step fails saying what to set.
 */
async function openSendStep(app: App, log: EventLog, options: SchedulingOptions): Promise<{ send: SendStep; close(): Promise<void> }> {
  const { config } = app;
  const check = { audience: 'subscribers' as const, allowInsecure: options.allowInsecure };
  for (const warning of await checkConfiguredSending(app, check)) log.warn('scheduler.sending-warning', { detail: warning });
  try {
    requireSecret(config);
  } catch (error) {
    if (!(error instanceof TidingsError)) throw error;
    log.warn('scheduler.cannot-send', { detail: `runs will import and build, but not send: ${error.message}` });
  }
  const send: SendStep = async (issueId, signal) => {
    requireSecret(config);
    // The same check again (app/sending-check.ts), on the route as it is now; its warnings were logged at start.
    const sending = await openSending(app, check);
    try {
      const { issue } = await resolveIssue(app.store, config, { id: issueId }, app.now(), { requireDue: true });
      // With workers (a PostgreSQL store), the scheduler queues the issue for them and waits for it, instead of sending itself.
      const queue = queueUrl(app.storeLocation, app.environment);
      if (queue !== null) return await sendQueuedStep(app, issue, queue, log, signal);
      const deps = await senderDeps(app, sending.transport, { sleep, warn: (message) => log.warn('send.warning', { issueId, message }) });
      log.info('send.transport', { issueId, transport: sending.transport.description });
      const report = await sendIssue(deps, { issue, signal, leaseMs: config.send.leaseSeconds * 1000 });
      return sendOutcome(report);
    } finally {
      await sending.close();
    }
  };
  return { send, close: async () => undefined };
}

/** The scheduler's send through the queue: the issue's pages queued, then waited for until the workers settle it (or the scheduler stops). */
async function sendQueuedStep(app: App, issue: Issue, url: string, log: EventLog, signal: AbortSignal): Promise<SendOutcome> {
  const queue = await openSendQueue(url, { pageSeconds: app.config.send.queue.pageSeconds, supervise: false, warn: (message) => log.warn('send.queue', { issueId: issue.id, message }) });
  try {
    const report = await sendThroughQueue(
      { store: app.store, queue, now: app.now, sleep, owner: ownerName(), pageSize: app.config.send.queue.pageSize, say: (line) => log.info('send.queued', { issueId: issue.id, detail: line }) },
      issue,
      { wait: true, signal },
    );
    if (report !== null) return sendOutcome(report);
    const counts = await app.store.deliveryCounts(issue.id);
    return { status: 'stopped', sent: counts.sent, failed: counts.failed, unknown: counts.unknown, pending: counts.pending + counts['in-flight'], detail: 'stopped waiting for the workers; they carry on (tidings status)' };
  } finally {
    await queue.close();
  }
}

/** The sender's report as the scheduler counts it: the issue's deliveries as the send left them. */
function sendOutcome(report: SendReport): SendOutcome {
  const { counts } = report;
  const tally = { sent: counts.sent, failed: counts.failed, unknown: counts.unknown, pending: counts.pending + counts['in-flight'] };
  switch (report.outcome) {
    case 'sent':
      return { status: 'finished', ...tally };
    case 'already-sent':
      return { status: 'already-sent', ...tally };
    case 'held':
      return { status: 'held', ...tally, detail: `held by ${report.heldBy?.owner ?? 'another sender'}; its claim lapses at ${report.heldBy?.until ?? '?'} unless renewed` };
    case 'relay-refused': {
      // Not the subscribers' fault: the explanation `tidings send` gives, on one line (the error quotes the reply already).
      const lines = refusalLines(report.refusal, `tidings send --issue ${report.issueId}`).map((line) => line.trim());
      const checks = lines.filter((line) => line.startsWith('- ')).map((line) => line.slice(2));
      const [, nobody = '', , ...rest] = lines.filter((line) => !line.startsWith('- '));
      return { status: 'stopped', ...tally, detail: `relay-refused: ${report.error ?? 'the relay refused the send'}. ${nobody} Check: ${checks.join('; ')}. ${rest.join(' ')}` };
    }
    default:
      return { status: 'stopped', ...tally, detail: `${report.outcome}${report.error ? `: ${report.error}` : ''}; ${resumeAdvice(report.issueId, counts)}` };
  }
}

async function runDaemon(io: CliIO, app: App, options: SchedulingOptions): Promise<number> {
  if (!app.config.schedule.enabled) {
    throw new InputError(`the scheduler is off (schedule.enabled: false in ${app.configFile ?? 'the config'}): set it to true to run it`);
  }
  const log = jsonLineLog(io.out, app.now);
  const scheduling = await openScheduling(app, io, log, options);
  try {
    const daemon = startDaemon({ scheduler: scheduling.scheduler, expression: scheduling.schedule.expression, timeZone: scheduling.schedule.timeZone, log });
    const signal = await waitForShutdown();
    log.info('scheduler.stopping', { signal });
    await daemon.stop(`stopped by ${signal}`);
  } finally {
    await scheduling.close();
  }
  log.info('scheduler.stopped');
  return EXIT_OK;
}

/** `--at T`: the slot due at T runs once, as the daemon would run it then, on a clock that starts at T. */
async function runOnceAt(io: CliIO, app: App, at: Date, options: SchedulingOptions): Promise<number> {
  const realNow = app.now();
  if (at.getTime() > realNow.getTime() + 60_000) {
    throw new UsageError(`--at ${at.toISOString()} is in the future: a run happens now or never; add --dry-run to see what would run then`);
  }
  const offset = at.getTime() - realNow.getTime();
  const now = () => new Date(app.now().getTime() + offset);
  const log = jsonLineLog(io.out, now);
  const scheduling = await openScheduling(app, io, log, options, now);
  try {
    const report = await scheduling.scheduler.tick('manual');
    if (report.action === 'not-due' || report.action === 'before-start') {
      log.info('run.nothing-due', { at: at.toISOString(), next: scheduling.schedule.next(at)?.toISOString() ?? null });
    }
    return report.action === 'ran' && report.run?.outcome === 'failed' ? EXIT_FAILURE : EXIT_OK;
  } finally {
    await scheduling.close();
  }
}

async function dryRunCommand(io: CliIO, app: App, flags: ScheduleFlags): Promise<number> {
  const at = flags.at === undefined ? app.now() : parseAt(flags.at, app);
  const report = await dryRun({
    at,
    store: app.store,
    config: app.config,
    schedule: scheduleOf(app),
    planIssues: async () => peekNumberedIssues(app.store, livePosts(await app.store.listPosts(), at), app.config),
  });
  io.out(flags.json ? JSON.stringify(report, null, 2) : formatDryRun(report));
  return EXIT_OK;
}

/** An ISO 8601 time; without an offset it is read in the site's time zone. */
function parseAt(value: string, app: App): Date {
  const parsed = DateTime.fromISO(value, { zone: app.config.site.timeZone });
  if (!parsed.isValid || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new UsageError(`--at ${value}: not an ISO 8601 time; e.g. 2025-10-27T08:00:00Z, or 2025-10-27T08:00 in ${app.config.site.timeZone}`);
  }
  return parsed.toJSDate();
}

/** A UTC instant as the site's wall clock reads it: "Mon 27 Oct 2025 08:00:00 GMT". */
export function localTime(iso: string, timeZone: string): string {
  return DateTime.fromISO(iso, { zone: timeZone }).toFormat('ccc d LLL yyyy HH:mm:ss ZZZZ');
}

function formatDryRun(report: DryRunReport): string {
  const lines: string[] = [];
  const when = (iso: string | null) => (iso === null ? 'none' : `${iso} (${localTime(iso, report.timeZone)})`);
  lines.push(`at ${when(report.at)}`);
  lines.push(`schedule: ${report.cron} in ${report.timeZone}; catch-up window ${report.catchUpDays} days`);
  lines.push(`latest slot: ${when(report.slot)}${report.lateByMs !== null && report.lateByMs > 0 ? `, ${formatDuration(report.lateByMs)} before` : ''}`);
  lines.push(`next slot: ${when(report.next)}`);
  lines.push(`scheduler first ran: ${report.schedulerStart ?? 'never (this would be its first run: periods that ended before it are the back catalogue)'}`);
  const issue = report.issue;
  if (issue !== null) {
    lines.push(`period that had just ended: ${issue.id} (${issue.period.range})`);
    if (issue.posts > 0) {
      lines.push(`  issue: "${issue.subject ?? ''}", ${issue.posts} post(s), ${issue.status}; ${issue.recipients} active subscriber(s) would get it`);
      for (const section of issue.sections) lines.push(`    ${section.name}: ${section.posts}`);
      if (issue.logged.total > 0) lines.push(`  deliveries logged: ${issue.logged.sent} sent, ${issue.logged.pending} pending, ${issue.logged.unknown} unknown of ${issue.logged.total}`);
      if (issue.logged.unknown > 0) lines.push(`  ${inDoubtAdvice(issue.id, issue.logged.unknown)}`);
    }
  }
  lines.push(`=> ${report.summary}`);
  lines.push('(dry run: nothing imported, built, sent or recorded; a real run imports the content sources first, so new posts can still join)');
  return lines.join('\n');
}
