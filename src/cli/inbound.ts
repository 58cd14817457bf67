import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { App } from '../app.js';
import { EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, UsageError } from '../errors.js';
import { describeFsError } from '../files/fs-error.js';
import { inboundSettings, type InboundSummary } from '../inbound/apply.js';
import type { ReceivedMessage } from '../inbound/classify.js';
import { pollImapOnce } from '../inbound/imap.js';
import { startInboundListener } from '../inbound/listener.js';
import { createReceiver, type Receiver } from '../inbound/receive.js';
import { inboundAddressKind } from '../mail/return-path.js';
import type { CliIO } from './io.js';
import type { CommandContext } from './main.js';
import { parsePort } from './port.js';
import { waitForShutdown } from './shutdown.js';
import { abortableSleep } from './sleep.js';
import { withApp } from './with-app.js';

interface InboundFlags {
  listen?: boolean;
  port?: number;
  host?: string;
  imap?: boolean;
  every?: number;
  recipient?: string[];
  report?: boolean;
  issue?: string;
  review?: boolean;
}

/** sysexits.h EX_TEMPFAIL: what Postfix's and Exim's pipe transports take as "try again later". */
const EX_TEMPFAIL = 75;

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 10 || n > 86_400) throw new InvalidArgumentError('a whole number of seconds from 10 to 86400');
  return n;
}

export function registerInbound(program: Command, ctx: CommandContext): void {
  program
    .command('inbound')
    .description('bounces, complaints and mailto: unsubscribes coming back: from files (- for stdin, as a Postfix pipe), an SMTP listener or an IMAP mailbox')
    .argument('[files...]', '.eml files to read, or - for one message on stdin')
    .option('--listen', 'run an SMTP listener for the bounce and unsubscribe addresses (the MX of the bounce domain, or a forward)')
    .option('--port <n>', 'its port (0: any free port; default: inbound.port, 2525)', parsePort)
    .option('--host <address>', 'its address (default: inbound.host, 127.0.0.1)')
    .option('--imap', 'read the mailbox of inbound.imap once (or every --every seconds) and flag or move what was read')
    .option('--every <seconds>', 'with --imap: keep polling, this many seconds apart, until stopped', parseSeconds)
    .option('--recipient <address...>', 'with files or stdin: the envelope recipient (Postfix: ${recipient})')
    .option('--report', 'per issue: sent, bounced hard and soft, complained, unsubscribed (and what is kept for review)')
    .option('--issue <id>', 'with --report: only this issue')
    .option('--review', 'list the events that named no delivery tidings made, kept for review')
    .action(
      ctx.action(async (files: string[], flags: InboundFlags) =>
        withApp(ctx, async (app) => {
          const modes = [files.length > 0, flags.listen === true, flags.imap === true, flags.report === true, flags.review === true].filter(Boolean).length;
          if (modes !== 1) throw new UsageError('give files (or - for stdin), or one of --listen, --imap, --report, --review');
          if (flags.report) return report(app, ctx.io, flags.issue);
          if (flags.review) return review(app, ctx.io);
          const receiver = createReceiver({ config: app.config, store: app.store, clock: app.now, settings: inboundSettings(app.config) });
          if (flags.listen) return listen(app, ctx.io, receiver, flags);
          if (flags.imap) return imap(app, ctx.io, receiver, flags.every);
          return readFiles(ctx.io, receiver, files, flags.recipient ?? [], app.now);
        }),
      ),
    );
}

/** One line per event, as every way in prints it. */
function printSummary(io: CliIO, label: string, summary: InboundSummary): void {
  for (const { event, outcome, detail, subscriber } of summary.events) {
    const code = event.status === null ? '' : ` ${event.status}`;
    const about = event.recipient === null ? '' : ` for ${event.recipient}`;
    const who = subscriber === undefined ? '' : ` [${subscriber.email}: ${subscriber.status}]`;
    io.out(`${label}: ${event.kind}${code}${about}: ${outcome === 'duplicate' ? 'duplicate, ' : ''}${detail}${who}`);
  }
}

type Totals = Record<'messages' | 'applied' | 'counted' | 'review' | 'ignored' | 'duplicate', number>;
const emptyTotals = (): Totals => ({ messages: 0, applied: 0, counted: 0, review: 0, ignored: 0, duplicate: 0 });
function add(totals: Totals, summary: InboundSummary): void {
  totals.messages += 1;
  for (const key of ['applied', 'counted', 'review', 'ignored', 'duplicate'] as const) totals[key] += summary.counts[key];
}
const totalsLine = (t: Totals): string =>
  `${t.messages} message(s): ${t.applied} applied, ${t.counted} counted, ${t.review} kept for review, ${t.ignored} ignored, ${t.duplicate} already stored`;

