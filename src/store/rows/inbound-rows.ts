import { INBOUND_OUTCOMES, type InboundReport, type StoredInboundEvent } from '../inbound-store.js';
import type { InboundEventKind, InboundSource } from '../../inbound/event.js';

/** An inbound_events row as both engines return it. */
export interface EventRow {
  id: number;
  fingerprint: string;
  kind: string;
  source: string;
  outcome: string;
  delivery_id: number | null;
  issue_id: string | null;
  subscriber_id: number | null;
  recipient: string | null;
  status_code: string | null;
  message_id: string | null;
  occurred_at: string;
  received_at: string;
  detail: string;
  excerpt: string;
}

export const EVENT_COLUMNS =
  'id, fingerprint, kind, source, outcome, delivery_id, issue_id, subscriber_id, recipient, status_code, message_id, occurred_at, received_at, detail, excerpt';

export function rowToInboundEvent(row: EventRow): StoredInboundEvent {
  const outcome = INBOUND_OUTCOMES.find((known) => known === row.outcome);
  if (outcome === undefined) throw new Error(`the store is damaged: unexpected inbound_events.outcome value ${JSON.stringify(row.outcome)}`);
  return {
    id: row.id,
    fingerprint: row.fingerprint,
    kind: row.kind as InboundEventKind,
    source: row.source as InboundSource,
    outcome,
    deliveryId: row.delivery_id,
    issueId: row.issue_id,
    subscriberId: row.subscriber_id,
    subscriberEmail: null,
    recipient: row.recipient,
    status: row.status_code,
    messageId: row.message_id,
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
    detail: row.detail,
    excerpt: row.excerpt,
  };
}

/** The report from distinct subscribers per kind (applied or counted) and events per outcome. */
export function inboundReport(kinds: ReadonlyMap<string, number>, outcomes: ReadonlyMap<string, number>): InboundReport {
  return {
    bouncedHard: kinds.get('bounce-hard') ?? 0,
    bouncedSoft: kinds.get('bounce-soft') ?? 0,
    complained: kinds.get('complaint') ?? 0,
    unsubscribed: kinds.get('unsubscribe') ?? 0,
    autoReplies: kinds.get('auto-reply') ?? 0,
    review: outcomes.get('review') ?? 0,
    ignored: outcomes.get('ignored') ?? 0,
  };
}

/** The detail of an event whose status change did not apply. */
export function notAppliedDetail(detail: string, status: string | undefined): string {
  return `${detail} (not applied: the subscriber is ${status ?? 'gone'})`;
}
