import { createHash } from 'node:crypto';
import type { Config } from '../config/schema.js';
import type { InboundDeliveryMatch, InboundOutcome, InboundRecord, InboundStatusChange, InboundStore, SubscriberStatus } from '../store/store.js';
import { createDeliveryTokenSigner, readDeliveryToken } from '../subscribers/delivery-tokens.js';
import { requireSecret } from '../subscribers/secret.js';
import type { InboundEvent, InboundEventKind } from './event.js';

/** What applying needs besides the store: the secret that signed the delivery tokens, and the soft-bounce rule. */
export interface InboundSettings {
  readonly secret: string;
  readonly softBounce: { readonly limit: number; readonly windowDays: number };
}

export function inboundSettings(config: Config): InboundSettings {
  return { secret: requireSecret(config), softBounce: config.inbound.softBounce };
}

/** What one event did. */
export interface AppliedEvent {
  readonly event: InboundEvent;
  /** 'duplicate': the same report was stored before; nothing was done again. */
  readonly outcome: InboundOutcome | 'duplicate';
  /** The subscriber it was matched to, and their status after it. */
  readonly subscriber?: { readonly email: string; readonly status: SubscriberStatus };
  readonly detail: string;
}

export interface InboundSummary {
  readonly events: readonly AppliedEvent[];
  readonly counts: Readonly<Record<InboundOutcome | 'duplicate', number>>;
  readonly kinds: Readonly<Record<InboundEventKind, number>>;
}

type ApplyStore = Pick<InboundStore, 'inboundDelivery' | 'inboundDeliveryByMessageId' | 'recordInboundEvent' | 'softBouncedDeliveries'>;

const DAY_MS = 86_400_000;

/**
 * The one place events change subscribers, whichever way they came in (the
 * SMTP listener, files, IMAP, a provider's webhook). An event acts only on
 * the delivery it names: by a delivery token whose HMAC holds for that
 * delivery's subscriber, or by the Message-ID of a message tidings sent
 * together with that message's recipient. Anything else is kept for review
 * and changes nobody. A hard bounce marks the subscriber bounced, a
 * complaint complained, a mailto: unsubscribe unsubscribed; a soft bounce
 * only once `softBounce.limit` distinct deliveries soft-bounced within
 * `softBounce.windowDays`; auto-replies and the rest are counted. Every
 * event is stored with its evidence, once (the same report fed twice is
 * a duplicate).
 */
export async function applyInboundEvents(
  store: ApplyStore,
  events: readonly InboundEvent[],
  clock: () => Date,
  settings: InboundSettings,
): Promise<InboundSummary> {
  const signer = createDeliveryTokenSigner(settings.secret);
  const applied: AppliedEvent[] = [];
  const counts: Record<InboundOutcome | 'duplicate', number> = { applied: 0, counted: 0, review: 0, ignored: 0, duplicate: 0 };
  const kinds: Record<InboundEventKind, number> = { 'bounce-hard': 0, 'bounce-soft': 0, complaint: 0, unsubscribe: 0, 'auto-reply': 0, other: 0 };

  const match = async (event: InboundEvent): Promise<{ found: InboundDeliveryMatch } | { why: string }> => {
    if (event.deliveryToken !== null) {
      const parts = readDeliveryToken(event.deliveryToken);
      const found = parts === null ? undefined : await store.inboundDelivery(parts.deliveryId);
      const wanted = event.kind === 'unsubscribe' ? 'unsubscribe' : parts?.purpose;
      if (parts !== null && found !== undefined && parts.purpose === wanted && signer.verify(event.deliveryToken, parts.purpose, parts.deliveryId, found.subscriber.email)) {
        return { found };
      }
    }
    // A reply to the mailto: address is trusted only by its token: its From line can say anything.
    if (event.kind !== 'unsubscribe' && event.messageId !== null && event.recipient !== null) {
      const found = await store.inboundDeliveryByMessageId(event.messageId);
      if (found !== undefined && found.subscriber.email.toLowerCase() === event.recipient.toLowerCase()) return { found };
    }
    const token = event.deliveryToken === null ? 'no delivery token' : 'a delivery token tidings did not make (or for a delivery no longer stored)';
    const byId = event.messageId === null ? 'no Message-ID of a message tidings sent' : `no delivery of ${event.messageId}${event.recipient ? ` to ${event.recipient}` : ''}`;
    return { why: `${token}, ${event.kind === 'unsubscribe' ? 'so it unsubscribes nobody' : byId}` };
  };

  for (const event of events) {
    kinds[event.kind] += 1;
    const receivedAt = clock().toISOString();
    const base: InboundRecord = {
      fingerprint: fingerprint(event),
      kind: event.kind,
      source: event.source,
      outcome: 'ignored',
      deliveryId: null,
      issueId: null,
      subscriberId: null,
      subscriberEmail: null,
      recipient: event.recipient,
      status: event.status,
      messageId: event.messageId,
      occurredAt: event.occurredAt,
      receivedAt,
      detail: '',
      excerpt: event.excerpt,
    };
    let record: InboundRecord;
    let change: InboundStatusChange | undefined;
    if (event.kind === 'other') {
      record = { ...base, outcome: 'ignored', detail: 'not a bounce, complaint or unsubscribe: ignored' };
    } else {
      const result = await match(event);
      if ('why' in result) {
        const outcome: InboundOutcome = event.kind === 'auto-reply' ? 'ignored' : 'review';
        record = { ...base, outcome, detail: outcome === 'review' ? `kept for review: ${result.why}` : 'names no delivery: ignored' };
      } else {
        const { found } = result;
        const matched = { ...base, deliveryId: found.deliveryId, issueId: found.issueId, subscriberId: found.subscriber.id, subscriberEmail: found.subscriber.email };
        const decided = await decide(store, event, found, clock(), settings);
        record = { ...matched, outcome: decided.outcome, detail: decided.detail };
        change = decided.change;
      }
    }
    const stored = await store.recordInboundEvent(record, change);
    const outcome = stored.recorded ? stored.outcome : 'duplicate';
    counts[outcome] += 1;
    const subscriber = stored.subscriber ?? undefined;
    applied.push({
      event,
      outcome,
      detail: stored.recorded ? record.detail : 'already stored: not applied again',
      ...(subscriber ? { subscriber: { email: subscriber.email, status: subscriber.status } } : {}),
    });
  }
  return { events: applied, counts, kinds };
}

