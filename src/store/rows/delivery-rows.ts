import {
  DELIVERY_STATUSES,
  DELIVERY_STEPS,
  type Delivery,
  type DeliveryCounts,
  type DeliveryStatus,
  type DeliveryStep,
} from '../send-log-store.js';

/** A deliveries row as both backends read it (permanent 0/1, not_before_ms a number). */
export interface DeliveryRow {
  id: number;
  issue_id: string;
  subscriber_id: number;
  status: string;
  attempts: number;
  last_error: string | null;
  last_step: string | null;
  permanent: number | null;
  message_id: string | null;
  response: string | null;
  not_before_ms: number | null;
  created_at: string;
  updated_at: string;
  attempt_started_at: string | null;
  sent_at: string | null;
}

/** Every deliveries column, for a table aliased `d`. */
export const DELIVERY_COLUMNS = `d.id, d.issue_id, d.subscriber_id, d.status, d.attempts, d.last_error, d.last_step, d.permanent, d.message_id,
  d.response, d.not_before_ms, d.created_at, d.updated_at, d.attempt_started_at, d.sent_at`;

/**
 * The condition of the index deliveries_open (migration 9, and PostgreSQL's
 * baseline): only the deliveries a sender still has to act on are indexed,
 * so that a delivery that is sent leaves the index instead of moving inside
 * it. A query that wants the index states it word for word.
 */
export const OPEN_DELIVERIES = "status IN ('pending', 'in-flight', 'unknown')";

/** Written as the last error of a delivery left in flight by a sender that stopped. */
export const LEFT_IN_FLIGHT = 'in flight when its sender stopped (a crash, a kill or a lost connection to the store): the relay may or may not have it';

/** What a delivery an operator settled as sent says instead of the relay's reply. */
export const SETTLED_SENT = 'settled as sent by an operator (tidings deliveries settle --sent)';

/** The last error of a pending delivery skipped because its subscriber is no longer active. */
export function skippedBecause(subscriberStatus: string): string {
  return `the subscriber is ${subscriberStatus}`;
}

export function rowToDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    issueId: row.issue_id,
    subscriberId: row.subscriber_id,
    status: deliveryStatus(row.status),
    attempts: row.attempts,
    lastError: row.last_error,
    lastStep: row.last_step === null ? null : deliveryStep(row.last_step),
    permanent: row.permanent === null ? null : row.permanent === 1,
    messageId: row.message_id,
    response: row.response,
    notBefore: row.not_before_ms === null ? null : new Date(row.not_before_ms).toISOString(),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    attemptStartedAt: row.attempt_started_at,
    sentAt: row.sent_at,
  };
}

/** Per-status counts from (status, n) rows, every status present. */
export function countsFrom(rows: readonly { status: string; n: number }[]): DeliveryCounts {
  const counts = Object.fromEntries(DELIVERY_STATUSES.map((status) => [status, 0])) as Record<DeliveryStatus, number>;
  let total = 0;
  for (const row of rows) {
    counts[deliveryStatus(row.status)] = row.n;
    total += row.n;
  }
  return { ...counts, total };
}

export function deliveryStatus(value: string): DeliveryStatus {
  const status = DELIVERY_STATUSES.find((known) => known === value);
  if (status === undefined) throw new Error(`the store is damaged: unexpected deliveries.status value ${JSON.stringify(value)}`);
  return status;
}

function deliveryStep(value: string): DeliveryStep {
  const step = DELIVERY_STEPS.find((known) => known === value);
  if (step === undefined) throw new Error(`the store is damaged: unexpected deliveries.last_step value ${JSON.stringify(value)}`);
  return step;
}

/** A step a caller gave, checked, or null when not known. */
export function stepOrNull(step: DeliveryStep | null | undefined): DeliveryStep | null {
  if (step === undefined || step === null) return null;
  if (!DELIVERY_STEPS.includes(step)) throw new RangeError(`not an SMTP step: ${JSON.stringify(step)} (one of ${DELIVERY_STEPS.join(', ')})`);
  return step;
}
