import type { InboundDeliveryMatch, InboundOutcome, InboundRecord, InboundStatusChange, InboundStore } from '../inbound-store.js';
import { EVENT_COLUMNS, inboundReport, notAppliedDetail, rowToInboundEvent, type EventRow } from '../rows/inbound-rows.js';
import { emailKey, hashKey, prefixedToSubscriber, rowToSubscriber, SUBSCRIBER_COLUMNS, subscriberColumns, type SubscriberRow } from '../rows/subscriber-rows.js';
import { stamps } from '../rows/subscriber-rules.js';
import { instant } from '../sqlite/clock.js';
import type { Subscriber } from '../subscriber-store.js';
import type { Db, Queryable } from './connection.js';

const MATCH = `SELECT d.id AS delivery_id, d.issue_id, d.message_id, ${subscriberColumns('s')} FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id`;

const INSERT = `
  INSERT INTO inbound_events (fingerprint, kind, source, outcome, delivery_id, issue_id, subscriber_id, email_hash, recipient,
    status_code, message_id, occurred_at, received_at, detail, excerpt)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
  ON CONFLICT (fingerprint) DO NOTHING
  RETURNING id`;

type Recorded = { recorded: boolean; outcome: InboundOutcome; subscriber?: Subscriber };

/** The inbound_events table on PostgreSQL: evidence of what came back, and the status changes it made. */
export function postgresInboundEvents(db: Db): InboundStore {
  const toMatch = (row: Record<string, unknown> | undefined): InboundDeliveryMatch | undefined =>
    row === undefined
      ? undefined
      : {
          deliveryId: row.delivery_id as number,
          issueId: row.issue_id as string,
          messageId: (row.message_id as string | null) ?? null,
          subscriber: prefixedToSubscriber(row as Parameters<typeof prefixedToSubscriber>[0]),
        };

  return {
    inboundDelivery: async (id) => toMatch((await db.query(`${MATCH} WHERE d.id = $1`, [id])).rows[0]),
    inboundDeliveryByMessageId: async (messageId) => toMatch((await db.query(`${MATCH} WHERE d.message_id = $1 ORDER BY d.id LIMIT 1`, [messageId])).rows[0]),
    recordInboundEvent: (event, change) => db.transaction((client) => record(client, event, change)),
    async softBouncedDeliveries(subscriberId, since, besides) {
      const counted = await db.query<{ n: number }>(
        `SELECT count(DISTINCT delivery_id) AS n FROM inbound_events
         WHERE subscriber_id = $1 AND kind = 'bounce-soft' AND delivery_id IS NOT NULL AND received_at >= $2 AND delivery_id <> $3`,
        [subscriberId, since, besides ?? 0],
      );
      return counted.rows[0]?.n ?? 0;
    },
    async inboundEventsFor(email) {
      const rows = await db.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM inbound_events WHERE email_hash = $1 ORDER BY id`, [hashKey(emailKey(email))]);
      return rows.rows.map(rowToInboundEvent);
    },
    async inboundEventsForReview(limit) {
      const rows = await db.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM inbound_events WHERE outcome = 'review' ORDER BY id DESC LIMIT $1`, [limit]);
      return rows.rows.map(rowToInboundEvent);
    },
    async inboundReport(issueId) {
      const id = issueId ?? null;
      const [kinds, outcomes] = await Promise.all([
        db.query<{ kind: string; n: number }>(
          `SELECT kind, count(DISTINCT subscriber_id) AS n FROM inbound_events
           WHERE outcome IN ('applied', 'counted') AND ($1::text IS NULL OR issue_id = $1) GROUP BY kind`,
          [id],
        ),
        db.query<{ outcome: string; n: number }>('SELECT outcome, count(*) AS n FROM inbound_events WHERE ($1::text IS NULL OR issue_id = $1) GROUP BY outcome', [id]),
      ]);
      return inboundReport(new Map(kinds.rows.map((row) => [row.kind, row.n])), new Map(outcomes.rows.map((row) => [row.outcome, row.n])));
    },
  };
}

/**
 * One event in one transaction. The row goes in first (ON CONFLICT on the
 * fingerprint: a second writer of the same event waits for the first and
 * then writes nothing, so an event is applied once however many processes
 * feed it); then the subscriber's row is locked (FOR NO KEY UPDATE: the
 * event's foreign key holds a KEY SHARE lock on it, which FOR UPDATE would
 * wait on across two such transactions) and the change decided by the
 * rules setSubscriberStatus applies (only from one of `from`, stamps from
 * store/rows); an event whose change did not apply is stored as counted,
 * with the reason.
 */
async function record(client: Queryable, event: InboundRecord, change: InboundStatusChange | undefined): Promise<Recorded> {
  const emailHash = event.subscriberEmail === null ? null : hashKey(emailKey(event.subscriberEmail));
  const inserted = await client.query<{ id: number }>(INSERT, [
    event.fingerprint,
    event.kind,
    event.source,
    event.outcome,
    event.deliveryId,
    event.issueId,
    event.subscriberId,
    emailHash,
    event.recipient,
    event.status,
    event.messageId,
    event.occurredAt,
    event.receivedAt,
    event.detail,
    event.excerpt,
  ]);
  const id = inserted.rows[0]?.id;
  if (id === undefined) return { recorded: false, outcome: event.outcome };
  if (change === undefined) return { recorded: true, outcome: event.outcome };

  const locked = (await client.query<SubscriberRow>(`SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers WHERE id = $1 FOR NO KEY UPDATE`, [change.subscriberId])).rows[0];
  const before = locked === undefined ? undefined : rowToSubscriber(locked);
  if (before === undefined || !change.from.includes(before.status) || before.status === change.to) {
    await client.query("UPDATE inbound_events SET outcome = 'counted', detail = $2 WHERE id = $1", [id, notAppliedDetail(event.detail, before?.status)]);
    return { recorded: true, outcome: 'counted', ...(before === undefined ? {} : { subscriber: before }) };
  }
  const now = instant().iso;
  const after = stamps(before, change.to, now);
  const changed = await client.query<SubscriberRow>(
    `UPDATE subscribers SET status = $2, updated_at = $3, confirmed_at = $4, unsubscribed_at = $5 WHERE id = $1 RETURNING ${SUBSCRIBER_COLUMNS}`,
    [change.subscriberId, change.to, now, after.confirmed_at, after.unsubscribed_at],
  );
  const row = changed.rows[0];
  if (row === undefined) throw new Error(`subscriber ${change.subscriberId} vanished while being written`);
  return { recorded: true, outcome: event.outcome, subscriber: rowToSubscriber(row) };
}
