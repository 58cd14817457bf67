import type { DeliveryListing, DeliveryStatus, Store } from '../store/store.js';

/**
 * `tidings deliveries`: the deliveries that need a decision (or those in
 * one status), read from the store a page at a time and printed as they
 * come, as a table or as one JSON array, so that an issue of 100,000
 * deliveries never needs them all in memory. The formatting is pure.
 */

/** What an operator is asked to decide by default: deliveries in doubt, then failed ones. */
export const NEEDS_DECISION: readonly DeliveryStatus[] = ['unknown', 'failed'];

export interface DeliveryListQuery {
  readonly issueId?: string;
  readonly statuses: readonly DeliveryStatus[];
}

/** The deliveries of each status in turn, by id, `pageSize` at a time. */
export async function* deliveryPages(store: Pick<Store, 'findDeliveries'>, query: DeliveryListQuery, pageSize = 500): AsyncGenerator<DeliveryListing[]> {
  for (const status of query.statuses) {
    let afterId = 0;
    for (;;) {
      const page = await store.findDeliveries({ ...(query.issueId === undefined ? {} : { issueId: query.issueId }), status, afterId, limit: pageSize });
      if (page.length > 0) yield page;
      const last = page.at(-1);
      if (last === undefined || page.length < pageSize) break;
      afterId = last.delivery.id;
    }
  }
}

const HEADINGS = ['ISSUE', 'ADDRESS', 'STATUS', 'ATTEMPTS', 'LAST ATTEMPT', 'STEP', 'MESSAGE-ID', 'LAST ERROR (THE REPLY, IF SENT)'] as const;

/** One row's cells, in HEADINGS order. */
function cells({ delivery: d, email }: DeliveryListing): string[] {
  const attempted = d.attemptStartedAt === null ? '-' : d.attemptStartedAt.replace(/\.\d{3}Z$/, 'Z');
  return [d.issueId, email, d.status, String(d.attempts), attempted, d.lastStep ?? '-', d.messageId ?? '-', oneLine((d.status === 'sent' ? d.response : d.lastError) ?? '-')];
}

/**
 * A table printed a page at a time: the columns are as wide as the first
 * page needs, and widen (from that row on) for a longer value later; the
 * last column (the error) is never padded.
 */
export function deliveryTable(): { lines(page: readonly DeliveryListing[]): string[] } {
  const widths: number[] = HEADINGS.map((h) => h.length);
  let headed = false;
  const line = (row: readonly string[]): string =>
    row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return {
    lines(page) {
      const rows = page.map(cells);
      for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
      const out = headed ? [] : [line(HEADINGS)];
      headed = true;
      return [...out, ...rows.map(line)];
    },
  };
}

/** One delivery as `--json` gives it. */
export function deliveryJson({ delivery: d, email }: DeliveryListing): Record<string, unknown> {
  return {
    id: d.id,
    issueId: d.issueId,
    email,
    subscriberId: d.subscriberId,
    status: d.status,
    messageId: d.messageId,
    attempts: d.attempts,
    lastAttemptAt: d.attemptStartedAt,
    lastStep: d.lastStep,
    lastError: d.lastError,
    permanent: d.permanent,
    response: d.response,
    notBefore: d.notBefore,
    sentAt: d.sentAt,
    updatedAt: d.updatedAt,
  };
}

/** Writes one JSON array an element at a time (each on its own line); `end` closes it. */
export function jsonArrayWriter(out: (line: string) => void): { push(value: unknown): void; end(): void } {
  let count = 0;
  let held: string | null = null;
  return {
    push(value) {
      if (held !== null) out(`${count === 1 ? '[' : ' '}${held},`);
      held = JSON.stringify(value);
      count += 1;
    },
    end() {
      if (held === null) out('[]');
      else out(`${count === 1 ? '[' : ' '}${held}]`);
    },
  };
}

/** The lines after the table: how many, and the commands that decide them. */
export function listFooter(counts: Readonly<Partial<Record<DeliveryStatus, number>>>, query: DeliveryListQuery): string[] {
  const total = Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
  const where = query.issueId === undefined ? '' : ` of issue ${query.issueId}`;
  const issue = query.issueId ?? 'ID';
  if (total === 0) return [`no ${query.statuses.join(' or ')} deliveries${where}${query.statuses === NEEDS_DECISION ? ': nothing needs a decision' : ''}.`];
  const lines = [`${total} ${deliveriesWord(total)}${where}: ${query.statuses.map((s) => `${counts[s] ?? 0} ${s}`).join(', ')}.`];
  if ((counts.unknown ?? 0) > 0) {
    lines.push(
      'Unknown: the relay may or may not have taken them. Look for their Message-IDs in the relay\'s log, then:',
      `  tidings deliveries settle EMAIL... --issue ${issue} --sent      the relay took them (recorded as sent, nothing is sent again)`,
      `  tidings deliveries settle EMAIL... --issue ${issue} --resend    send them again (a recipient may get a second copy)`,
      `  or all of them at once: tidings deliveries settle --all --issue ${issue} --sent|--resend (or \`tidings send --issue ${issue} --resend-unknown\`)`,
    );
  }
  if ((counts['in-flight'] ?? 0) > 0) {
    lines.push(
      `In flight: a sender is handing them to the relay. If none is running (one was killed), the next \`tidings send --issue ${issue}\` records them as unknown, to settle like the others.`,
    );
  }
  if ((counts.failed ?? 0) > 0) {
    lines.push(
      'Failed: the relay refused them. To try again once the cause is fixed:',
      `  tidings deliveries settle EMAIL... --issue ${issue} --resend, or all: tidings deliveries settle --all --issue ${issue} --status failed --resend`,
      '  (subscribers a refusal marked bounced stay so: `tidings subscribers unsuppress EMAIL... --reason TEXT` puts them back)',
    );
  }
  return lines;
}

function deliveriesWord(n: number): string {
  return n === 1 ? 'delivery' : 'deliveries';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
