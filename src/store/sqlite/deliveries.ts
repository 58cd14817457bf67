import type Database from 'better-sqlite3';
import {
  countsFrom,
  DELIVERY_COLUMNS as COLUMNS,
  LEFT_IN_FLIGHT,
  OPEN_DELIVERIES,
  rowToDelivery,
  skippedBecause,
  stepOrNull,
  type DeliveryRow,
} from '../rows/delivery-rows.js';
import type {
  Delivery,
  DeliveryCounts,
  DeliveryListing,
  DeliveryQuery,
  DeliveryRange,
  DeliverySearch,
  DeliveryStatus,
  DeliveryStep,
  InFlightStart,
  PendingDelivery,
  SentRecord,
} from '../send-log-store.js';
import { instant, wholeNumber } from './clock.js';
import { prepareSettlement, type Settlements } from './settle-deliveries.js';
import { prefixedToSubscriber, subscriberColumns, type SubscriberRow } from '../rows/subscriber-rows.js';

interface SearchParams {
  issue: string | null;
  status: string | null;
  subscriber: number | null;
  after: number;
  limit: number;
}

type JoinedRow = DeliveryRow & Record<`s_${keyof SubscriberRow}`, unknown>;

export interface Deliveries extends Settlements {
  create(issueId: string, subscriberIds: readonly number[]): number;
  createForAudience(issueId: string, themes: readonly string[]): number;
  nextPending(issueId: string, limit: number, now?: string, range?: DeliveryRange): PendingDelivery[];
  markInFlight(starts: readonly InFlightStart[], now?: string, sent?: readonly SentRecord[]): number[];
  markSent(sent: readonly SentRecord[], now?: string): number[];
  markUnknown(id: number, error: string, now?: string, step?: DeliveryStep | null): boolean;
  markFailed(id: number, error: string, permanent: boolean, now?: string, step?: DeliveryStep | null): boolean;
  markRetry(id: number, error: string, notBefore: string, now?: string, step?: DeliveryStep | null): boolean;
  markInFlightUnknown(issueId: string, now?: string, range?: DeliveryRange): number;
  requeueUnknown(issueId: string, now?: string): number;
  find(search: DeliverySearch): DeliveryListing[];
  list(issueId: string, query: DeliveryQuery): Delivery[];
  counts(issueId: string): DeliveryCounts;
}

/** Re-exported for the SQLite files that read the open deliveries (runs.ts). */
export { OPEN_DELIVERIES };
const OPEN = `d.${OPEN_DELIVERIES}`;

/** Subscriber ids per transaction when deliveries are made for an issue's audience. */
const AUDIENCE_SLICE = 5_000;

/**
 * A sender's next page: an issue's pending deliveries that are due, with
 * their subscribers, by id. OPEN repeats the condition of the index
 * deliveries_open word for word: SQLite uses a partial index only then.
 */
export const PENDING_PAGE = `
    SELECT ${COLUMNS}, ${subscriberColumns('s')}
    FROM deliveries AS d JOIN subscribers AS s ON s.id = d.subscriber_id
    WHERE d.issue_id = ? AND ${OPEN} AND d.status = 'pending' AND d.id > ? AND d.id <= ? AND (d.not_before_ms IS NULL OR d.not_before_ms <= ?)
    ORDER BY d.id LIMIT ?`;

