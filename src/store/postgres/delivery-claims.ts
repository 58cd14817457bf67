import { DELIVERY_COLUMNS, LEFT_IN_FLIGHT, OPEN_DELIVERIES, rowToDelivery, skippedBecause, stepOrNull, type DeliveryRow } from '../rows/delivery-rows.js';
import type { DeliveryStore, PendingDelivery, SentRecord } from '../send-log-store.js';
import { prefixedToSubscriber, subscriberColumns, type SubscriberRow } from '../rows/subscriber-rows.js';
import { instant, wholeNumber } from '../sqlite/clock.js';
import type { Db, Queryable } from './connection.js';

/** A sender's side of the log: pages of pending deliveries and each step of a delivery's life. */
export type DeliveryClaims = Pick<
  DeliveryStore,
  | 'nextPendingDeliveries'
  | 'markDeliveryInFlight'
  | 'markDeliveriesSent'
  | 'markDeliveryUnknown'
  | 'markDeliveryFailed'
  | 'markDeliveryRetry'
  | 'markInFlightUnknown'
  | 'requeueUnknownDeliveries'
>;

type JoinedRow = DeliveryRow & Record<`s_${keyof SubscriberRow}`, unknown>;

/**
 * An issue's pending deliveries that are due, with their subscribers, by id.
 * It claims nothing: several senders may read the same page, and
 * markDeliveryInFlight decides which of them sends each delivery. So no
 * transaction spans the pages it reads; each skip of a subscriber no
 * longer active is one conditional update of its own.
 */
export const PENDING_PAGE = `
  SELECT ${DELIVERY_COLUMNS}, ${subscriberColumns('s')}
  FROM deliveries AS d JOIN subscribers AS s ON s.id = d.subscriber_id
  WHERE d.issue_id = $1 AND d.${OPEN_DELIVERIES} AND d.status = 'pending' AND d.id > $2 AND d.id <= $5 AND (d.not_before_ms IS NULL OR d.not_before_ms <= $3)
  ORDER BY d.id LIMIT $4`;

/**
 * The claim itself: pending -> in-flight for the deliveries of `$1` (ids
 * in ascending order, each once) that are still pending and that no other
 * transaction holds (SKIP LOCKED: a sender racing for the same delivery
 * neither waits nor wins it twice; the outer `d.status = 'pending'` is
 * re-checked on the newest row). One statement over one table, each row's
 * Message-ID found by its id's place in `$2`: no join for the planner to
 * misjudge while the statistics of a growing queue are stale, and the id
 * range steering it to the primary key.
 */
export const START = `
  UPDATE deliveries AS d
  SET status = 'in-flight', attempts = d.attempts + 1, message_id = ($2::text[])[array_position($1::int[], d.id)],
    attempt_started_at = $3, updated_at = $3
  WHERE d.id IN (SELECT c.id FROM deliveries AS c WHERE c.id BETWEEN $4 AND $5 AND c.id = ANY($1::int[]) AND c.status = 'pending'
      ORDER BY c.id FOR UPDATE SKIP LOCKED)
    AND d.id BETWEEN $4 AND $5 AND d.status = 'pending'
  RETURNING d.id`;

/** in-flight or unknown -> sent, with each one's Message-ID and the relay's reply; ids as START's. */
export const SENT = `
  UPDATE deliveries AS d
  SET status = 'sent', message_id = ($2::text[])[array_position($1::int[], d.id)], response = ($3::text[])[array_position($1::int[], d.id)],
    sent_at = $4, updated_at = $4, last_error = NULL, permanent = NULL, not_before_ms = NULL
  WHERE d.id BETWEEN $5 AND $6 AND d.id = ANY($1::int[]) AND d.status IN ('in-flight', 'unknown')
  RETURNING d.id`;

/**
 * Every method is async, so that bad input (a step that is not one) rejects
 * its promise rather than throwing. Every write is one conditional
 * statement (its condition the state the delivery moves from), or several
 * of them in one transaction; none reads a row and then writes it blindly.
 * Lists of ids are taken once each (the first wins) and in id order, so
 * that two writers lock rows in the same order. A delivery another
 * transaction holds at that moment is not moved in flight (SKIP LOCKED):
 * if it is still pending afterwards, a later page hands it out again.
 */
