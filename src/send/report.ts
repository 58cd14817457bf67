import type { DeliveryCounts } from '../store/store.js';
import type { DryRunReport } from './dry-run.js';
import type { Refusal, SendReport } from './outcome.js';

/**
 * What a send says when it ends, and its exit code. Pure: a report in,
 * lines of text out. Every line that asks the user to do something names
 * the command to run.
 */

const number = new Intl.NumberFormat('en-GB');
const n = (value: number): string => number.format(value);

/**
 * 0 when the run did what was asked (the issue sent, already sent, or
 * stopped on request) and nothing failed or was left in doubt by it; 1
 * otherwise: a stop whose messages in flight got no answer in time left
 * deliveries for the operator to settle.
 */
export function exitCodeFor(report: SendReport): 0 | 1 {
  if (report.run.failed > 0 || report.run.inDoubt > 0) return 1;
  return report.outcome === 'sent' || report.outcome === 'already-sent' || report.outcome === 'stopped' ? 0 : 1;
}

export function describeVariant(key: string): string {
  return key === '*' ? 'every theme' : `themes ${key.split(',').join(', ')}`;
}

/** The summary printed at the end of a send. */
export function summaryLines(report: SendReport, command: string): string[] {
  const { run, counts } = report;
  const name = `issue ${report.issueId} ("${report.subject}")`;
  const lines: string[] = [];
  switch (report.outcome) {
    case 'already-sent':
      return [`${name} was sent before: nothing to do.`, `  ${countsLine(counts)}`];
    case 'held':
      return [
        `${name} is being sent by another sender (${report.heldBy?.owner ?? 'unknown'}): not sending it twice.`,
        `  Its claim lapses at ${report.heldBy?.until ?? 'the end of its lease'} unless that sender renews it (a live one does, every third of its lease).`,
        `  If it has crashed or was killed, run ${command} again after that time: the claim is then taken over and the send carries on.`,
      ];
    case 'sent':
      lines.push(`${name}: sent.`);
      break;
    case 'stopped':
      lines.push(
        report.run.inDoubt > 0
          ? `${name}: stopped on request; ${n(report.run.inDoubt)} message(s) in flight got no answer in time and are in doubt (see below). Run ${command} again to carry on.`
          : `${name}: stopped on request; the messages in flight were answered and recorded. Run ${command} again to carry on.`,
      );
      break;
    case 'incomplete':
      lines.push(`${name}: not complete yet.`);
      break;
    case 'deferred':
      lines.push(`${name}: stopped: ${report.error ?? 'the relay keeps deferring messages'}. Run ${command} again later.`);
      break;
    case 'relay-refused':
      lines.push(`${name}: stopped: ${report.error ?? 'the relay refused the send'}.`);
      lines.push(...refusalLines(report.refusal, command));
      break;
    case 'fatal':
      lines.push(`${name}: stopped: ${report.error ?? 'a fatal error'}.`);
      lines.push('  Nothing was marked failed because of it: fix the cause (for the relay: smtp.url or TIDINGS_SMTP_URL) and run the same command again.');
      break;
    case 'lost-claim':
      lines.push(`${name}: stopped: another sender took the issue over (${report.error ?? ''}); it carries on from here.`);
      break;
  }
  const seconds = report.elapsedMs / 1000;
  const rate = seconds > 0 ? ` (${n(Math.round(run.sent / seconds))} messages/s)` : '';
  const parts = [`${n(run.sent)} sent`];
  if (run.failed > 0) parts.push(`${n(run.failed)} failed${run.bounced > 0 ? ` (${n(run.bounced)} unknown address${run.bounced === 1 ? '' : 'es'}: now bounced)` : ''}`);
  if (run.heldBack > 0) parts.push(`${n(run.heldBack)} refused but not acted on (pending again)`);
  if (run.retried > 0) parts.push(`${n(run.retried)} temporary failure${run.retried === 1 ? '' : 's'} tried again`);
  if (run.deferred > 0) parts.push(`${n(run.deferred)} still failing temporarily`);
  if (run.inDoubt > 0) parts.push(`${n(run.inDoubt)} in doubt (the connection broke before the relay answered: now unknown)`);
  if (run.dropped > 0) parts.push(`${n(run.dropped)} not sent (no longer following any theme of this issue)`);
  lines.push(`  this run: ${parts.join(', ')} in ${seconds.toFixed(1)} s${rate}`);
  if (run.created > 0) lines.push(`  ${n(run.created)} new deliveries were created for subscribers who had none`);
  if (run.requeued > 0) lines.push(`  ${n(run.requeued)} unknown deliveries were sent again (--resend-unknown)`);
  lines.push(`  ${countsLine(counts)}`);
  if (counts.pending > 0 && report.outcome !== 'stopped') {
    const when = run.nextAttemptAt === null ? '' : ` after ${run.nextAttemptAt}`;
    const why = run.lastDeferral === null ? '' : ` (last reply: ${run.lastDeferral})`;
    lines.push(`  ${n(counts.pending)} still pending${why}: run ${command} again${when}.`);
  }
  if (counts.unknown > 0) {
    lines.push(
      `  ${n(counts.unknown)} unknown: they may or may not have arrived (they were being handed to the relay when a sender stopped, or the connection broke before the relay answered).`,
      `  ${capitalised(settleAdvice(report.issueId))}.`,
      "  Each is listed with the Message-ID its message carried: the relay's log shows whether it took it.",
    );
  }
  if (run.failed > 0) {
    lines.push(
      `  To see the failed ones: \`tidings deliveries --issue ${report.issueId} --status failed\`; to send them again once the cause is fixed: \`tidings deliveries settle --all --issue ${report.issueId} --status failed --resend\`.`,
    );
  }
  for (const [variant, reason] of report.unspliced) lines.push(`  note: messages for ${describeVariant(variant)} were composed whole (slower): ${reason}`);
  return lines;
}

