import { createHash } from 'node:crypto';
import { SUBSCRIBER_STATUSES, type Subscriber, type SubscriberStatus } from '../subscriber-store.js';
import { parseStringArray } from '../sqlite/json-columns.js';

export interface SubscriberRow {
  id: number;
  email: string;
  name: string;
  status: string;
  themes: string;
  created_at: string;
  updated_at: string;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
}

export const SUBSCRIBER_COLUMNS = 'id, email, name, status, themes, created_at, updated_at, confirmed_at, unsubscribed_at';

/** Same columns, prefixed with a table alias, for joins. */
export function subscriberColumns(alias: string): string {
  return SUBSCRIBER_COLUMNS.split(', ')
    .map((column) => `${alias}.${column} AS s_${column}`)
    .join(', ');
}

export function rowToSubscriber(row: SubscriberRow): Subscriber {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    status: subscriberStatus(row.status),
    themes: parseStringArray(row.themes, 'subscribers.themes'),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    confirmedAt: row.confirmed_at,
    unsubscribedAt: row.unsubscribed_at,
  };
}

/** A joined row's `s_`-prefixed columns as a subscriber. */
export function prefixedToSubscriber(row: Record<`s_${keyof SubscriberRow}`, unknown>): Subscriber {
  return rowToSubscriber({
    id: row.s_id as number,
    email: row.s_email as string,
    name: row.s_name as string,
    status: row.s_status as string,
    themes: row.s_themes as string,
    created_at: row.s_created_at as string,
    updated_at: row.s_updated_at as string,
    confirmed_at: row.s_confirmed_at as string | null,
    unsubscribed_at: row.s_unsubscribed_at as string | null,
  });
}

export function subscriberStatus(value: string): SubscriberStatus {
  const status = SUBSCRIBER_STATUSES.find((known) => known === value);
  if (status === undefined) throw new Error(`the store is damaged: unexpected subscribers.status value ${JSON.stringify(value)}`);
  return status;
}

/** The key that keeps addresses unique in any case. */
export function emailKey(email: string): string {
  return email.toLowerCase();
}

/** How suppressed_addresses and subscriber_events know an address: sha256 of its key. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