async function readFiles(io: CliIO, receiver: Receiver, files: readonly string[], recipients: readonly string[], clock: () => Date): Promise<number> {
  const totals = emptyTotals();
  let unreadable = 0;
  let failed = 0;
  for (const file of files) {
    let raw: Buffer;
    try {
      raw = file === '-' ? await readAll(io.stdin ?? process.stdin) : await readFile(path.resolve(io.cwd, file));
    } catch (error) {
      unreadable += 1;
      io.err(`${file}: cannot read it: ${describeFsError(error)} (check the path; the other files are read)`);
      continue;
    }
    if (raw.length === 0) {
      unreadable += 1;
      io.err(`${file === '-' ? 'stdin' : file}: empty: not a message (give one message per file)`);
      continue;
    }
    const message: ReceivedMessage = { raw, source: 'file', envelopeTo: recipients, receivedAt: clock() };
    let summary: InboundSummary;
    try {
      summary = await receiver.receive(message);
    } catch (error) {
      failed += 1;
      io.err(`${file === '-' ? 'stdin' : file}: not stored: ${(error as Error).message} (nothing was changed for it; give it again)`);
      continue;
    }
    printSummary(io, file === '-' ? 'stdin' : file, summary);
    add(totals, summary);
  }
  io.out(`inbound: ${totalsLine(totals)}`);
  // A pipe from a mail server: EX_TEMPFAIL makes it keep the message and try again later.
  if (failed > 0) return files.includes('-') ? EX_TEMPFAIL : EXIT_FAILURE;
  return unreadable > 0 ? EXIT_BAD_INPUT : EXIT_OK;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

async function listen(app: App, io: CliIO, receiver: Receiver, flags: InboundFlags): Promise<number> {
  const totals = emptyTotals();
  const listener = await startInboundListener({
    host: flags.host ?? app.config.inbound.host,
    port: flags.port ?? app.config.inbound.port,
    maxMessageBytes: app.config.inbound.maxMessageBytes,
    accepts: (address) => inboundAddressKind(app.config, address) !== null,
    clock: app.now,
    onMessage: async (message) => {
      const summary = await receiver.receive(message);
      printSummary(io, `smtp <${message.envelopeTo?.join(', ') ?? ''}>`, summary);
      add(totals, summary);
    },
    onError: (error) => io.err(`tidings inbound: ${error.message}`),
  }).catch((error: unknown) => {
    throw new UsageError(`cannot listen on ${flags.host ?? app.config.inbound.host}:${flags.port ?? app.config.inbound.port}: ${(error as Error).message}`);
  });
  io.out(`inbound: listening for bounces and unsubscribes on ${listener.host}:${listener.port} (Ctrl-C to stop)`);
  await waitForShutdown();
  await listener.close();
  io.out(`inbound: stopped; ${totalsLine(totals)}`);
  return EXIT_OK;
}

async function imap(app: App, io: CliIO, receiver: Receiver, every: number | undefined): Promise<number> {
  const settings = app.config.inbound.imap;
  if (settings === undefined) throw new UsageError('--imap needs inbound.imap in the config (host, user, and the password in the environment variable inbound.imap.passwordEnv)');
  const password = app.environment.variable(settings.passwordEnv);
  if (password === undefined) throw new UsageError(`--imap: set the environment variable ${settings.passwordEnv} to the password of ${settings.user}`);
  const pass = async (): Promise<number> => {
    const totals = emptyTotals();
    try {
      const result = await pollImapOnce(
        { ...settings, password },
        async (message) => {
          const summary = await receiver.receive(message);
          printSummary(io, `imap ${settings.mailbox}`, summary);
          add(totals, summary);
        },
        app.now,
        (error, uid) => io.err(`imap ${settings.mailbox}: message ${uid} left unread for the next pass: ${error.message}`),
      );
      io.out(`inbound: ${settings.user}@${settings.host} ${settings.mailbox}: ${totalsLine(totals)}`);
      return result.failed > 0 ? EXIT_FAILURE : EXIT_OK;
    } catch (error) {
      io.err(`tidings inbound: cannot read ${settings.mailbox} at ${settings.host}:${settings.port} as ${settings.user}: ${(error as Error).message} (check inbound.imap and ${settings.passwordEnv})`);
      return EXIT_FAILURE;
    }
  };
  if (every === undefined) return pass();
  const stop = new AbortController();
  void waitForShutdown().then(() => stop.abort());
  while (!stop.signal.aborted) {
    await pass();
    await abortableSleep(every * 1000, stop.signal);
  }
  return EXIT_OK;
}

async function report(app: App, io: CliIO, issueId: string | undefined): Promise<number> {
  const issues = issueId === undefined ? await issuesWithDeliveries(app) : [issueId];
  if (issueId !== undefined && (await app.store.getIssue(issueId)) === undefined) throw new UsageError(`no issue ${issueId} in the send log (tidings status lists those being sent)`);
  io.out('issue       sent  hard  soft  complained  unsubscribed  auto-replies');
  for (const id of issues) {
    const sent = (await app.store.deliveryCounts(id)).sent;
    const r = await app.store.inboundReport(id);
    const cell = (n: number, width: number) => String(n).padStart(width);
    io.out(`${id.padEnd(10)} ${cell(sent, 5)} ${cell(r.bouncedHard, 5)} ${cell(r.bouncedSoft, 5)} ${cell(r.complained, 11)} ${cell(r.unsubscribed, 13)} ${cell(r.autoReplies, 13)}`);
  }
  const all = await app.store.inboundReport();
  io.out(`kept for review (named no delivery tidings made): ${all.review}; ignored: ${all.ignored}${all.review > 0 ? ' (tidings inbound --review lists them)' : ''}`);
  return EXIT_OK;
}

async function issuesWithDeliveries(app: App): Promise<string[]> {
  const ids = new Set<string>();
  let afterId = 0;
  for (;;) {
    const page = await app.store.findDeliveries({ afterId, limit: 5000 });
    if (page.length === 0) break;
    for (const { delivery } of page) ids.add(delivery.issueId);
    afterId = page[page.length - 1]?.delivery.id ?? afterId;
  }
  return [...ids].sort();
}

async function review(app: App, io: CliIO): Promise<number> {
  const events = await app.store.inboundEventsForReview(100);
  if (events.length === 0) io.out('nothing kept for review');
  for (const event of events) {
    io.out(`#${event.id} ${event.receivedAt} ${event.kind}${event.status ? ` ${event.status}` : ''}${event.recipient ? ` for ${event.recipient}` : ''} (${event.source}): ${event.detail}`);
    io.out(event.excerpt.split('\n').slice(0, 12).map((line) => `    ${line}`).join('\n'));
  }
  return EXIT_OK;
}