/**
 * What the relay said, that nobody paid for it, and what to check, the
 * likeliest first: the relay's own rules for a refusal about the relay,
 * the sender for a refused sender, the recipient maps when it called
 * everyone unknown.
 */
export function refusalLines(refusal: Refusal | undefined, command: string): string[] {
  const relay = "the relay's host and port (smtp.url or TIDINGS_SMTP_URL): is it your relay?";
  const credentials = 'its user name and password in the URL: a relay that does not know you refuses to relay or asks you to log in';
  const sender = 'that it lets this sender send: email.from, its domain (SPF, DKIM, DMARC) and the relay\'s allowed senders';
  const maps = 'its recipient maps: a relay that calls every address unknown has a wrong or empty table';
  const reply = refusal?.reply ?? 'nothing';
  const aboutSender = refusal?.command === 'MAIL FROM' || /sender|spf|dmarc|5\.7\.2[3-7]|5\.1\.[78]/i.test(reply);
  const checks =
    refusal === undefined || refusal.cause === 'setup' ? (aboutSender ? [sender, relay, credentials] : [relay, credentials, sender]) : [maps, relay, credentials, sender];
  const at = refusal?.command === undefined ? '' : ` (to ${refusal.command})`;
  return [
    `  The relay said${at}: "${reply}"`,
    '  Nobody was marked failed or bounced for it: what it refused is pending again, and the issue stays open.',
    '  Check:',
    ...checks.map((check) => `  - ${check}`),
    `  Then run ${command} again: it sends to everyone still pending, once each.`,
  ];
}

/**
 * What to do about an issue's deliveries in doubt, in one sentence: the
 * commands that list and settle them one by one, and the all-at-once way.
 */
export function inDoubtAdvice(issueId: string, unknown: number): string {
  return `${unknown === 1 ? '1 delivery is' : `${n(unknown)} deliveries are`} in doubt: ${settleAdvice(issueId)}`;
}

function settleAdvice(issueId: string): string {
  return (
    `list them with \`tidings deliveries --issue ${issueId}\`, then settle them with \`tidings deliveries settle EMAIL... --issue ${issueId} --sent|--resend\`` +
    ` (or send them all again, a recipient may get a second copy: \`tidings send --issue ${issueId} --resend-unknown\`)`
  );
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** How an unfinished issue goes on: a send for what is pending, a decision for what is in doubt. */
export function resumeAdvice(issueId: string, counts: Pick<DeliveryCounts, 'pending' | 'in-flight' | 'unknown'>): string {
  const steps: string[] = [];
  if (counts.pending + counts['in-flight'] > 0 || counts.unknown === 0) steps.push(`\`tidings send --issue ${issueId}\` carries on`);
  if (counts.unknown > 0) steps.push(inDoubtAdvice(issueId, counts.unknown));
  return steps.join('; ');
}

/** One line: the issue's deliveries by status. */
export function countsLine(counts: DeliveryCounts): string {
  const parts = [`${n(counts.sent)} sent`, `${n(counts.failed)} failed`, `${n(counts.pending)} pending`, `${n(counts.unknown)} unknown`];
  if (counts['in-flight'] > 0) parts.push(`${n(counts['in-flight'])} in flight`);
  if (counts.skipped > 0) parts.push(`${n(counts.skipped)} skipped (left the list)`);
  return `the issue: ${parts.join(', ')} (${n(counts.total)} deliveries)`;
}

/**
 * What `--dry-run` prints: who would get which variant (with `recipients`,
 * each recipient's address below their variant), and what was already done.
 */
export function dryRunLines(report: DryRunReport, options: { readonly recipients?: boolean } = {}): string[] {
  const { issue, variants } = report;
  const lines = [
    `dry run: issue ${issue.id} ("${issue.subject}", ${issue.posts} post${issue.posts === 1 ? '' : 's'}) would go to ${n(report.recipients)} subscriber${report.recipients === 1 ? '' : 's'} in ${variants.length} variant${variants.length === 1 ? '' : 's'}:`,
  ];
  for (const variant of variants) {
    const posts = `${variant.posts} post${variant.posts === 1 ? '' : 's'}`;
    lines.push(`  ${describeVariant(variant.key)}: ${n(variant.recipients)} (subject "${variant.subject}", ${posts}, HTML ${Math.ceil(variant.htmlBytes / 1000)} kB)`);
    lines.push(`    sections: ${variant.sections.join(' | ')}`);
    for (const warning of variant.warnings) lines.push(`    warning: ${warning}`);
    if (options.recipients) for (const address of variant.addresses ?? []) lines.push(`    to ${address}`);
  }
  if (report.notFollowing > 0) lines.push(`  not sent: ${n(report.notFollowing)} active subscriber(s) follow no theme of this issue's posts`);
  const counts = report.recorded;
  if (counts !== null && counts.total > 0) lines.push(`  already recorded: ${countsLine(counts)}; only pending deliveries (and new subscribers) would be sent`);
  if (!issue.due) lines.push(`  the issue's period is not over yet (it ends ${issue.date}): it cannot be sent to subscribers before then`);
  lines.push('nothing was sent.');
  return lines;
}
