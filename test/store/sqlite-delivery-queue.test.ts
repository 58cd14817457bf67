import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PENDING_PAGE } from '../../src/store/sqlite/deliveries.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { UNFINISHED_ISSUES } from '../../src/store/sqlite/runs.js';

/** What SQLite's planner does with a statement: the lines of EXPLAIN QUERY PLAN. */
function plan(db: Database.Database, sql: string, ...params: unknown[]): string {
  return db
    .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
    .all(...params)
    .map((row) => row.detail)
    .join('\n');
}

describe('the queue of deliveries a sender still has to act on', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tidings-queue-'));
    path = join(dir, 'tidings.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('holds pending, in-flight and unknown deliveries only: a sent one leaves it', async () => {
    const store = await openSqliteStore(path);
    await store.upsertSubscribers([{ email: 'a@example.org', status: 'active' }, { email: 'b@example.org', status: 'active' }, { email: 'c@example.org', status: 'active' }]);
    await store.recordIssue({ id: '2019-W31', number: 1, subject: 'S' });
    await store.createAudienceDeliveries('2019-W31', []);
    const [first, second] = await store.nextPendingDeliveries('2019-W31', 2);
    const moved = await store.markDeliveryInFlight([{ id: first!.delivery.id, messageId: '<1@x>' }, { id: second!.delivery.id, messageId: '<2@x>' }]);
    expect(moved).toHaveLength(2);
    await store.markDeliveriesSent([{ id: first!.delivery.id, messageId: '<1@x>', response: '250 OK' }]);
    await store.close();

    const db = new Database(path, { readonly: true });
    try {
      const indexed = db.prepare<[], { status: string }>("SELECT status FROM deliveries INDEXED BY deliveries_open WHERE status IN ('pending', 'in-flight', 'unknown') ORDER BY id").all();
      expect(indexed.map((row) => row.status)).toEqual(['in-flight', 'pending']);
      // The sender's page of pending deliveries and the scheduler's look for unfinished issues go through it.
      expect(plan(db, PENDING_PAGE, '2019-W31', 0, Number.MAX_SAFE_INTEGER, Date.now(), 50)).toMatch(/SEARCH d USING (COVERING )?INDEX deliveries_open/);
      expect(plan(db, UNFINISHED_ISSUES)).toMatch(/SEARCH d USING (COVERING )?INDEX deliveries_open/);
    } finally {
      db.close();
    }
  });
});
