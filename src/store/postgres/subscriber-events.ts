import { isSuppressed, type SubscriberEvent, type SubscriberStatus, type UnsuppressResult } from '../subscriber-store.js';
import { rowToSubscriberEvent, SUBSCRIBER_EVENT_COLUMNS, unsuppressedDetail, type SubscriberEventRow } from '../rows/subscriber-event-rows.js';
import { emailKey, hashKey, rowToSubscriber, SUBSCRIBER_COLUMNS, subscriberStatus, type SubscriberRow } from '../rows/subscriber-rows.js';
import { instant } from '../sqlite/clock.js';
import type { Db, Queryable } from './connection.js';

export interface SubscriberEvents {
  unsuppress(emails: readonly string[], reason: string): Promise<UnsuppressResult[]>;
  events(email: string): Promise<SubscriberEvent[]>;
}

/**
 * Lifting suppressions, and the subscriber_events log that records why, as
 * in sqlite/subscriber-events.ts: one transaction for the whole list, each
 * subscriber locked before it is judged, a remembered address forgotten by
 * a conditional delete (never an unsubscribe's).
 */
export function subscriberEvents(db: Db): SubscriberEvents {
  return {
    async unsuppress(emails, reason) {
      if (reason.trim() === '') throw new Error('unsuppressSubscribers: a reason is required');
      const now = instant().iso;
      return db.transaction(async (client) => {
        const results: UnsuppressResult[] = [];
        for (const email of emails) results.push(await unsuppressOne(client, email, reason, now));
        return results;
      });
    },
    async events(email) {
      const rows = await db.query<SubscriberEventRow>(
        `SELECT ${SUBSCRIBER_EVENT_COLUMNS} FROM subscriber_events WHERE email_hash = $1 ORDER BY id`,
        [hashKey(emailKey(email))],
      );
      return rows.rows.map(rowToSubscriberEvent);
    },
  };
}

async function unsuppressOne(client: Queryable, email: string, reason: string, now: string): Promise<UnsuppressResult> {
  const key = emailKey(email);
  const hash = hashKey(key);
  const record = (subscriberId: number | null, from: SubscriberStatus) =>
    client.query("INSERT INTO subscriber_events (subscriber_id, email_hash, kind, detail, created_at) VALUES ($1, $2, 'unsuppressed', $3, $4)", [
      subscriberId,
      hash,
      unsuppressedDetail(from, reason),
      now,
    ]);
  const row = (await client.query<SubscriberRow>(`SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers WHERE email_key = $1 FOR UPDATE`, [key])).rows[0];
  if (row === undefined) {
    const lifted = (await client.query<{ status: string }>("DELETE FROM suppressed_addresses WHERE email_hash = $1 AND status <> 'unsubscribed' RETURNING status", [hash])).rows[0];
    if (lifted !== undefined) {
      const from = subscriberStatus(lifted.status);
      await record(null, from);
      return { email, outcome: 'lifted', from };
    }
    const kept = (await client.query<{ status: string }>('SELECT status FROM suppressed_addresses WHERE email_hash = $1', [hash])).rows[0];
    return kept === undefined ? { email, outcome: 'unknown' } : { email, outcome: 'unsubscribed', from: subscriberStatus(kept.status) };
  }
  const current = rowToSubscriber(row);
  if (!isSuppressed(current.status)) return { email, outcome: 'not-suppressed', subscriber: current };
  if (current.status === 'unsubscribed') return { email, outcome: 'unsubscribed', from: current.status, subscriber: current };
  // Active again: confirmedAt is when it last became active; unsubscribedAt keeps when it last left.
  const after = (
    await client.query<SubscriberRow>(`UPDATE subscribers SET status = 'active', updated_at = $2, confirmed_at = $2 WHERE id = $1 RETURNING ${SUBSCRIBER_COLUMNS}`, [current.id, now])
  ).rows[0];
  await record(current.id, current.status);
  return { email, outcome: 'reactivated', from: current.status, ...(after ? { subscriber: rowToSubscriber(after) } : {}) };
}
