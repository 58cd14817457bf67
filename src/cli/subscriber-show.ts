import type { App } from '../app.js';
import { isSuppressed, type StoredInboundEvent, type Subscriber, type SubscriberEvent, type SubscriberStatus } from '../store/store.js';

/** The event kind that puts a subscriber in each suppressed status. */
const CAUSE: Partial<Record<SubscriberStatus, readonly string[]>> = {
  bounced: ['bounce-hard', 'bounce-soft'],
  complained: ['complaint'],
  unsubscribed: ['unsubscribe'],
};

/**
 * `tidings subscribers show EMAIL`: who they are, whether they are
 * suppressed, since when and why, with the evidence (the inbound event
 * that did it and its excerpt, or the relay's refusal at send time), and
 * everything else recorded for the address, oldest first.
 */
export async function showSubscriber(app: App, email: string): Promise<string[] | null> {
  const subscriber = await app.store.findSubscriberByEmail(email);
  const inbound = await app.store.inboundEventsFor(email);
  const lifted = await app.store.subscriberEvents(email);
  if (subscriber === undefined && inbound.length === 0 && lifted.length === 0) return null;
  const lines: string[] = [];
  if (subscriber === undefined) lines.push(`${email}: no subscriber (removed); what was recorded for the address:`);
  else lines.push(...(await header(app, subscriber, inbound)));
  const history = [
    ...inbound.map((e) => ({ at: e.receivedAt, text: inboundLine(e) })),
    ...lifted.map((e) => ({ at: e.createdAt, text: liftedLine(e) })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  if (history.length > 0) {
    lines.push('history:');
    for (const item of history) lines.push(`  ${item.text}`);
  }
  if (subscriber !== undefined && (subscriber.status === 'bounced' || subscriber.status === 'complained')) {
    lines.push(`to lift it: tidings subscribers unsuppress ${subscriber.email} --reason "why"`);
  }
  return lines;
}

async function header(app: App, subscriber: Subscriber, inbound: readonly StoredInboundEvent[]): Promise<string[]> {
  const name = subscriber.name === '' ? '' : ` (${subscriber.name})`;
  const themes = subscriber.themes.length === 0 ? 'every theme' : subscriber.themes.join(', ');
  const lines = [`${subscriber.email}${name}: ${subscriber.status}`, `  themes: ${themes}; added ${subscriber.createdAt}${subscriber.confirmedAt ? `; active since ${subscriber.confirmedAt}` : ''}`];
  if (!isSuppressed(subscriber.status)) return lines;
  lines.push(`  suppressed since ${subscriber.unsubscribedAt ?? 'an unknown time'}: never mailed again${subscriber.status === 'unsubscribed' ? ' (their own choice: only they undo it, by signing up again)' : ''}`);
  const causes = CAUSE[subscriber.status] ?? [];
  const cause = [...inbound].reverse().find((e) => e.outcome === 'applied' && causes.includes(e.kind));
  if (cause !== undefined) {
    lines.push(`  why: ${cause.detail}`);
    lines.push(`  evidence: ${cause.kind}${cause.status ? ` ${cause.status}` : ''} by ${cause.source}, about issue ${cause.issueId ?? '?'} (delivery ${cause.deliveryId ?? '?'}${cause.messageId ? `, ${cause.messageId}` : ''}), occurred ${cause.occurredAt}, received ${cause.receivedAt}`);
    for (const line of cause.excerpt.split('\n').slice(0, 20)) lines.push(`    | ${line}`);
    return lines;
  }
  const refused = (await app.store.findDeliveries({ subscriberId: subscriber.id, status: 'failed' })).filter((d) => d.delivery.permanent === true);
  const last = refused[refused.length - 1];
  if (last !== undefined) {
    lines.push(`  why: the relay refused it for good when issue ${last.delivery.issueId} was sent (${last.delivery.updatedAt})`);
    lines.push(`    | ${last.delivery.lastError ?? ''}`);
  } else if (subscriber.status !== 'unsubscribed') {
    lines.push('  why: no evidence recorded (set by an import or an earlier version)');
  } else {
    lines.push('  why: they unsubscribed (a link in an email, or the unsubscribe page)');
  }
  return lines;
}

function inboundLine(e: StoredInboundEvent): string {
  const code = e.status ? ` ${e.status}` : '';
  return `${e.receivedAt} ${e.kind}${code} (${e.outcome}, by ${e.source}${e.issueId ? `, issue ${e.issueId}` : ''}): ${e.detail}`;
}

function liftedLine(e: SubscriberEvent): string {
  return `${e.createdAt} unsuppressed (was ${e.detail.from}): ${e.detail.reason}`;
}
