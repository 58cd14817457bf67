import { isSuppressed, type SubscriberInput, type SubscriberStatus, type UpsertResult } from '../subscriber-store.js';
import { emailKey, hashKey, rowToSubscriber, SUBSCRIBER_COLUMNS, type SubscriberRow } from '../rows/subscriber-rows.js';
import { checkSubscriberBatch, nextStatus, stamps, type StatusStamps } from '../rows/subscriber-rules.js';
import { instant } from '../sqlite/clock.js';
import type { Db, Queryable } from './connection.js';
import { analyzeAfterGrowth } from './subscriber-stats.js';

/**
 * upsertSubscribers on PostgreSQL: the whole batch in one transaction, in a
 * few statements per chunk of inputs rather than one per subscriber. Each
 * chunk locks the rows it names (SELECT … FOR UPDATE, in id order), decides
 * every input with the same rules as SQLite (rows/subscriber-rules.ts),
 * then inserts the new ones and updates the changed ones from arrays
 * (unnest). An address another process inserted meanwhile (ON CONFLICT DO
 * NOTHING skipped it) is decided again, now as the row it found.
 */

/** Inputs per round of statements: a CSV import's batch (5,000) is one round. */
const CHUNK = 10_000;
/** Rounds for inputs that lost an insert race; a third loss in a row is not a race but a bug. */
const ROUNDS = 3;

type Row = SubscriberRow & { email_key: string };

interface NewRow extends StatusStamps {
  index: number;
  email: string;
  email_key: string;
  name: string;
  status: SubscriberStatus;
  themes: string;
  outcome: 'created' | 'suppressed';
}

interface ChangedRow extends StatusStamps {
  index: number;
  id: number;
  name: string;
  status: SubscriberStatus;
  themes: string;
  outcome: 'updated' | 'suppressed';
}

const RETURNING = `${SUBSCRIBER_COLUMNS}, email_key`;
const UPDATED = `${SUBSCRIBER_COLUMNS.split(', ').map((column) => `s.${column}`).join(', ')}, s.email_key`;

export async function upsertSubscribers(db: Db, batch: readonly SubscriberInput[]): Promise<UpsertResult[]> {
  checkSubscriberBatch(batch);
  if (batch.length === 0) return [];
  const now = instant().iso;
  const results = await db.transaction(async (client) => {
    const results: UpsertResult[] = new Array<UpsertResult>(batch.length);
    for (let start = 0; start < batch.length; start += CHUNK) {
      let indexes = Array.from({ length: Math.min(CHUNK, batch.length - start) }, (_, i) => start + i);
      for (let round = 1; indexes.length > 0; round += 1) {
        if (round > ROUNDS) throw new Error(`subscriber batch: ${indexes.length} address(es) kept changing under this import`);
        indexes = await upsertRound(client, batch, indexes, now, results);
      }
    }
    return results;
  });
  await analyzeAfterGrowth(db, results.filter((result) => result.outcome === 'created').length);
  return results;
}

