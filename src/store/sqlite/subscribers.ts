import type Database from 'better-sqlite3';
import {
  isSuppressed,
  type SetStatusOptions,
  type Subscriber,
  type SubscriberInput,
  type SubscriberPage,
  type SubscriberQuery,
  type SubscriberStatus,
  type UpsertResult,
} from '../subscriber-store.js';
import { instant, wholeNumber } from './clock.js';
import { emailKey, hashKey, rowToSubscriber, SUBSCRIBER_COLUMNS, type SubscriberRow } from '../rows/subscriber-rows.js';
import { checkSubscriberBatch, nextStatus, stamps } from '../rows/subscriber-rules.js';

export interface Subscribers {
  upsert(batch: readonly SubscriberInput[]): UpsertResult[];
  get(id: number): Subscriber | undefined;
  findByEmail(email: string): Subscriber | undefined;
  getByLegacyLink(id: number): Subscriber | undefined;
  setStatus(id: number, status: SubscriberStatus, options: SetStatusOptions): Subscriber | undefined;
  setThemes(id: number, themes: readonly string[]): Subscriber | undefined;
  list(query: SubscriberQuery): Subscriber[];
  count(query: Pick<SubscriberQuery, 'status'>): number;
  page(page: SubscriberPage): Subscriber[];
  remove(id: number): boolean;
}

interface WriteParams {
  id?: number;
  email: string;
  email_key: string;
  name: string;
  status: SubscriberStatus;
  themes: string;
  now: string;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
}