async function decide(
  store: ApplyStore,
  event: InboundEvent,
  found: InboundDeliveryMatch,
  now: Date,
  settings: InboundSettings,
): Promise<{ outcome: InboundOutcome; detail: string; change?: InboundStatusChange }> {
  const id = found.subscriber.id;
  const code = event.status === null ? '' : ` ${event.status}`;
  const about = event.recipient !== null && event.recipient.toLowerCase() !== found.subscriber.email.toLowerCase() ? ` (reported for ${event.recipient})` : '';
  switch (event.kind) {
    case 'bounce-hard':
      return { outcome: 'applied', detail: `bounced: permanent failure${code}${about}`, change: { subscriberId: id, to: 'bounced', from: ['active', 'pending'] } };
    case 'bounce-soft': {
      const { limit, windowDays } = settings.softBounce;
      const what = event.status?.startsWith('5.') ? 'a refusal not about the address (the sender, the content, a full mailbox)' : 'temporary failure';
      const since = new Date(now.getTime() - windowDays * DAY_MS).toISOString();
      const count = (await store.softBouncedDeliveries(id, since, found.deliveryId)) + 1;
      if (count >= limit) {
        return {
          outcome: 'applied',
          detail: `bounced: soft bounces${code} on ${count} deliveries within ${windowDays} days (limit ${limit}; this one: ${what})${about}`,
          change: { subscriberId: id, to: 'bounced', from: ['active', 'pending'] },
        };
      }
      return { outcome: 'counted', detail: `${what}${code}: soft bounce on ${count} of ${limit} deliveries within ${windowDays} days${about}` };
    }
    case 'complaint':
      return { outcome: 'applied', detail: `complained: marked as spam (feedback report${code})`, change: { subscriberId: id, to: 'complained', from: ['active', 'pending', 'bounced'] } };
    case 'unsubscribe':
      return { outcome: 'applied', detail: 'unsubscribed: mail to the List-Unsubscribe address', change: { subscriberId: id, to: 'unsubscribed', from: ['active', 'pending'] } };
    default:
      return { outcome: 'counted', detail: 'counted, never a bounce' };
  }
}

/** The same report, whichever way it came in, has the same fingerprint. */
function fingerprint(event: InboundEvent): string {
  const key = [event.kind, event.deliveryToken, event.messageId, event.recipient?.toLowerCase() ?? null, event.status, event.occurredAt, event.excerpt];
  return createHash('sha256').update(JSON.stringify(key)).digest('hex');
}
