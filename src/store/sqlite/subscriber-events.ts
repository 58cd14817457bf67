import type Database from 'better-sqlite3';
import { isSuppressed, type SubscriberEvent, type UnsuppressResult } from '../subscriber-store.js';
import { instant } from './clock.js';
import { rowToSubscriberEvent, SUBSCRIBER_EVENT_COLUMNS, unsuppressedDetail, type SubscriberEventRow } from '../rows/subscriber-event-rows.js';
import { emailKey, hashKey, rowToSubscriber, SUBSCRIBER_COLUMNS, subscriberStatus, type SubscriberRow } from '../rows/subscriber-rows.js';

export interface SubscriberEvents {
  unsuppress(emails: readonly string[], reason: string): UnsuppressResult[];
  events(email: string): SubscriberEvent[];
}

/** Lifting suppressions, and the subscriber_events log that records why. */
export function prepareSubscriberEvents(db: Database.Database): SubscriberEvents {
  const byKey = db.prepare<[string], SubscriberRow>(`SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers WHERE email_key = ?`);
  const byId = db.prepare<[number], SubscriberRow>(`SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers WHERE id = ?`);
  // Active again: confirmedAt is when it last became active; unsubscribedAt keeps when it last left.
  const reactivate = db.prepare<[string, string, number]>(
    "UPDATE subscribers SET status = 'active', updated_at = ?, confirmed_at = ? WHERE id = ?",
  );
  const remembered = db.prepare<[string], { status: string }>('SELECT status FROM suppressed_addresses WHERE email_hash = ?');
  const forget = db.prepare<[string]>('DELETE FROM suppressed_addresses WHERE email_hash = ?');
  const record = db.prepare<[number | null, string, string, string, string]>(
    'INSERT INTO subscriber_events (subscriber_id, email_hash, kind, detail, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const eventsOf = db.prepare<[string], SubscriberEventRow>(
    `SELECT ${SUBSCRIBER_EVENT_COLUMNS} FROM subscriber_events WHERE email_hash = ? ORDER BY id`,
  );

  const unsuppressOne = (email: string, reason: string, now: string): UnsuppressResult => {
    const key = emailKey(email);
    const hash = hashKey(key);
    const row = byKey.get(key);
    if (row === undefined) {
      const memory = remembered.get(hash);
      if (memory === undefined) return { email, outcome: 'unknown' };
      const from = subscriberStatus(memory.status);
      if (from === 'unsubscribed') return { email, outcome: 'unsubscribed', from };
      forget.run(hash);
      record.run(null, hash, 'unsuppressed', unsuppressedDetail(from, reason), now);
      return { email, outcome: 'lifted', from };
    }
    const current = rowToSubscriber(row);
    if (!isSuppressed(current.status)) return { email, outcome: 'not-suppressed', subscriber: current };
    if (current.status === 'unsubscribed') return { email, outcome: 'unsubscribed', from: current.status, subscriber: current };
    reactivate.run(now, now, current.id);
    record.run(current.id, hash, 'unsuppressed', unsuppressedDetail(current.status, reason), now);
    const after = byId.get(current.id);
    return { email, outcome: 'reactivated', from: current.status, ...(after ? { subscriber: rowToSubscriber(after) } : {}) };
  };

  const unsuppress = db.transaction((emails: readonly string[], reason: string) => {
    const now = instant().iso;
    return emails.map((email) => unsuppressOne(email, reason, now));
  });

  return {
    unsuppress(emails, reason) {
      if (reason.trim() === '') throw new Error('unsuppressSubscribers: a reason is required');
      return unsuppress.immediate(emails, reason);
    },
    events(email) {
      return eventsOf.all(hashKey(emailKey(email))).map(rowToSubscriberEvent);
    },
  };
}