export function prepareDeliveries(db: Database.Database): Deliveries {
  const insert = db.prepare<[string, number, string, string]>(`
    INSERT INTO deliveries (issue_id, subscriber_id, status, created_at, updated_at)
    VALUES (?, ?, 'pending', ?, ?) ON CONFLICT (issue_id, subscriber_id) DO NOTHING`);
  // The audience rule of send/eligible.ts (variantFor) in SQL: active, and no themes chosen or one of the themes of
  // the issue's posts, primary or not (`@themes`: audienceThemes), since the first of a post's themes followed places it.
  const insertAudience = db.prepare<[{ issue: string; now: string; after: number; through: number; themes: string }]>(`
    INSERT INTO deliveries (issue_id, subscriber_id, status, created_at, updated_at)
    SELECT @issue, s.id, 'pending', @now, @now FROM subscribers AS s
    WHERE s.id > @after AND s.id <= @through AND s.status = 'active'
      AND (json_array_length(s.themes) = 0
        OR EXISTS (SELECT 1 FROM json_each(s.themes) AS t WHERE t.value IN (SELECT value FROM json_each(@themes))))
    ON CONFLICT (issue_id, subscriber_id) DO NOTHING`);
  const lastSubscriberId = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM subscribers');
  const candidates = db.prepare<[string, number, number, number, number], JoinedRow>(PENDING_PAGE);
  const skip = db.prepare<[string, string, number]>(`
    UPDATE deliveries SET status = 'skipped', last_error = ?, updated_at = ? WHERE id = ? AND status = 'pending'`);
  const inFlight = db.prepare<[string, string, string, number]>(`
    UPDATE deliveries SET status = 'in-flight', attempts = attempts + 1, message_id = ?, attempt_started_at = ?, updated_at = ?
    WHERE id = ? AND status = 'pending'`);
  const sent = db.prepare<[string, string, string, string, number]>(`
    UPDATE deliveries SET status = 'sent', message_id = ?, response = ?, sent_at = ?, updated_at = ?,
      last_error = NULL, permanent = NULL, not_before_ms = NULL
    WHERE id = ? AND status IN ('in-flight', 'unknown')`);
  const failed = db.prepare<[string, string | null, number, string, number]>(`
    UPDATE deliveries SET status = 'failed', last_error = ?, last_step = ?, permanent = ?, updated_at = ?
    WHERE id = ? AND status IN ('pending', 'in-flight', 'unknown')`);
  const retry = db.prepare<[string, string | null, number, string, number]>(`
    UPDATE deliveries SET status = 'pending', last_error = ?, last_step = ?, permanent = NULL, not_before_ms = ?, updated_at = ?
    WHERE id = ? AND status = 'in-flight'`);
  const unknown = db.prepare<[string, string | null, string, number]>(`
    UPDATE deliveries SET status = 'unknown', last_error = ?, last_step = ?, updated_at = ? WHERE id = ? AND status = 'in-flight'`);
  const leftInFlight = db.prepare<[string, string, string, number, number]>(`
    UPDATE deliveries SET status = 'unknown', last_error = ?, last_step = NULL, updated_at = ?
    WHERE issue_id = ? AND ${OPEN_DELIVERIES} AND status = 'in-flight' AND id > ? AND id <= ?`);
  const moveAll = db.prepare<[string, string, string, string]>(`
    UPDATE deliveries SET status = ?, updated_at = ? WHERE issue_id = ? AND status = ?`);
  // One statement per set of filters given (each with the index that fits it: the issue's for an issue).
  const searches = new Map<string, Database.Statement<[SearchParams], DeliveryRow & { email: string }>>();
  const searchFor = (params: SearchParams): Database.Statement<[SearchParams], DeliveryRow & { email: string }> => {
    const filters = [['issue', 'd.issue_id = @issue'], ['status', 'd.status = @status'], ['subscriber', 'd.subscriber_id = @subscriber']] as const;
    const given = filters.filter(([name]) => params[name] !== null);
    const key = given.map(([name]) => name).join(',');
    let statement = searches.get(key);
    if (statement === undefined) {
      statement = db.prepare(`
        SELECT ${COLUMNS}, s.email FROM deliveries AS d JOIN subscribers AS s ON s.id = d.subscriber_id
        WHERE ${[...given.map(([, sql]) => sql), 'd.id > @after'].join(' AND ')} ORDER BY d.id LIMIT @limit`);
      searches.set(key, statement);
    }
    return statement;
  };
  const listAll = db.prepare<[string, number, number], DeliveryRow>(`
    SELECT ${COLUMNS} FROM deliveries AS d WHERE d.issue_id = ? AND d.id > ? ORDER BY d.id LIMIT ?`);
  const listByStatus = db.prepare<[string, string, number, number], DeliveryRow>(`
    SELECT ${COLUMNS} FROM deliveries AS d WHERE d.issue_id = ? AND d.status = ? AND d.id > ? ORDER BY d.id LIMIT ?`);
  const countByStatus = db.prepare<[string], { status: string; n: number }>(
    'SELECT status, count(*) AS n FROM deliveries WHERE issue_id = ? GROUP BY status',
  );

  const create = db.transaction((issueId: string, subscriberIds: readonly number[]): number => {
    const now = instant().iso;
    let created = 0;
    for (const id of subscriberIds) created += insert.run(issueId, id, now, now).changes;
    return created;
  });

  const insertSlice = db.transaction((issue: string, now: string, after: number, through: number, themes: string): number =>
    insertAudience.run({ issue, now, after, through, themes }).changes,
  );
  const createForAudience = (issueId: string, themes: readonly string[]): number => {
    const now = instant().iso;
    const json = JSON.stringify(themes);
    const last = lastSubscriberId.get()?.id ?? 0;
    let created = 0;
    for (let after = 0; after < last; after += AUDIENCE_SLICE) created += insertSlice.immediate(issueId, now, after, after + AUDIENCE_SLICE, json);
    return created;
  };

  const nextPending = db.transaction((issueId: string, limit: number, nowGiven: string | undefined, range: DeliveryRange): PendingDelivery[] => {
    const now = instant(nowGiven);
    const ready: PendingDelivery[] = [];
    const [from, throughId] = rangeEnds(range);
    let afterId = from;
    while (ready.length < limit) {
      const wanted = limit - ready.length;
      const rows = candidates.all(issueId, afterId, throughId, now.ms, wanted);
      for (const row of rows) {
        afterId = row.id;
        const subscriber = prefixedToSubscriber(row);
        if (subscriber.status === 'active') ready.push({ delivery: rowToDelivery(row), subscriber });
        else skip.run(skippedBecause(subscriber.status), now.iso, row.id);
      }
      if (rows.length < wanted) break;
    }
    return ready;
  });

  const recordSent = (records: readonly SentRecord[], now: string): number[] =>
    records.filter((r) => sent.run(r.messageId, r.response, now, now, r.id).changes === 1).map((r) => r.id);

  const markInFlight = db.transaction((starts: readonly InFlightStart[], nowGiven: string | undefined, settled: readonly SentRecord[]): number[] => {
    const now = instant(nowGiven).iso;
    recordSent(settled, now);
    return starts.filter((start) => inFlight.run(start.messageId, now, now, start.id).changes === 1).map((start) => start.id);
  });

  const markSent = db.transaction((records: readonly SentRecord[], nowGiven?: string): number[] => recordSent(records, instant(nowGiven).iso));

  const move = (issueId: string, from: DeliveryStatus, to: DeliveryStatus, nowGiven?: string): number =>
    moveAll.run(to, instant(nowGiven).iso, issueId, from).changes;

  return {
    create: (issueId, subscriberIds) => create.immediate(issueId, subscriberIds),
    createForAudience,
    nextPending(issueId, limit, now, range = {}) {
      wholeNumber(limit, 'limit');
      return nextPending.immediate(issueId, limit, now, range);
    },
    markInFlight: (starts, now, settled = []) => markInFlight.immediate(starts, now, settled),
    markSent: (records, now) => (records.length === 0 ? [] : markSent.immediate(records, now)),
    markUnknown: (id, error, now, step) => unknown.run(error, stepOrNull(step), instant(now).iso, id).changes === 1,
    markFailed: (id, error, permanent, now, step) => failed.run(error, stepOrNull(step), permanent ? 1 : 0, instant(now).iso, id).changes === 1,
    markRetry: (id, error, notBefore, now, step) =>
      retry.run(error, stepOrNull(step), instant(notBefore, 'notBefore').ms, instant(now).iso, id).changes === 1,
    markInFlightUnknown: (issueId, now, range = {}) => leftInFlight.run(LEFT_IN_FLIGHT, instant(now).iso, issueId, ...rangeEnds(range)).changes,
    requeueUnknown: (issueId, now) => move(issueId, 'unknown', 'pending', now),
    ...prepareSettlement(db),
    find(query) {
      const params: SearchParams = {
        issue: query.issueId ?? null,
        status: query.status ?? null,
        subscriber: query.subscriberId ?? null,
        after: query.afterId === undefined ? 0 : wholeNumber(query.afterId, 'afterId'),
        limit: query.limit === undefined ? -1 : wholeNumber(query.limit, 'limit'),
      };
      const rows = searchFor(params).all(params);
      return rows.map((row) => ({ delivery: rowToDelivery(row), email: row.email }));
    },
    list(issueId, query) {
      const limit = query.limit === undefined ? -1 : wholeNumber(query.limit, 'limit');
      const afterId = query.afterId === undefined ? 0 : wholeNumber(query.afterId, 'afterId');
      const rows =
        query.status === undefined
          ? listAll.all(issueId, afterId, limit)
          : listByStatus.all(issueId, query.status, afterId, limit);
      return rows.map(rowToDelivery);
    },
    counts: (issueId) => countsFrom(countByStatus.all(issueId)),
  };
}

/** A range's ends as bound parameters: `id > after AND id <= through`, open ends as 0 and the largest integer. */
function rangeEnds(range: DeliveryRange): [number, number] {
  const after = range.afterId === undefined ? 0 : wholeNumber(range.afterId, 'afterId');
  const through = range.throughId === undefined ? Number.MAX_SAFE_INTEGER : wholeNumber(range.throughId, 'throughId');
  return [after, through];
}
