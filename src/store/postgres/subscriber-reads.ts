import type { Subscriber, SubscriberPage, SubscriberQuery } from '../subscriber-store.js';
import { emailKey, rowToSubscriber, SUBSCRIBER_COLUMNS, type SubscriberRow } from '../rows/subscriber-rows.js';
import { wholeNumber } from '../sqlite/clock.js';
import type { Queryable } from './connection.js';

export interface SubscriberReads {
  get(id: number): Promise<Subscriber | undefined>;
  findByEmail(email: string): Promise<Subscriber | undefined>;
  getByLegacyLink(id: number): Promise<Subscriber | undefined>;
  list(query: SubscriberQuery): Promise<Subscriber[]>;
  count(query: Pick<SubscriberQuery, 'status'>): Promise<number>;
  page(page: SubscriberPage): Promise<Subscriber[]>;
}

// `$1::text IS NULL OR status = $1`: one statement for "any status" and "this status" (the planner folds it per call).
const OF_STATUS = '($1::text IS NULL OR status = $1::text)';

/**
 * One page of streamSubscribers: $1 status or null, $2 the last id seen, $3
 * the page size. Keyset, not OFFSET: each page starts from an index, so a
 * walk costs the same at its end as at its start.
 */
export const SUBSCRIBER_PAGE = `SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers WHERE ${OF_STATUS} AND id > $2::bigint ORDER BY id LIMIT $3`;

/** Subscribers read, one statement each: no read here locks or writes. */
export function subscriberReads(db: Queryable): SubscriberReads {
  const first = async (sql: string, params: readonly unknown[]): Promise<Subscriber | undefined> => {
    const row = (await db.query<SubscriberRow>(sql, params)).rows[0];
    return row === undefined ? undefined : rowToSubscriber(row);
  };
  const all = async (sql: string, params: readonly unknown[]): Promise<Subscriber[]> =>
    (await db.query<SubscriberRow>(sql, params)).rows.map(rowToSubscriber);

  return {
    get: (id) => first(`SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers WHERE id = $1::bigint`, [id]),
    findByEmail: (email) => first(`SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers WHERE email_key = $1`, [emailKey(email)]),
    getByLegacyLink: (id) =>
      first(
        `SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers WHERE id = $1::bigint AND id <= (SELECT last_subscriber_id FROM legacy_links WHERE id = 1)`,
        [id],
      ),
    async list(query) {
      // LIMIT NULL is no limit in PostgreSQL.
      const limit = query.limit === undefined ? null : wholeNumber(query.limit, 'limit');
      const offset = query.offset === undefined ? 0 : wholeNumber(query.offset, 'offset');
      return all(`SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers WHERE ${OF_STATUS} ORDER BY id LIMIT $2 OFFSET $3`, [query.status ?? null, limit, offset]);
    },
    async count(query) {
      const rows = await db.query<{ n: number }>(`SELECT count(*) AS n FROM subscribers WHERE ${OF_STATUS}`, [query.status ?? null]);
      return rows.rows[0]?.n ?? 0;
    },
    async page(page) {
      const limit = wholeNumber(page.limit, 'limit');
      const afterId = page.afterId === undefined ? 0 : wholeNumber(page.afterId, 'afterId');
      return all(SUBSCRIBER_PAGE, [page.status ?? null, afterId, limit]);
    },
  };
}
