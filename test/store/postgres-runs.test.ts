import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import type { InboundRecord, Store } from '../../src/store/store.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../helpers/postgres.js';

/**
 * Claims and dedupes across processes: each store here is its own pool (as
 * several schedulers on several hosts are), all on one database.
 */
const SLOT = '2025-10-27T08:00:00.000Z';
const T0 = '2025-10-27T08:00:01.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

describePostgres('PostgreSQL runs and inbound events across processes', () => {
  let database: TestDatabase;
  let stores: Store[];
  let sql: pg.Client;
  beforeAll(async () => {
    database = await freshDatabase();
    // Opened one after another: the schema is applied by the first.
    stores = [];
    for (let i = 0; i < 4; i += 1) stores.push(await openPostgresStore(database.url));
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await Promise.all((stores ?? []).map((store) => store.close()));
    await database?.drop();
  });

  it('gives one scheduled run to exactly one of four stores claiming it at once, and its lapsed hold to exactly one again', async () => {
    const claims = await Promise.all(stores.map((store, i) => store.claimRun(SLOT, `host${i}`, { trigger: 'scheduled', now: T0, leaseMs: 60_000 })));
    const winners = claims.filter((claim) => claim.claimed);
    expect(winners).toHaveLength(1);
    const owner = winners[0]?.run.owner;
    expect(claims.every((claim) => claim.run.owner === owner && claim.run.outcome === 'running')).toBe(true);

    // The winner dies; its hold lapses; four others race to take it over.
    const takeovers = await Promise.all(stores.map((store, i) => store.claimRun(SLOT, `later${i}`, { trigger: 'catch-up', now: at(61) })));
    expect(takeovers.filter((claim) => claim.claimed)).toHaveLength(1);
    const run = await stores[0]!.getRun(SLOT);
    expect(run).toMatchObject({ attempts: 2, trigger: 'catch-up', startedAt: at(61) });
    expect(run?.owner).toMatch(/^later\d$/);
    expect(await stores[1]!.finishRun(SLOT, owner!, { outcome: 'sent' })).toBeUndefined();
  });

  it('takes a failed run again in exactly one of four stores retrying it at once', async () => {
    const slot = '2025-11-03T08:00:00.000Z';
    await stores[0]!.claimRun(slot, 'first', { trigger: 'scheduled', now: T0 });
    await stores[0]!.finishRun(slot, 'first', { outcome: 'failed', detail: 'the relay refused the connection' });
    const retries = await Promise.all(stores.map((store, i) => store.claimRun(slot, `retry${i}`, { trigger: 'catch-up', now: at(600) })));
    expect(retries.filter((claim) => claim.claimed)).toHaveLength(1);
    expect((await stores[2]!.getRun(slot))?.attempts).toBe(2);
  });

  /** A subscriber with one delivery of one issue, written in plain SQL (the subscriber and send-log parts are others'). */
  const sent = async (email: string): Promise<{ subscriberId: number; deliveryId: number }> => {
    const now = '2024-06-01T00:00:00.000Z';
    const subscriber = await sql.query<{ id: number }>(
      "INSERT INTO subscribers (email, email_key, name, status, themes, created_at, updated_at) VALUES ($1, lower($1), '', 'active', '[]', $2, $2) RETURNING id",
      [email, now],
    );
    await sql.query("INSERT INTO issues (id, number, subject, status, created_at, updated_at) VALUES ('2024-W23', 1, 'S', 'sent', $1, $1) ON CONFLICT DO NOTHING", [now]);
    const subscriberId = subscriber.rows[0]!.id;
    const delivery = await sql.query<{ id: number }>(
      "INSERT INTO deliveries (issue_id, subscriber_id, status, message_id, created_at, updated_at) VALUES ('2024-W23', $1, 'sent', $2, $3, $3) RETURNING id",
      [subscriberId, `<${subscriberId}@example.org>`, now],
    );
    return { subscriberId, deliveryId: delivery.rows[0]!.id };
  };
  const bounce = (fingerprint: string, subscriberId: number, deliveryId: number, email: string): InboundRecord => ({
    fingerprint,
    kind: 'bounce-hard',
    source: 'file',
    outcome: 'applied',
    deliveryId,
    issueId: '2024-W23',
    subscriberId,
    subscriberEmail: email,
    recipient: email,
    status: '5.1.1',
    messageId: `<${subscriberId}@example.org>`,
    occurredAt: '2024-06-03T09:00:00.000Z',
    receivedAt: '2024-06-03T09:01:00.000Z',
    detail: 'bounced: 5.1.1',
    excerpt: 'Status: 5.1.1',
  });

  it('stores and applies one bounce fed to four stores at once exactly once', async () => {
    const { subscriberId, deliveryId } = await sent('ann@example.org');
    const event = bounce('same-report', subscriberId, deliveryId, 'ann@example.org');
    const results = await Promise.all(stores.map((store) => store.recordInboundEvent(event, { subscriberId, to: 'bounced', from: ['active', 'pending'] })));
    expect(results.filter((result) => result.recorded)).toEqual([{ recorded: true, outcome: 'applied', subscriber: expect.objectContaining({ id: subscriberId, status: 'bounced' }) }]);
    const rows = await sql.query<{ n: number }>("SELECT count(*)::int AS n FROM inbound_events WHERE fingerprint = 'same-report'");
    expect(rows.rows[0]?.n).toBe(1);
    const subscriber = await sql.query<{ status: string; unsubscribed_at: string | null }>('SELECT status, unsubscribed_at FROM subscribers WHERE id = $1', [subscriberId]);
    expect(subscriber.rows[0]?.status).toBe('bounced');
    expect(subscriber.rows[0]?.unsubscribed_at).not.toBeNull();
    expect(await stores[3]!.inboundEventsFor('ANN@example.org')).toHaveLength(1);
    expect(await stores[0]!.inboundDelivery(deliveryId)).toMatchObject({ deliveryId, issueId: '2024-W23', subscriber: { id: subscriberId, status: 'bounced' } });
  });

  it('applies one of four different bounces for one subscriber at once and counts the others, naming why', async () => {
    const { subscriberId, deliveryId } = await sent('bob@example.org');
    const results = await Promise.all(
      stores.map((store, i) => store.recordInboundEvent(bounce(`bob-${i}`, subscriberId, deliveryId, 'bob@example.org'), { subscriberId, to: 'bounced', from: ['active', 'pending'] })),
    );
    expect(results.every((result) => result.recorded)).toBe(true);
    expect(results.map((result) => result.outcome).sort()).toEqual(['applied', 'counted', 'counted', 'counted']);
    const events = await stores[0]!.inboundEventsFor('bob@example.org');
    expect(events.filter((event) => event.outcome === 'counted').map((event) => event.detail)).toEqual(
      Array(3).fill('bounced: 5.1.1 (not applied: the subscriber is bounced)'),
    );
    expect(await stores[1]!.inboundReport('2024-W23')).toMatchObject({ bouncedHard: 2 });
  });
});
