import { SETTLEABLE, type Delivery, type DeliveryCounts, type DeliveryStatus, type Settlement, type Subscriber, type SubscriberStatus } from '../store/store.js';

/**
 * Settling deliveries (`tidings deliveries settle`): which delivery an
 * operator's address means, and what the command says afterwards. Pure:
 * the stage that reads and writes the store is settle-run.ts.
 */

/** What one address on the command line comes to. */
export type AddressDecision =
  | { readonly kind: 'settle'; readonly email: string; readonly delivery: Delivery; readonly subscriberStatus: SubscriberStatus }
  | { readonly kind: 'refused'; readonly email: string; readonly reason: string };

/**
 * The one delivery of this subscriber that `settlement` can decide (of
 * `issueId`, when given): refused when the address is no subscriber, has no
 * such delivery, only deliveries in other states, or several to settle in
 * different issues (then the operator names one).
 */
export function chooseDelivery(
  email: string,
  subscriber: Subscriber | undefined,
  deliveries: readonly Delivery[],
  settlement: Settlement,
  issueId?: string,
): AddressDecision {
  const refuse = (reason: string): AddressDecision => ({ kind: 'refused', email, reason });
  if (subscriber === undefined) return refuse('not a subscriber');
  const scoped = issueId === undefined ? deliveries : deliveries.filter((d) => d.issueId === issueId);
  if (scoped.length === 0) return refuse(issueId === undefined ? 'has no deliveries' : `has no delivery of issue ${issueId}`);
  const open = scoped.filter((d) => SETTLEABLE[settlement].includes(d.status));
  const [only] = open;
  if (only !== undefined && open.length === 1) return { kind: 'settle', email: subscriber.email, delivery: only, subscriberStatus: subscriber.status };
  if (open.length > 1) {
    return refuse(`has deliveries to settle in issues ${open.map((d) => d.issueId).join(', ')}: name one with --issue ID`);
  }
  return refuse(scoped.map((d) => `its delivery of issue ${d.issueId} is ${d.status}: ${whyNot(d.status, settlement, d.issueId)}`).join('; '));
}

function whyNot(status: DeliveryStatus, settlement: Settlement, issueId: string): string {
  switch (status) {
    case 'sent':
      return 'nothing to settle';
    case 'pending':
      return `the next \`tidings send --issue ${issueId}\` sends it`;
    case 'in-flight':
      return `a sender is handing it to the relay; if none is running, the next \`tidings send --issue ${issueId}\` records it as unknown`;
    case 'skipped':
      return 'the subscriber had left the list when it was due';
    case 'failed':
      return settlement === 'sent' ? 'the relay refused it, so it was not sent; --resend tries again' : 'nothing to settle';
    case 'unknown':
      return 'nothing to settle';
  }
}

/** A delivery an operator decided. */
export interface SettledDelivery {
  readonly email: string;
  readonly issueId: string;
  readonly messageId: string | null;
  /** Its status before. */
  readonly was: DeliveryStatus;
  readonly subscriberStatus: SubscriberStatus;
}

/** Where an issue stands after its deliveries were settled. */
export interface IssueAfter {
  readonly id: string;
  readonly counts: DeliveryCounts;
  /**
   * finished: nothing was left to send and settle marked it sent; held: a
   * sender holds it (it marks it sent when it ends); open: deliveries are
   * left; sent: it was sent already.
   */
  readonly state: 'finished' | 'held' | 'open' | 'sent';
  readonly heldBy?: string | null;
}

export interface SettleReport {
  readonly settlement: Settlement;
  /** The deliveries settled by address. */
  readonly settled: readonly SettledDelivery[];
  /** --all: how many of the issue's deliveries in `status` were settled. */
  readonly all?: { readonly issueId: string; readonly status: DeliveryStatus; readonly count: number };
  /** Addresses (or, for --all, the issue) that settled nothing, and why. */
  readonly refused: readonly { readonly email: string; readonly reason: string }[];
  /** Deliveries (by address) that were in a settleable status when chosen and in another one when written: someone else decided them first. */
  readonly raced: readonly string[];
  readonly issues: readonly IssueAfter[];
}

const deliveries = (n: number, kind = ''): string => `${n} ${kind}${kind === '' ? '' : ' '}deliver${n === 1 ? 'y' : 'ies'}`;

/** What `tidings deliveries settle` prints: every address by name, then what is next for each issue; `problems` (for stderr) are what was not settled. */
export function settleLines(report: SettleReport): { lines: string[]; problems: string[] } {
  const lines: string[] = [];
  const problems: string[] = [];
  const resend = report.settlement === 'resend';
  for (const d of report.settled) {
    lines.push(
      resend
        ? `to send again: ${d.email} (issue ${d.issueId}, was ${d.was})`
        : `settled as sent: ${d.email} (issue ${d.issueId}, Message-ID ${d.messageId ?? 'not recorded'})`,
    );
    if (resend && d.subscriberStatus !== 'active') {
      lines.push(
        `  note: ${d.email} is ${d.subscriberStatus}: the next send skips them. If the address works, \`tidings subscribers unsuppress ${d.email} --reason TEXT\` first.`,
      );
    }
  }
  if (report.all !== undefined) {
    const { issueId, status, count } = report.all;
    lines.push(`${resend ? 'to send again' : 'settled as sent'}: ${deliveries(count, status)} of issue ${issueId}`);
    if (resend && status === 'failed' && count > 0) {
      lines.push(
        '  note: subscribers a bad run marked bounced stay bounced (the next send skips them): `tidings subscribers unsuppress EMAIL... --reason TEXT` puts them back.',
      );
    }
  }
  for (const email of report.raced) problems.push(`not settled: ${email}: its delivery changed while settling (another command or a sender decided it first)`);
  for (const { email, reason } of report.refused) problems.push(`not settled: ${email}: ${reason}`);
  for (const issue of report.issues) lines.push(issueLine(issue));
  return { lines, problems };
}

function issueLine(issue: IssueAfter): string {
  const { counts } = issue;
  const send = `tidings send --issue ${issue.id}`;
  switch (issue.state) {
    case 'finished':
      return `issue ${issue.id}: every delivery is decided (${counts.sent} sent, ${counts.failed} failed, ${counts.skipped} skipped): marked sent.`;
    case 'sent':
      return `issue ${issue.id}: sent.`;
    case 'held':
      return `issue ${issue.id}: a sender is working on it (${issue.heldBy ?? 'another process'}); it sends what is pending and marks the issue sent when it ends.`;
    case 'open': {
      const parts: string[] = [];
      if (counts.pending > 0) parts.push(`${deliveries(counts.pending)} pending: \`${send}\` sends them`);
      if (counts.unknown > 0) parts.push(`${counts.unknown} still in doubt: list them with \`tidings deliveries --issue ${issue.id}\``);
      if (counts['in-flight'] > 0) parts.push(`${counts['in-flight']} in flight (if no sender is running, \`${send}\` records them as unknown)`);
      return parts.length === 0 ? `issue ${issue.id}: nothing to send or settle.` : `issue ${issue.id}: ${parts.join('; ')}.`;
    }
  }
}

/** 0 when every address settled something; 2 when one was no subscriber or had nothing to settle (the others are settled all the same). */
export function settleExitCode(report: SettleReport): 0 | 2 {
  return report.refused.length > 0 || report.raced.length > 0 ? 2 : 0;
}
