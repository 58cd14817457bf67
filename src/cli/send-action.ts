import cliProgress from 'cli-progress';
import { abortableSleep as sleep } from './sleep.js';
import type { App } from '../app.js';
import { openSending, senderDeps } from '../app/sending.js';
import { siteTemplates } from '../app/templates.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../errors.js';
import { dryRun, dryRunLines, exitCodeFor, resolveIssue, sendIssue, sendTestCopy, summaryLines, type IssueChoice, type SendProgress } from '../send/index.js';
import { describeVariant } from '../send/report.js';
import { ownerName } from '../send/owner.js';
import { openSendQueue } from '../send/queue/boss.js';
import { sendThroughQueue } from '../send/queue/coordinate.js';
import { queueUrl } from '../send/queue/location.js';
import type { Issue } from '../digest/model.js';
import { checkAddress } from '../subscribers/address.js';
import { requireSecret } from '../subscribers/secret.js';
import type { CliIO } from './io.js';
import type { CommandContext } from './main.js';

export interface SendFlags {
  issue?: string;
  latest?: boolean;
  to?: string;
  dryRun?: boolean;
  json?: boolean;
  recipients?: boolean;
  resendUnknown?: boolean;
  allowInsecure?: boolean;
  /** --no-wait (queued sends only): false. */
  wait?: boolean;
}