export function prepareSubscribers(db: Database.Database): Subscribers {
  const byId = db.prepare<[number], SubscriberRow>(`SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers WHERE id = ?`);
  const byLegacyLink = db.prepare<[number], SubscriberRow>(
    `SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers WHERE id = ? AND id <= (SELECT last_subscriber_id FROM legacy_links WHERE id = 1)`,
  );
  const byKey = db.prepare<[string], SubscriberRow>(`SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers WHERE email_key = ?`);
  const insert = db.prepare<WriteParams>(`
    INSERT INTO subscribers (email, email_key, name, status, themes, created_at, updated_at, confirmed_at, unsubscribed_at)
    VALUES (@email, @email_key, @name, @status, @themes, @now, @now, @confirmed_at, @unsubscribed_at)`);
  const update = db.prepare<WriteParams>(`
    UPDATE subscribers SET name = @name, status = @status, themes = @themes, updated_at = @now,
      confirmed_at = @confirmed_at, unsubscribed_at = @unsubscribed_at
    WHERE id = @id`);
  const remembered = db.prepare<[string], { status: SubscriberStatus }>(
    'SELECT status FROM suppressed_addresses WHERE email_hash = ?',
  );
  const remember = db.prepare<[string, string, string]>(
    'INSERT OR REPLACE INTO suppressed_addresses (email_hash, status, suppressed_at) VALUES (?, ?, ?)',
  );
  const deleteOne = db.prepare<[number]>('DELETE FROM subscribers WHERE id = ?');
  const listAll = db.prepare<[number, number], SubscriberRow>(
    `SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers ORDER BY id LIMIT ? OFFSET ?`,
  );
  const listByStatus = db.prepare<[string, number, number], SubscriberRow>(
    `SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers WHERE status = ? ORDER BY id LIMIT ? OFFSET ?`,
  );
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM subscribers');
  const countByStatus = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM subscribers WHERE status = ?');
  const pageAll = db.prepare<[number, number], SubscriberRow>(
    `SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers WHERE id > ? ORDER BY id LIMIT ?`,
  );
  const pageByStatus = db.prepare<[string, number, number], SubscriberRow>(
    `SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers WHERE status = ? AND id > ? ORDER BY id LIMIT ?`,
  );

  const get = (id: number): Subscriber | undefined => {
    const row = byId.get(id);
    return row === undefined ? undefined : rowToSubscriber(row);
  };
  const mustGet = (id: number): Subscriber => {
    const subscriber = get(id);
    if (subscriber === undefined) throw new Error(`subscriber ${id} vanished while being written`);
    return subscriber;
  };

  const upsertOne = (input: SubscriberInput, now: string): UpsertResult => {
    const key = emailKey(input.email);
    const row = byKey.get(key);
    if (row === undefined) {
      const memory = remembered.get(hashKey(key));
      const status = memory === undefined ? input.status : nextStatus(memory.status, input.status);
      const id = insert.run({
        email: input.email,
        email_key: key,
        name: input.name ?? '',
        status,
        themes: JSON.stringify(input.themes ?? []),
        now,
        ...stamps(undefined, status, now),
      }).lastInsertRowid;
      return { outcome: status === input.status ? 'created' : 'suppressed', subscriber: mustGet(Number(id)) };
    }
    const current = rowToSubscriber(row);
    const status = nextStatus(current.status, input.status);
    const name = input.name ?? current.name;
    const themes = JSON.stringify(input.themes ?? current.themes);
    const kept = isSuppressed(current.status) && !isSuppressed(input.status);
    if (status === current.status && name === current.name && themes === row.themes) {
      return { outcome: kept ? 'suppressed' : 'unchanged', subscriber: current };
    }
    update.run({ id: current.id, email: current.email, email_key: key, name, status, themes, now, ...stamps(current, status, now) });
    return { outcome: kept ? 'suppressed' : 'updated', subscriber: mustGet(current.id) };
  };

  const upsert = db.transaction((batch: readonly SubscriberInput[]): UpsertResult[] => {
    const now = instant().iso;
    return batch.map((input) => upsertOne(input, now));
  });

  const setStatus = db.transaction((id: number, status: SubscriberStatus, options: SetStatusOptions) => {
    const current = get(id);
    if (current === undefined) return undefined;
    if (options.from !== undefined && !options.from.includes(current.status)) return current;
    if (current.status === status) return current;
    const now = instant().iso;
    update.run({
      id,
      email: current.email,
      email_key: emailKey(current.email),
      name: current.name,
      status,
      themes: JSON.stringify(current.themes),
      now,
      ...stamps(current, status, now),
    });
    return mustGet(id);
  });

  const setThemes = db.transaction((id: number, themes: readonly string[]) => {
    const current = get(id);
    if (current === undefined) return undefined;
    const now = instant().iso;
    update.run({
      id,
      email: current.email,
      email_key: emailKey(current.email),
      name: current.name,
      status: current.status,
      themes: JSON.stringify([...themes]),
      now,
      confirmed_at: current.confirmedAt,
      unsubscribed_at: current.unsubscribedAt,
    });
    return mustGet(id);
  });

  const remove = db.transaction((id: number): boolean => {
    const current = get(id);
    if (current === undefined) return false;
    if (isSuppressed(current.status)) remember.run(hashKey(emailKey(current.email)), current.status, instant().iso);
    deleteOne.run(id);
    return true;
  });

  return {
    upsert(batch) {
      checkSubscriberBatch(batch);
      // IMMEDIATE: the write lock up front, so a concurrent writer waits instead of failing half-way.
      return upsert.immediate(batch);
    },
    get,
    findByEmail(email) {
      const row = byKey.get(emailKey(email));
      return row === undefined ? undefined : rowToSubscriber(row);
    },
    getByLegacyLink(id) {
      const row = byLegacyLink.get(id);
      return row === undefined ? undefined : rowToSubscriber(row);
    },
    setStatus: (id, status, options) => setStatus.immediate(id, status, options),
    setThemes: (id, themes) => setThemes.immediate(id, themes),
    list(query) {
      const limit = query.limit === undefined ? -1 : wholeNumber(query.limit, 'limit');
      const offset = query.offset === undefined ? 0 : wholeNumber(query.offset, 'offset');
      const rows = query.status === undefined ? listAll.all(limit, offset) : listByStatus.all(query.status, limit, offset);
      return rows.map(rowToSubscriber);
    },
    count(query) {
      return (query.status === undefined ? countAll.get() : countByStatus.get(query.status))?.n ?? 0;
    },
    page(page) {
      const limit = wholeNumber(page.limit, 'limit');
      const afterId = page.afterId === undefined ? 0 : wholeNumber(page.afterId, 'afterId');
      const rows = page.status === undefined ? pageAll.all(afterId, limit) : pageByStatus.all(page.status, afterId, limit);
      return rows.map(rowToSubscriber);
    },
    remove: (id) => remove.immediate(id),
  };
}