/** One round over `indexes` of the batch; returns the indexes to decide again (lost an insert race). */
async function upsertRound(client: Queryable, batch: readonly SubscriberInput[], indexes: number[], now: string, results: UpsertResult[]): Promise<number[]> {
  const input = (index: number): SubscriberInput => batch[index] as SubscriberInput;
  const keys = indexes.map((index) => emailKey(input(index).email));
  const locked = await client.query<Row>(
    `SELECT ${RETURNING} FROM subscribers WHERE email_key = ANY($1::text[]) ORDER BY id FOR UPDATE`,
    [keys],
  );
  const existing = new Map(locked.rows.map((row) => [row.email_key, row]));
  const missing = keys.filter((key) => !existing.has(key));
  const memory = await rememberedStatuses(client, missing);

  const created: NewRow[] = [];
  const changed: ChangedRow[] = [];
  indexes.forEach((index, i) => {
    const given = input(index);
    const key = keys[i] as string;
    const row = existing.get(key);
    if (row === undefined) {
      const remembered = memory.get(hashKey(key));
      const status = remembered === undefined ? given.status : nextStatus(remembered, given.status);
      created.push({
        index,
        email: given.email,
        email_key: key,
        name: given.name ?? '',
        status,
        themes: JSON.stringify(given.themes ?? []),
        ...stamps(undefined, status, now),
        outcome: status === given.status ? 'created' : 'suppressed',
      });
      return;
    }
    const current = rowToSubscriber(row);
    const status = nextStatus(current.status, given.status);
    const name = given.name ?? current.name;
    const themes = JSON.stringify(given.themes ?? current.themes);
    const kept = isSuppressed(current.status) && !isSuppressed(given.status);
    if (status === current.status && name === current.name && themes === row.themes) {
      results[index] = { outcome: kept ? 'suppressed' : 'unchanged', subscriber: current };
      return;
    }
    changed.push({ index, id: current.id, name, status, themes, ...stamps(current, status, now), outcome: kept ? 'suppressed' : 'updated' });
  });

  const inserted = await insertRows(client, created, now);
  const lost: number[] = [];
  for (const row of created) {
    const stored = inserted.get(row.email_key);
    if (stored === undefined) lost.push(row.index);
    else results[row.index] = { outcome: row.outcome, subscriber: rowToSubscriber(stored) };
  }
  const updated = await updateRows(client, changed, now);
  for (const row of changed) {
    const stored = updated.get(row.id);
    if (stored === undefined) throw new Error(`subscriber ${row.id} vanished while being written`);
    results[row.index] = { outcome: row.outcome, subscriber: rowToSubscriber(stored) };
  }
  return lost;
}

/** The statuses remembered for removed addresses among `keys`, by hash. */
async function rememberedStatuses(client: Queryable, keys: readonly string[]): Promise<Map<string, SubscriberStatus>> {
  if (keys.length === 0) return new Map();
  const rows = await client.query<{ email_hash: string; status: SubscriberStatus }>(
    'SELECT email_hash, status FROM suppressed_addresses WHERE email_hash = ANY($1::text[])',
    [keys.map(hashKey)],
  );
  return new Map(rows.rows.map((row) => [row.email_hash, row.status]));
}

/**
 * Inserts the new rows in batch order (so that their ids ascend as in
 * SQLite), skipping any address another transaction has inserted since the
 * lock: those are missing from the map returned.
 */
async function insertRows(client: Queryable, rows: readonly NewRow[], now: string): Promise<Map<string, Row>> {
  if (rows.length === 0) return new Map();
  const inserted = await client.query<Row>(
    `INSERT INTO subscribers (email, email_key, name, status, themes, created_at, updated_at, confirmed_at, unsubscribed_at)
     SELECT email, email_key, name, status, themes, $1, $1, confirmed_at, unsubscribed_at
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
       WITH ORDINALITY AS given (email, email_key, name, status, themes, confirmed_at, unsubscribed_at, position)
     ORDER BY position
     ON CONFLICT (email_key) DO NOTHING
     RETURNING ${RETURNING}`,
    [
      now,
      rows.map((row) => row.email),
      rows.map((row) => row.email_key),
      rows.map((row) => row.name),
      rows.map((row) => row.status),
      rows.map((row) => row.themes),
      rows.map((row) => row.confirmed_at),
      rows.map((row) => row.unsubscribed_at),
    ],
  );
  return new Map(inserted.rows.map((row) => [row.email_key, row]));
}

/** Updates the changed rows (locked by this transaction) from arrays, in one statement. */
async function updateRows(client: Queryable, rows: readonly ChangedRow[], now: string): Promise<Map<number, Row>> {
  if (rows.length === 0) return new Map();
  const updated = await client.query<Row>(
    `UPDATE subscribers AS s
     SET name = given.name, status = given.status, themes = given.themes, updated_at = $1,
       confirmed_at = given.confirmed_at, unsubscribed_at = given.unsubscribed_at
     FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       AS given (id, name, status, themes, confirmed_at, unsubscribed_at)
     WHERE s.id = given.id
     RETURNING ${UPDATED}`,
    [
      now,
      rows.map((row) => row.id),
      rows.map((row) => row.name),
      rows.map((row) => row.status),
      rows.map((row) => row.themes),
      rows.map((row) => row.confirmed_at),
      rows.map((row) => row.unsubscribed_at),
    ],
  );
  return new Map(updated.rows.map((row) => [row.id, row]));
}
