import { countsFrom, DELIVERY_COLUMNS, rowToDelivery, type DeliveryRow } from '../rows/delivery-rows.js';
import type { DeliveryStore } from '../send-log-store.js';
import { instant, wholeNumber } from '../sqlite/clock.js';
import type { Db, Queryable } from './connection.js';

/** Subscriber ids per transaction when deliveries are made for an issue's audience. */
const AUDIENCE_SLICE = 5_000;

/**
 * New deliveries, in one call, after which the table's statistics are
 * taken again (ANALYZE) rather than left to autovacuum, which runs a
 * minute or so later: planned on statistics from before, with the partial
 * index deliveries_open taken for nearly empty, a sender's next page and
 * each claim would read the whole index instead of looking ids up.
 */
const FRESH_STATISTICS_AFTER = 10_000;

/** Writing the log (one delivery per subscriber and issue) and reading it. */
export type DeliveryLog = Pick<DeliveryStore, 'createDeliveries' | 'createAudienceDeliveries' | 'findDeliveries' | 'listDeliveries' | 'deliveryCounts'>;

/**
 * Both ways of making deliveries are one INSERT … SELECT each, never a
 * round trip per subscriber. A subscriber already in the issue's log is
 * left out by NOT IN over just the ids at hand, bounded by their
 * range (so that a rerun draws no identity values, and the look-up is an
 * index range however large the log: a NOT EXISTS let the planner, its statistics taken on an empty
 * table, scan the log once per subscriber) and by ON CONFLICT DO NOTHING
 * (so that two processes creating the same deliveries at once make each
 * one once). New deliveries get their ids in the order
 * given (createDeliveries) or by subscriber id (the audience).
 */
export function postgresDeliveryLog(db: Db): DeliveryLog {
  return {
    async createDeliveries(issueId, subscriberIds) {
      if (subscriberIds.length === 0) return 0;
      const [low, high] = range(subscriberIds);
      const { rowCount } = await db.query(
        `INSERT INTO deliveries (issue_id, subscriber_id, status, created_at, updated_at)
         SELECT $1, v.id, 'pending', $3, $3 FROM unnest($2::int[]) WITH ORDINALITY AS v (id, n)
         WHERE v.id NOT IN (SELECT e.subscriber_id FROM deliveries AS e
           WHERE e.issue_id = $1 AND e.subscriber_id BETWEEN $4 AND $5 AND e.subscriber_id = ANY($2::int[]))
         ORDER BY v.n
         ON CONFLICT (issue_id, subscriber_id) DO NOTHING`,
        [issueId, subscriberIds, instant().iso, low, high],
      );
      return refreshed(db, rowCount ?? 0);
    },
    async createAudienceDeliveries(issueId, themes) {
      const now = instant().iso;
      const { rows } = await db.query<{ id: number | null }>('SELECT max(id) AS id FROM subscribers');
      const last = rows[0]?.id ?? 0;
      let created = 0;
      for (let after = 0; after < last; after += AUDIENCE_SLICE) created += await insertAudienceSlice(db, issueId, themes, now, after, after + AUDIENCE_SLICE);
      return refreshed(db, created);
    },
    async findDeliveries(search) {
      const params: unknown[] = [];
      const where: string[] = [];
      const narrow = (sql: string, value: unknown) => {
        params.push(value);
        where.push(`${sql} $${params.length}`);
      };
      if (search.issueId !== undefined) narrow('d.issue_id =', search.issueId);
      if (search.status !== undefined) narrow('d.status =', search.status);
      if (search.subscriberId !== undefined) narrow('d.subscriber_id =', search.subscriberId);
      narrow('d.id >', search.afterId === undefined ? 0 : wholeNumber(search.afterId, 'afterId'));
      params.push(search.limit === undefined ? null : wholeNumber(search.limit, 'limit'));
      const { rows } = await db.query<DeliveryRow & { email: string }>(
        `SELECT ${DELIVERY_COLUMNS}, s.email FROM deliveries AS d JOIN subscribers AS s ON s.id = d.subscriber_id
         WHERE ${where.join(' AND ')} ORDER BY d.id LIMIT $${params.length}`,
        params,
      );
      return rows.map((row) => ({ delivery: rowToDelivery(row), email: row.email }));
    },
    async listDeliveries(issueId, query = {}) {
      const afterId = query.afterId === undefined ? 0 : wholeNumber(query.afterId, 'afterId');
      const limit = query.limit === undefined ? null : wholeNumber(query.limit, 'limit');
      const { rows } = await db.query<DeliveryRow>(
        `SELECT ${DELIVERY_COLUMNS} FROM deliveries AS d
         WHERE d.issue_id = $1 AND ($2::text IS NULL OR d.status = $2) AND d.id > $3 ORDER BY d.id LIMIT $4`,
        [issueId, query.status ?? null, afterId, limit],
      );
      return rows.map(rowToDelivery);
    },
    async deliveryCounts(issueId) {
      const { rows } = await db.query<{ status: string; n: number }>('SELECT status, count(*) AS n FROM deliveries WHERE issue_id = $1 GROUP BY status', [issueId]);
      return countsFrom(rows);
    },
  };
}

/**
 * One slice of the audience (subscriber ids in (after, through]), in one
 * statement: the rule of send/eligible.ts (variantFor) in SQL, active and
 * no themes chosen or one of the themes of the issue's posts (`?|`: any of
 * them is an element of the subscriber's list).
 */
async function insertAudienceSlice(db: Queryable, issueId: string, themes: readonly string[], now: string, after: number, through: number): Promise<number> {
  const { rowCount } = await db.query(
    `INSERT INTO deliveries (issue_id, subscriber_id, status, created_at, updated_at)
     SELECT $1, s.id, 'pending', $2, $2 FROM subscribers AS s
     WHERE s.id > $3 AND s.id <= $4 AND s.status = 'active'
       AND (jsonb_array_length(s.themes::jsonb) = 0 OR s.themes::jsonb ?| $5::text[])
       AND s.id NOT IN (SELECT e.subscriber_id FROM deliveries AS e WHERE e.issue_id = $1 AND e.subscriber_id > $3 AND e.subscriber_id <= $4)
     ORDER BY s.id
     ON CONFLICT (issue_id, subscriber_id) DO NOTHING`,
    [issueId, now, after, through, themes],
  );
  return rowCount ?? 0;
}

/** The smallest and the largest of a list that is not empty (no spread: a list may be 100,000 long). */
function range(values: readonly number[]): [number, number] {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < low) low = value;
    if (value > high) high = value;
  }
  return [low, high];
}

/** `created`, once the statistics are taken again if that many are new (see FRESH_STATISTICS_AFTER). */
async function refreshed(db: Queryable, created: number): Promise<number> {
  if (created >= FRESH_STATISTICS_AFTER) await db.query('ANALYZE deliveries');
  return created;
}
