import { isSuppressed, type SetStatusOptions, type Subscriber, type SubscriberStatus } from '../subscriber-store.js';
import { emailKey, hashKey, rowToSubscriber, SUBSCRIBER_COLUMNS, type SubscriberRow } from '../rows/subscriber-rows.js';
import { stamps } from '../rows/subscriber-rules.js';
import { instant } from '../sqlite/clock.js';
import type { Db } from './connection.js';

export interface SubscriberChanges {
  setStatus(id: number, status: SubscriberStatus, options: SetStatusOptions): Promise<Subscriber | undefined>;
  setThemes(id: number, themes: readonly string[]): Promise<Subscriber | undefined>;
  remove(id: number): Promise<boolean>;
}

/**
 * One subscriber changed: a status set under the row's lock (the `from`
 * check and the timestamps read the row as it is, not as another process
 * left it a moment ago), themes replaced in one statement, a removal that
 * remembers a suppressed address in the same transaction.
 */
export function subscriberChanges(db: Db): SubscriberChanges {
  return {
    setStatus: (id, status, options) =>
      db.transaction(async (client) => {
        const row = (await client.query<SubscriberRow>(`SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers WHERE id = $1::bigint FOR UPDATE`, [id])).rows[0];
        if (row === undefined) return undefined;
        const current = rowToSubscriber(row);
        if (options.from !== undefined && !options.from.includes(current.status)) return current;
        if (current.status === status) return current;
        const now = instant().iso;
        const after = stamps(current, status, now);
        const updated = await client.query<SubscriberRow>(
          `UPDATE subscribers SET status = $2, updated_at = $3, confirmed_at = $4, unsubscribed_at = $5 WHERE id = $1 RETURNING ${SUBSCRIBER_COLUMNS}`,
          [id, status, now, after.confirmed_at, after.unsubscribed_at],
        );
        return mapped(updated.rows[0], id);
      }),

    async setThemes(id, themes) {
      const updated = await db.query<SubscriberRow>(
        `UPDATE subscribers SET themes = $2, updated_at = $3 WHERE id = $1::bigint RETURNING ${SUBSCRIBER_COLUMNS}`,
        [id, JSON.stringify([...themes]), instant().iso],
      );
      const row = updated.rows[0];
      return row === undefined ? undefined : rowToSubscriber(row);
    },

    remove: (id) =>
      db.transaction(async (client) => {
        const gone = (await client.query<{ email: string; status: SubscriberStatus }>('DELETE FROM subscribers WHERE id = $1::bigint RETURNING email, status', [id])).rows[0];
        if (gone === undefined) return false;
        if (isSuppressed(gone.status)) {
          await client.query(
            `INSERT INTO suppressed_addresses (email_hash, status, suppressed_at) VALUES ($1, $2, $3)
             ON CONFLICT (email_hash) DO UPDATE SET status = excluded.status, suppressed_at = excluded.suppressed_at`,
            [hashKey(emailKey(gone.email)), gone.status, instant().iso],
          );
        }
        return true;
      }),
  };
}

function mapped(row: SubscriberRow | undefined, id: number): Subscriber {
  if (row === undefined) throw new Error(`subscriber ${id} vanished while being written`);
  return rowToSubscriber(row);
}
