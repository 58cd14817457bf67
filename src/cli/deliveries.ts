import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { App } from '../app.js';
import { EXIT_OK, UsageError } from '../errors.js';
import { deliveryJson, deliveryPages, deliveryTable, jsonArrayWriter, listFooter, NEEDS_DECISION, type DeliveryListQuery } from '../send/deliveries-table.js';
import { settleAddresses, settleIssue } from '../send/settle-run.js';
import { settleExitCode, settleLines } from '../send/settle.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../store/store.js';
import type { CommandContext } from './main.js';
import { withApp } from './with-app.js';

interface ListFlags {
  issue?: string;
  status?: DeliveryStatus;
  json?: boolean;
}

interface SettleFlags {
  sent?: boolean;
  resend?: boolean;
  all?: boolean;
  issue?: string;
  status?: DeliveryStatus;
}

function statusOption(value: string): DeliveryStatus {
  const status = DELIVERY_STATUSES.find((known) => known === value);
  if (status === undefined) throw new InvalidArgumentError(`one of ${DELIVERY_STATUSES.join(', ')}`);
  return status;
}

export function registerDeliveries(program: Command, ctx: CommandContext): void {
  const deliveries = program
    .command('deliveries')
    .description(
      'list the deliveries that need a decision (in doubt: unknown, or failed): `tidings deliveries [--issue ID] [--status STATUS] [--json]` (see `deliveries list --help`); settle them with `tidings deliveries settle`',
    );

  // The default: `tidings deliveries --issue X` lists. (Options on `deliveries` itself would take settle's --issue.)
  deliveries
    .command('list', { isDefault: true })
    .description('list deliveries (default: those that need a decision: unknown, then failed), with address, Message-ID, attempts and the last SMTP step')
    .option('--issue <id>', 'only this issue (e.g. 2019-W31); default: every issue')
    .option('--status <status>', `only deliveries in this status (${DELIVERY_STATUSES.join(', ')}); default: unknown and failed`, statusOption)
    .option('--json', 'one JSON array: id, issueId, email, status, messageId, attempts, lastAttemptAt, lastStep, lastError, ...')
    .action(ctx.action(async (flags: ListFlags) => withApp(ctx, (app) => list(ctx, app, flags))));

  deliveries
    .command('settle')
    .description(
      'decide deliveries in doubt: --sent (the relay took them: recorded as sent) or --resend (back to pending: the next `tidings send --issue ID` sends them; failed ones too). Subscribers a refusal marked bounced stay so: `tidings subscribers unsuppress EMAIL... --reason TEXT` puts them back',
    )
    .argument('[email...]', "the subscribers' addresses")
    .option('--sent', 'the relay did take them (its log shows the Message-ID): record them as sent, send nothing')
    .option('--resend', 'send them again (a recipient may get a second copy of an unknown one)')
    .option('--issue <id>', 'the issue (needed with --all, or when an address has deliveries to settle in several)')
    .option('--all', 'every delivery of --issue in --status, instead of addresses')
    .option('--status <status>', 'with --all: unknown (default) or failed (only with --resend)', statusOption)
    .action(ctx.action(async (emails: string[], flags: SettleFlags) => withApp(ctx, (app) => settle(ctx, app, emails, flags))));
}

async function list(ctx: CommandContext, app: App, flags: ListFlags): Promise<number> {
  const query: DeliveryListQuery = { ...(flags.issue === undefined ? {} : { issueId: flags.issue }), statuses: flags.status === undefined ? NEEDS_DECISION : [flags.status] };
  const counts: Partial<Record<DeliveryStatus, number>> = {};
  const json = flags.json ? jsonArrayWriter(ctx.io.out) : null;
  const table = deliveryTable();
  for await (const page of deliveryPages(app.store, query)) {
    for (const found of page) counts[found.delivery.status] = (counts[found.delivery.status] ?? 0) + 1;
    if (json !== null) for (const found of page) json.push(deliveryJson(found));
    else for (const line of table.lines(page)) ctx.io.out(line);
  }
  if (json !== null) json.end();
  else for (const line of listFooter(counts, query)) ctx.io.out(line);
  return EXIT_OK;
}

async function settle(ctx: CommandContext, app: App, emails: readonly string[], flags: SettleFlags): Promise<number> {
  if (flags.sent === flags.resend) throw new UsageError('tidings deliveries settle needs one of --sent (the relay took them) or --resend (send them again)');
  const settlement = flags.sent ? 'sent' : 'resend';
  const settleCtx = { store: app.store, now: app.now().toISOString(), owner: `tidings-deliveries-settle/${randomUUID()}` };
  let report;
  if (flags.all) {
    if (emails.length > 0) throw new UsageError('--all settles every delivery of an issue: give either addresses or --all, not both');
    if (flags.issue === undefined) throw new UsageError('--all needs --issue ID (list them first with `tidings deliveries --issue ID`)');
    const status = flags.status ?? 'unknown';
    if (status !== 'unknown' && status !== 'failed') throw new UsageError(`--status ${status}: only unknown or failed deliveries are settled`);
    if (status === 'failed' && settlement === 'sent') throw new UsageError('--status failed --sent: the relay refused failed deliveries, so they were not sent; --resend tries them again');
    report = await settleIssue(settleCtx, flags.issue, status, settlement);
  } else {
    if (emails.length === 0) throw new UsageError('tidings deliveries settle needs addresses (EMAIL...), or --all --issue ID');
    if (flags.status !== undefined) throw new UsageError('--status goes with --all (an address names its own delivery)');
    report = await settleAddresses(settleCtx, emails, settlement, flags.issue);
  }
  const code = settleExitCode(report);
  const { lines, problems } = settleLines(report);
  for (const line of lines) ctx.io.out(line);
  for (const line of problems) ctx.io.err(line);
  return code;
}