/** What `tidings send` runs (imported by send.ts only when the command runs: its --help loads none of this). */
export async function send(ctx: CommandContext, app: App, flags: SendFlags): Promise<number> {
  const { io } = ctx;
  if ((flags.issue === undefined) === (flags.latest !== true)) throw new UsageError('tidings send needs one of --issue ID or --latest');
  if (flags.to !== undefined && flags.resendUnknown) throw new UsageError('--resend-unknown is for a real send, not a test copy (--to)');
  if ((flags.json || flags.recipients) && !flags.dryRun) throw new UsageError(`${flags.json ? '--json' : '--recipients'} goes with --dry-run: tidings send --issue ID --dry-run ${flags.json ? '--json' : '--recipients'}`);
  const choice: IssueChoice = flags.issue !== undefined ? { id: flags.issue } : { latest: true };
  const testAddress = flags.to === undefined ? undefined : checkAddress(flags.to);
  if (testAddress !== undefined && !testAddress.ok) throw new UsageError(`--to: ${testAddress.problem} (${testAddress.hint})`);

  const { config } = app;
  const { issue, due, problems } = await resolveIssue(app.store, config, choice, app.now(), { requireDue: !flags.dryRun && testAddress === undefined });
  for (const problem of problems) io.err(`warning: ${problem}`);
  const templates = await siteTemplates(config, app.rootDir);

  if (flags.dryRun) {
    const report = await dryRun(app.store, { config, templates, issue, due, addresses: flags.json === true || flags.recipients === true });
    if (flags.json) io.out(JSON.stringify(report, null, 2));
    else for (const line of dryRunLines(report, { recipients: flags.recipients === true })) io.out(line);
    return EXIT_OK;
  }

  // Where the mail goes (with no relay configured, a running `tidings preview`'s inbox before the outbox), checked by the
  // one sending rule (app/sending-check.ts): a real send that receivers' checks would fail is refused, else told what to fix.
  const sending = await openSending(app, { audience: testAddress === undefined ? 'subscribers' : 'test-copy', allowInsecure: flags.allowInsecure === true, previewIfRunning: true });
  const { transport } = sending;
  if (sending.route.kind === 'preview-inbox') io.out(`tidings preview is running: sending to its inbox (${sending.route.url})`);
  for (const warning of sending.warnings) io.err(`warning: ${warning}`);
  // With workers (a PostgreSQL store), the issue goes to the send queue: the workers send it through their own connections.
  const queue = testAddress === undefined && sending.route.kind !== 'preview-inbox' ? queueUrl(app.storeLocation, app.environment) : null;
  if (queue !== null) {
    await sending.close();
    return sendQueued(ctx, app, issue, queue, flags);
  }
  try {
    if (testAddress !== undefined) {
      const secret = config.subscriptions.secret;
      try {
        const copy = await sendTestCopy(
          { store: app.store, transport, config, templates, now: app.now(), ...(secret ? { secret } : {}) },
          issue,
          testAddress.email,
        );
        if (copy === null) {
          io.err(`${testAddress.email} is a subscriber who follows no theme of the posts of issue ${issue.id}: they would get no email, so no test copy was sent`);
          return EXIT_FAILURE;
        }
        io.out(`sent a test copy of issue ${issue.id} (${describeVariant(copy.variant)}${copy.asSubscriber ? ', as the subscriber gets it' : ''}) to ${testAddress.email}: ${copy.response}`);
        io.out(`via ${transport.description}; nothing was recorded`);
        return EXIT_OK;
      } catch (error) {
        const failure = transport.classify(error);
        io.err(`tidings: the test copy to ${testAddress.email} was not sent: ${failure.reason}`);
        return EXIT_FAILURE;
      }
    }

    const bar = progressBar(io, issue.id);
    const deps = await senderDeps(app, transport, { templates, sleep, warn: (message) => io.err(`warning: ${message}`), onProgress: bar.update });
    io.out(`sending issue ${issue.id} ("${issue.subject}") via ${transport.description}`);

    const stop = new AbortController();
    const onSignal = (signal: NodeJS.Signals): void => {
      if (!stop.signal.aborted) io.err(`${signal}: stopping; finishing the messages in flight (at most 5 s, then their connections are closed; the next run carries on)`);
      stop.abort();
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    try {
      const report = await sendIssue(
        deps,
        { issue, signal: stop.signal, leaseMs: config.send.leaseSeconds * 1000, ...(flags.resendUnknown ? { resendUnknown: true } : {}) },
      );
      bar.stop();
      const command = `tidings send --issue ${issue.id}`;
      const lines = summaryLines(report, command);
      const code = exitCodeFor(report);
      for (const line of lines) (code === 0 ? io.out : io.err)(line);
      return code;
    } finally {
      bar.stop();
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    }
  } finally {
    await sending.close();
  }
}

/** The issue handed to the workers through the queue, and (unless --no-wait) waited for until it is settled. */
async function sendQueued(ctx: CommandContext, app: App, issue: Issue, url: string, flags: SendFlags): Promise<number> {
  const { io } = ctx;
  requireSecret(app.config);
  const queue = await openSendQueue(url, { pageSeconds: app.config.send.queue.pageSeconds, supervise: false, warn: (message) => io.err(`warning: ${message}`) });
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  const bar = progressBar(io, issue.id);
  const lines = progressLines(io, issue.id);
  try {
    io.out(`sending issue ${issue.id} ("${issue.subject}") through the send queue`);
    const report = await sendThroughQueue(
      {
        store: app.store,
        queue,
        now: app.now,
        sleep,
        owner: ownerName(),
        pageSize: app.config.send.queue.pageSize,
        say: io.out,
        onProgress: (progress) => {
          bar.update(progress);
          lines(progress);
        },
      },
      issue,
      { wait: flags.wait !== false, signal: stop.signal, ...(flags.resendUnknown ? { resendUnknown: true } : {}) },
    );
    bar.stop();
    if (report === null) {
      io.out(`the workers send it (run tidings worker, as many as you like); tidings status shows how far they are`);
      return EXIT_OK;
    }
    const code = exitCodeFor(report);
    for (const line of summaryLines(report, `tidings send --issue ${issue.id}`)) (code === 0 ? io.out : io.err)(line);
    return code;
  } finally {
    bar.stop();
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await queue.close();
  }
}

/** Off a terminal: a line every 5 s while waiting for the workers. */
function progressLines(io: CliIO, issueId: string): (progress: SendProgress) => void {
  if (io.isTTY) return () => undefined;
  let last = 0;
  return (progress) => {
    const now = Date.now();
    if (now - last < 5_000 || progress.total === 0) return;
    last = now;
    io.out(`sending ${issueId}: ${progress.done} of ${progress.total} settled (${progress.sent} sent, ${progress.failed} failed)`);
  };
}

/** Count, rate and time left on stderr, on a terminal only (piped output and CI logs stay clean). */
function progressBar(io: CliIO, issueId: string): { update: (progress: SendProgress) => void; stop: () => void } {
  if (!io.isTTY || !io.stderr) return { update: () => {}, stop: () => {} };
  let bar: cliProgress.SingleBar | undefined;
  const started = Date.now();
  let stopped = false;
  return {
    update(progress) {
      if (stopped || progress.total === 0) return;
      const seconds = (Date.now() - started) / 1000;
      const rate = seconds > 0 ? Math.round(progress.done / seconds) : 0;
      if (bar === undefined) {
        bar = new cliProgress.SingleBar(
          { stream: io.stderr, format: `sending ${issueId} [{bar}] {value}/{total} | {rate} msg/s | {eta_formatted} left | {failed} failed`, hideCursor: true, etaBuffer: 200 },
          cliProgress.Presets.shades_classic,
        );
        bar.start(progress.total, progress.done, { rate, failed: progress.failed });
      }
      bar.update(Math.min(progress.done, progress.total), { rate, failed: progress.failed });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar?.stop();
    },
  };
}
