import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { App } from '../app.js';
import { EXIT_OK } from '../errors.js';
import { scheduledPosts } from '../model/post-state.js';
import { periodEndedBy } from '../schedule/decide.js';
import { resumeAdvice } from '../send/report.js';
import type { ScheduleRun, UnfinishedIssue } from '../store/store.js';
import { openSendQueue, type RelayError } from '../send/queue/boss.js';
import { queueUrl } from '../send/queue/location.js';
import type { CommandContext } from './main.js';
import { localTime, scheduleOf } from './schedule.js';
import { withApp } from './with-app.js';

interface StatusFlags {
  json?: boolean;
  runs: number;
}

export interface StatusReport {
  cron: string;
  timeZone: string;
  enabled: boolean;
  catchUpDays: number;
  /** When the scheduler first ran on this store (null: never). */
  schedulerStart: string | null;
  next: { at: string; period: string; range: string } | null;
  runs: ScheduleRun[];
  pending: UnfinishedIssue[];
  /** Posts dated later than now, soonest first: the first build or scheduler run after `published` puts each in. */
  scheduled: { id: string; title: string; published: string; url: string }[];
  /** What to watch while workers send: see SendingStatus. */
  sending: SendingStatus;
}

/**
 * - queue: pages waiting for a worker and being sent (null: no send queue, the store is SQLite);
 * - inDoubt: deliveries of unfinished issues that may or may not have gone (unknown: `tidings deliveries`);
 * - relayErrors: the latest pages whose worker stopped on the relay's account or whose messages it deferred, newest first.
 */
export interface SendingStatus {
  queue: { waiting: number; active: number } | null;
  inDoubt: number;
  relayErrors: RelayError[];
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('a whole number from 1 to 1000');
  return n;
}

export function registerStatus(program: Command, ctx: CommandContext): void {
  program
    .command('status')
    .description("the scheduler's next run, its last runs, and the roundups with deliveries still pending")
    .option('--runs <n>', 'how many of the last runs to show', parseCount, 10)
    .option('--json', 'as JSON')
    .action(
      ctx.action(async (flags: StatusFlags) =>
        withApp(ctx, async (app) => {
          const report = await statusReport(app, flags.runs);
          ctx.io.out(flags.json ? JSON.stringify(report, null, 2) : formatStatus(report));
          return EXIT_OK;
        }),
      ),
    );
}

export async function statusReport(app: App, runs: number): Promise<StatusReport> {
  const { config, store } = app;
  const pending = await store.unfinishedIssues();
  const schedule = scheduleOf(app);
  const nextAt = schedule.next(app.now());
  const nextPeriod = nextAt === null ? null : periodEndedBy(nextAt, config);
  return {
    cron: schedule.expression,
    timeZone: schedule.timeZone,
    enabled: config.schedule.enabled,
    catchUpDays: config.schedule.catchUpDays,
    schedulerStart: (await store.schedulerStart()) ?? null,
    next: nextAt === null || nextPeriod === null ? null : { at: nextAt.toISOString(), period: nextPeriod.id, range: nextPeriod.range },
    runs: await store.listRuns(runs),
    pending,
    scheduled: scheduledPosts(await store.listPosts(), app.now()).map((p) => ({ id: p.id, title: p.title, published: p.published, url: p.url })),
    sending: await sendingStatus(app, pending),
  };
}

async function sendingStatus(app: App, pending: readonly UnfinishedIssue[]): Promise<SendingStatus> {
  const inDoubt = pending.reduce((sum, { counts }) => sum + counts.unknown, 0);
  const url = queueUrl(app.storeLocation, app.environment);
  if (url === null) return { queue: null, inDoubt, relayErrors: [] };
  const queue = await openSendQueue(url, { pageSeconds: app.config.send.queue.pageSeconds, supervise: false });
  try {
    return { queue: await queue.depth(), inDoubt, relayErrors: await queue.relayErrors(10) };
  } finally {
    await queue.close();
  }
}

function formatStatus(report: StatusReport): string {
  const lines: string[] = [];
  lines.push(`schedule: ${report.cron} in ${report.timeZone}${report.enabled ? '' : ' (off: schedule.enabled is false)'}; catch-up window ${report.catchUpDays} days`);
  lines.push(
    report.schedulerStart === null
      ? 'scheduler: has not run on this store yet (when it first does, roundups of periods that ended before are the back catalogue, never mailed)'
      : `scheduler: first ran ${report.schedulerStart}; roundups of periods that ended before then are the back catalogue`,
  );
  lines.push(
    report.next === null
      ? 'next run: none'
      : `next run: ${localTime(report.next.at, report.timeZone)} (${report.next.at}), for ${report.next.period} (${report.next.range})${report.enabled ? '' : ', if the scheduler is turned on'}`,
  );
  lines.push('scheduled posts (out of feeds, pages and roundups until their date):');
  if (report.scheduled.length === 0) lines.push('  none');
  for (const post of report.scheduled) {
    const when = localTime(post.published, report.timeZone);
    const run = report.next === null ? '' : Date.parse(post.published) <= Date.parse(report.next.at) ? '; published by the next run' : '';
    lines.push(`  ${when} (${post.published})  ${post.id}  ${post.title}${run}`);
  }
  lines.push('last runs:');
  if (report.runs.length === 0) lines.push('  none yet');
  for (const run of report.runs) lines.push(`  ${formatRun(run)}`);
  lines.push('pending deliveries:');
  if (report.pending.length === 0) lines.push('  none');
  for (const { issue, counts } of report.pending) {
    lines.push(
      `  ${issue.id} (${issue.status}${issue.owner ? `, held by ${issue.owner}` : ''}): ${counts.pending} pending, ${counts['in-flight']} in flight, ${counts.unknown} unknown, ${counts.sent} sent of ${counts.total}; ${resumeAdvice(issue.id, counts)}`,
    );
  }
  const { sending } = report;
  if (sending.queue !== null) {
    lines.push(`send queue: ${sending.queue.waiting} page(s) waiting, ${sending.queue.active} being sent; ${sending.inDoubt} delivery(ies) in doubt`);
    for (const error of sending.relayErrors) lines.push(`  ${error.at}  ${error.issueId}  ${error.worker}: ${error.error}`);
  }
  return lines.join('\n');
}

function formatRun(run: ScheduleRun): string {
  const c = run.counts;
  const took = run.finishedAt === null ? '' : `, ${Math.max(0, Math.round((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000))} s`;
  const parts = [run.scheduledFor, run.outcome.padEnd(14), run.issueId ?? '-'];
  const tally = run.outcome === 'expired' ? '' : `new ${c.new}, updated ${c.updated}, sent ${c.sent}, failed ${c.failed}, unknown ${c.unknown}, pending ${c.pending}`;
  const holder = run.outcome === 'running' ? ` in ${run.owner ?? '?'} until ${run.leaseUntil ?? '?'}` : '';
  const attempts = run.attempts > 1 ? `, attempt ${run.attempts}` : '';
  return `${parts.join('  ')}  ${tally}${tally ? '  ' : ''}(${run.trigger}${attempts}${took}${holder})${run.detail ? `: ${run.detail}` : ''}`;
}