export function postgresDeliveryClaims(db: Db): DeliveryClaims {
  const one = async (sql: string, params: readonly unknown[]): Promise<boolean> => (await db.query(sql, params)).rowCount === 1;
  const many = async (sql: string, params: readonly unknown[]): Promise<number> => (await db.query(sql, params)).rowCount ?? 0;

  return {
    async nextPendingDeliveries(issueId, limit, options = {}) {
      wholeNumber(limit, 'limit');
      const now = instant(options.now);
      const ready: PendingDelivery[] = [];
      // A worker's page is a range of ids (send/queue/page.ts); without one, the whole issue.
      let afterId = options.afterId === undefined ? 0 : wholeNumber(options.afterId, 'afterId');
      const throughId = options.throughId === undefined ? 2_147_483_647 : wholeNumber(options.throughId, 'throughId');
      while (ready.length < limit) {
        const wanted = limit - ready.length;
        const { rows } = await db.query<JoinedRow>(PENDING_PAGE, [issueId, afterId, now.ms, wanted, throughId]);
        const stopped: { id: number; error: string }[] = [];
        for (const row of rows) {
          afterId = row.id;
          const subscriber = prefixedToSubscriber(row);
          if (subscriber.status === 'active') ready.push({ delivery: rowToDelivery(row), subscriber });
          else stopped.push({ id: row.id, error: skippedBecause(subscriber.status) });
        }
        if (stopped.length > 0) await skip(db, stopped, now.iso);
        if (rows.length < wanted) break;
      }
      return ready;
    },
    async markDeliveryInFlight(starts, options = {}) {
      const now = instant(options.now).iso;
      const settled = options.sent ?? [];
      const fresh = firstOfEach(starts).sort((a, b) => a.id - b.id);
      if (fresh.length === 0 && settled.length === 0) return [];
      const moved = await db.transaction(async (client) => {
        await recordSent(client, settled, now);
        if (fresh.length === 0) return new Set<number>();
        const { rows } = await client.query<{ id: number }>(START, [fresh.map((s) => s.id), fresh.map((s) => s.messageId), now, fresh[0]?.id, fresh.at(-1)?.id]);
        return new Set(rows.map((row) => row.id));
      });
      return firstOfEach(starts).filter((start) => moved.has(start.id)).map((start) => start.id);
    },
    async markDeliveriesSent(sent, options = {}) {
      if (sent.length === 0) return [];
      const now = instant(options.now).iso;
      const moved = await db.transaction((client) => recordSent(client, sent, now));
      return firstOfEach(sent).filter((record) => moved.has(record.id)).map((record) => record.id);
    },
    markDeliveryUnknown: async (id, error, options = {}) =>
      one(`UPDATE deliveries SET status = 'unknown', last_error = $2, last_step = $3, updated_at = $4 WHERE id = $1 AND status = 'in-flight'`, [
        id,
        error,
        stepOrNull(options.step),
        instant(options.now).iso,
      ]),
    markDeliveryFailed: async (id, error, permanent, options = {}) =>
      one(
        `UPDATE deliveries SET status = 'failed', last_error = $2, last_step = $3, permanent = $4, updated_at = $5
         WHERE id = $1 AND status IN ('pending', 'in-flight', 'unknown')`,
        [id, error, stepOrNull(options.step), permanent ? 1 : 0, instant(options.now).iso],
      ),
    markDeliveryRetry: async (id, error, notBefore, options = {}) =>
      one(
        `UPDATE deliveries SET status = 'pending', last_error = $2, last_step = $3, permanent = NULL, not_before_ms = $4, updated_at = $5
         WHERE id = $1 AND status = 'in-flight'`,
        [id, error, stepOrNull(options.step), instant(notBefore, 'notBefore').ms, instant(options.now).iso],
      ),
    markInFlightUnknown: async (issueId, options = {}) =>
      many(
        `UPDATE deliveries SET status = 'unknown', last_error = $2, last_step = NULL, updated_at = $3
         WHERE issue_id = $1 AND ${OPEN_DELIVERIES} AND status = 'in-flight' AND id > $4 AND id <= $5`,
        [
          issueId,
          LEFT_IN_FLIGHT,
          instant(options.now).iso,
          options.afterId === undefined ? 0 : wholeNumber(options.afterId, 'afterId'),
          options.throughId === undefined ? 2_147_483_647 : wholeNumber(options.throughId, 'throughId'),
        ],
      ),
    requeueUnknownDeliveries: async (issueId, options = {}) =>
      many(`UPDATE deliveries SET status = 'pending', updated_at = $2 WHERE issue_id = $1 AND status = 'unknown'`, [issueId, instant(options.now).iso]),
  };
}

/** pending -> skipped for deliveries whose subscriber is no longer active, if both are still so. */
async function skip(db: Queryable, stopped: readonly { id: number; error: string }[], now: string): Promise<void> {
  await db.query(
    `UPDATE deliveries AS d SET status = 'skipped', last_error = v.error, updated_at = $3
     FROM unnest($1::int[], $2::text[]) AS v (id, error), subscribers AS s
     WHERE d.id = v.id AND d.status = 'pending' AND s.id = d.subscriber_id AND s.status <> 'active'`,
    [stopped.map((s) => s.id), stopped.map((s) => s.error), now],
  );
}

async function recordSent(client: Queryable, records: readonly SentRecord[], now: string): Promise<Set<number>> {
  const fresh = firstOfEach(records).sort((a, b) => a.id - b.id);
  if (fresh.length === 0) return new Set();
  const { rows } = await client.query<{ id: number }>(SENT, [
    fresh.map((r) => r.id),
    fresh.map((r) => r.messageId),
    fresh.map((r) => r.response),
    now,
    fresh[0]?.id,
    fresh.at(-1)?.id,
  ]);
  return new Set(rows.map((row) => row.id));
}

/** Each id's first entry, in the order given: as SQLite, where a second entry for an id finds it moved already. */
function firstOfEach<T extends { readonly id: number }>(entries: readonly T[]): T[] {
  const seen = new Set<number>();
  const first: T[] = [];
  for (const entry of entries) {
    if (seen.has(entry.id)) continue;
    seen.add(entry.id);
    first.push(entry);
  }
  return first;
}
