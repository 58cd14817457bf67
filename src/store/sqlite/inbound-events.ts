import type Database from 'better-sqlite3';
import {
  INBOUND_OUTCOMES,
  type InboundDeliveryMatch,
  type InboundOutcome,
  type InboundRecord,
  type InboundReport,
  type InboundStatusChange,
  type StoredInboundEvent,
} from '../inbound-store.js';
import type { Subscriber } from '../subscriber-store.js';
import type { InboundEventKind, InboundSource } from '../../inbound/event.js';
import { emailKey, hashKey, prefixedToSubscriber, subscriberColumns } from '../rows/subscriber-rows.js';
import type { Subscribers } from './subscribers.js';

export interface InboundEvents {
  delivery(id: number): InboundDeliveryMatch | undefined;
  byMessageId(messageId: string): InboundDeliveryMatch | undefined;
  record(record: InboundRecord, change: InboundStatusChange | undefined): { recorded: boolean; outcome: InboundOutcome; subscriber?: Subscriber };
  softBounced(subscriberId: number, since: string, besides: number): number;
  forEmail(email: string): StoredInboundEvent[];
  forReview(limit: number): StoredInboundEvent[];
  report(issueId: string | undefined): InboundReport;
}

interface EventRow {
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

const EVENT_COLUMNS =
  'id, fingerprint, kind, source, outcome, delivery_id, issue_id, subscriber_id, recipient, status_code, message_id, occurred_at, received_at, detail, excerpt';

/** The inbound_events table (migration 16): evidence of what came back, and the status changes it made. */
export function prepareInboundEvents(db: Database.Database, subscribers: Subscribers): InboundEvents {
  const matchSql = `SELECT d.id AS delivery_id, d.issue_id, d.message_id, ${subscriberColumns('s')} FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id`;
  const byId = db.prepare<[number], Record<string, unknown>>(`${matchSql} WHERE d.id = ?`);
  const byMessageId = db.prepare<[string], Record<string, unknown>>(`${matchSql} WHERE d.message_id = ? ORDER BY d.id LIMIT 1`);
  const seen = db.prepare<[string], { id: number }>('SELECT id FROM inbound_events WHERE fingerprint = ?');
  const insert = db.prepare(`
    INSERT INTO inbound_events (fingerprint, kind, source, outcome, delivery_id, issue_id, subscriber_id, email_hash, recipient,
      status_code, message_id, occurred_at, received_at, detail, excerpt)
    VALUES (@fingerprint, @kind, @source, @outcome, @deliveryId, @issueId, @subscriberId, @emailHash, @recipient,
      @status, @messageId, @occurredAt, @receivedAt, @detail, @excerpt)`);
  const softCount = db.prepare<[number, string, number], { n: number }>(
    "SELECT count(DISTINCT delivery_id) AS n FROM inbound_events WHERE subscriber_id = ? AND kind = 'bounce-soft' AND delivery_id IS NOT NULL AND received_at >= ? AND delivery_id <> ?",
  );
  const ofAddress = db.prepare<[string], EventRow>(`SELECT ${EVENT_COLUMNS} FROM inbound_events WHERE email_hash = ? ORDER BY id`);
  const ofReview = db.prepare<[number], EventRow>(`SELECT ${EVENT_COLUMNS} FROM inbound_events WHERE outcome = 'review' ORDER BY id DESC LIMIT ?`);
  const perKind = db.prepare<[string | null, string | null], { kind: string; n: number }>(
    `SELECT kind, count(DISTINCT subscriber_id) AS n FROM inbound_events
     WHERE outcome IN ('applied', 'counted') AND (? IS NULL OR issue_id = ?) GROUP BY kind`,
  );
  const perOutcome = db.prepare<[string | null, string | null], { outcome: string; n: number }>(
    'SELECT outcome, count(*) AS n FROM inbound_events WHERE (? IS NULL OR issue_id = ?) GROUP BY outcome',
  );

  const toMatch = (row: Record<string, unknown> | undefined): InboundDeliveryMatch | undefined =>
    row === undefined
      ? undefined
      : {
          deliveryId: row.delivery_id as number,
          issueId: row.issue_id as string,
          messageId: (row.message_id as string | null) ?? null,
          subscriber: prefixedToSubscriber(row as Parameters<typeof prefixedToSubscriber>[0]),
        };

  const record = db.transaction((event: InboundRecord, change: InboundStatusChange | undefined) => {
    if (seen.get(event.fingerprint) !== undefined) return { recorded: false, outcome: event.outcome };
    let outcome = event.outcome;
    let detail = event.detail;
    let subscriber: Subscriber | undefined;
    if (change !== undefined) {
      const before = subscribers.get(change.subscriberId);
      subscriber = subscribers.setStatus(change.subscriberId, change.to, { from: change.from });
      if (before === undefined || subscriber === undefined || subscriber.status !== change.to || before.status === change.to) {
        outcome = 'counted';
        detail = `${detail} (not applied: the subscriber is ${before?.status ?? 'gone'})`;
      }
    }
    insert.run({
      ...event,
      outcome,
      detail,
      emailHash: event.subscriberEmail === null ? null : hashKey(emailKey(event.subscriberEmail)),
    });
    return { recorded: true, outcome, ...(subscriber ? { subscriber } : {}) };
  });

  return {
    delivery: (id) => toMatch(byId.get(id)),
    byMessageId: (messageId) => toMatch(byMessageId.get(messageId)),
    record: (event, change) => record.immediate(event, change),
    softBounced: (subscriberId, since, besides) => softCount.get(subscriberId, since, besides)?.n ?? 0,
    forEmail: (email) => ofAddress.all(hashKey(emailKey(email))).map(toEvent),
    forReview: (limit) => ofReview.all(limit).map(toEvent),
    report(issueId) {
      const id = issueId ?? null;
      const kinds = new Map(perKind.all(id, id).map((row) => [row.kind, row.n]));
      const outcomes = new Map(perOutcome.all(id, id).map((row) => [row.outcome, row.n]));
      return {
        bouncedHard: kinds.get('bounce-hard') ?? 0,
        bouncedSoft: kinds.get('bounce-soft') ?? 0,
        complained: kinds.get('complaint') ?? 0,
        unsubscribed: kinds.get('unsubscribe') ?? 0,
        autoReplies: kinds.get('auto-reply') ?? 0,
        review: outcomes.get('review') ?? 0,
        ignored: outcomes.get('ignored') ?? 0,
      };
    },
  };
}

function toEvent(row: EventRow): StoredInboundEvent {
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
