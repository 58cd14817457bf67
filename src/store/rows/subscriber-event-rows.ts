import type { SubscriberEvent, SubscriberStatus } from '../subscriber-store.js';
import { subscriberStatus } from './subscriber-rows.js';

/** A subscriber_events row as both stores read it. */
export interface SubscriberEventRow {
  subscriber_id: number | null;
  kind: string;
  detail: string;
  created_at: string;
}

export const SUBSCRIBER_EVENT_COLUMNS = 'subscriber_id, kind, detail, created_at';

export function rowToSubscriberEvent(row: SubscriberEventRow): SubscriberEvent {
  if (row.kind !== 'unsuppressed') throw new Error(`the store is damaged: unexpected subscriber_events.kind value ${JSON.stringify(row.kind)}`);
  const detail = JSON.parse(row.detail) as { from: string; reason: string };
  const from: SubscriberStatus = subscriberStatus(detail.from);
  return { kind: 'unsuppressed', subscriberId: row.subscriber_id, detail: { from, reason: String(detail.reason) }, createdAt: row.created_at };
}

/** The detail column of an 'unsuppressed' event. */
export function unsuppressedDetail(from: SubscriberStatus, reason: string): string {
  return JSON.stringify({ from, reason });
}
