import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { PENDING_PAGE, SENT, START } from '../../src/store/postgres/delivery-claims.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import type { Store } from '../../src/store/store.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../helpers/postgres.js';

/** `count` active subscribers (every tenth pending when asked), written in one statement. */
async function insertManySubscribers(url: string, count: number, options: { everyTenthPending?: boolean } = {}): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const now = new Date().toISOString();
    await client.query(
      `INSERT INTO subscribers (email, email_key, name, status, themes, created_at, updated_at)
       SELECT 'reader' || i || '@example.org', 'reader' || i || '@example.org', '', CASE WHEN $3 AND i % 10 = 0 THEN 'pending' ELSE 'active' END, '[]', $2, $2
       FROM generate_series(0, $1 - 1) AS i ORDER BY i`,
      [count, now, options.everyTenthPending === true],
    );
  } finally {
    await client.end();
  }
}

/**
 * Several stores on one database, each with its own pool of connections:
 * to the server they are as many processes (or machines), so these races
 * are real ones, decided by PostgreSQL and not by one process's event loop.
 */
describePostgres('PostgreSQL send log shared by several processes', () => {
  let database: TestDatabase;
  let senders: Store[];
  let sql: pg.Client;
  beforeEach(async () => {
    database = await freshDatabase();
    senders = await Promise.all([1, 2, 3, 4].map(() => openPostgresStore(database.url)));
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  });
  afterEach(async () => {
    await sql.end();
    await Promise.all(senders.map((store) => store.close()));
    await database.drop();
  });

  const T0 = Date.parse('2024-06-03T09:00:00.000Z');
  const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
  const deliveryIds = async (issueId: string): Promise<number[]> =>
    (await sql.query<{ id: number }>('SELECT id FROM deliveries WHERE issue_id = $1 ORDER BY id', [issueId])).rows.map((row) => row.id);

  it('gives a draft, and then a lapsed claim, to exactly one of four racing for it, every time', async () => {
    for (let round = 0; round < 25; round += 1) {
      const id = `w${round}`;
      await senders[0]!.recordIssue({ id, number: round + 1, subject: 'S' });
      const first = await Promise.all(senders.map((store, i) => store.claimIssueForSending(id, `sender-${i}`, { now: at(0), leaseMs: 30_000 })));
      expect(first.filter((claim) => claim.claimed)).toHaveLength(1);
      // Still held a second before it lapses, by its holder only.
      const early = await Promise.all(senders.map((store, i) => store.claimIssueForSending(id, `late-${i}`, { now: at(29) })));
      expect(early.filter((claim) => claim.claimed)).toHaveLength(0);
      // Once it lapsed (its sender died), one of the others takes it over.
      const after = await Promise.all(senders.map((store, i) => store.claimIssueForSending(id, `next-${i}`, { now: at(30), leaseMs: 30_000 })));
      const winners = after.filter((claim) => claim.claimed);
      expect(winners).toHaveLength(1);
      const issue = await senders[0]!.getIssue(id);
      expect(issue).toMatchObject({ status: 'sending', claimedUntil: at(60) });
      expect(winners[0]).toMatchObject({ issue: { owner: issue?.owner } });
    }
  });

  it('moves each of 1,000 deliveries in flight exactly once when four senders race for all of them', async () => {
    await insertManySubscribers(database.url, 1_000);
    await senders[0]!.recordIssue({ id: 'w1', number: 1, subject: 'S' });
    expect(await senders[0]!.createAudienceDeliveries('w1', [])).toBe(1_000);
    const ids = await deliveryIds('w1');
    // Each sender goes through every delivery in pages of 50, from its own end and at its own offset.
    const orders = [ids, [...ids].reverse(), [...ids.slice(500), ...ids.slice(0, 500)], [...ids.slice(250), ...ids.slice(0, 250)].reverse()];
    const won = await Promise.all(
      senders.map(async (store, i) => {
        const mine: number[] = [];
        const order = orders[i] ?? [];
        for (let start = 0; start < order.length; start += 50) {
          const page = order.slice(start, start + 50).map((id) => ({ id, messageId: `<${id}.${i}@example.org>` }));
          mine.push(...(await store.markDeliveryInFlight(page)));
        }
        return mine;
      }),
    );
    const all = won.flat();
    expect(all).toHaveLength(1_000);
    expect(new Set(all).size).toBe(1_000);
    expect(won.filter((mine) => mine.length > 0).length).toBeGreaterThan(1);
    // The row agrees with the winner: one attempt, and the Message-ID of the sender that won it.
    const rows = await sql.query<{ id: number; attempts: number; message_id: string }>("SELECT id, attempts, message_id FROM deliveries WHERE status = 'in-flight'");
    expect(rows.rows).toHaveLength(1_000);
    const winnerOf = new Map(won.flatMap((mine, i) => mine.map((id) => [id, i] as const)));
    for (const row of rows.rows) {
      expect(row.attempts).toBe(1);
      expect(row.message_id).toBe(`<${row.id}.${winnerOf.get(row.id)}@example.org>`);
    }
  });

  it('sends each delivery once when four senders walk one issue to the end, honouring an unsubscribe on the way', async () => {
    await insertManySubscribers(database.url, 2_000);
    await sql.query("UPDATE subscribers SET status = 'unsubscribed' WHERE id % 100 = 0");
    await senders[0]!.recordIssue({ id: 'w1', number: 1, subject: 'S' });
    // All four create the audience at once: one delivery per active subscriber all the same.
    const created = await Promise.all(senders.map((store) => store.createAudienceDeliveries('w1', [])));
    expect(created.reduce((sum, n) => sum + n, 0)).toBe(1_980);
    await sql.query("UPDATE subscribers SET status = 'bounced' WHERE id % 100 = 1");

    const sent = await Promise.all(
      senders.map(async (store, i) => {
        const mine: number[] = [];
        for (;;) {
          const page = await store.nextPendingDeliveries('w1', 40);
          if (page.length === 0) return mine;
          const moved = await store.markDeliveryInFlight(page.map((next) => ({ id: next.delivery.id, messageId: `<${next.delivery.id}.${i}@example.org>` })));
          const took = await store.markDeliveriesSent(moved.map((id) => ({ id, messageId: `<${id}.${i}@example.org>`, response: '250 OK' })));
          expect(took).toEqual(moved);
          mine.push(...took);
        }
      }),
    );
    const all = sent.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(1_960);
    expect(await senders[1]!.deliveryCounts('w1')).toMatchObject({ sent: 1_960, skipped: 20, pending: 0, 'in-flight': 0, total: 1_980 });
    const attempts = await sql.query<{ attempts: number; n: number }>("SELECT attempts, count(*)::int AS n FROM deliveries WHERE status = 'sent' GROUP BY attempts");
    expect(attempts.rows).toEqual([{ attempts: 1, n: 1_960 }]);
  });

  it('finds a sender\'s next page through the index of open deliveries, and claims and records deliveries through their id range, never a scan of the queue', async () => {
    await insertManySubscribers(database.url, 100);
    await senders[0]!.recordIssue({ id: 'w1', number: 1, subject: 'S' });
    await senders[0]!.createAudienceDeliveries('w1', []);
    const plan = async (text: string, params: unknown[]) =>
      (await sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, params)).rows.map((row) => row['QUERY PLAN']).join('\n');
    // Sequential scans off: is there an index the statement can use at all, the condition word for word?
    await sql.query('SET enable_seqscan = off');
    expect(await plan(PENDING_PAGE, ['w1', 0, T0, 50, 2_147_483_647])).toMatch(/Index Scan using deliveries_open on deliveries d/);
    const ids = [3, 4, 5];
    const bounded = /Index Cond: \(.*\(id >= 3\) AND \(id <= 5\)/;
    for (const claim of [await plan(START, [ids, ['<a>', '<b>', '<c>'], at(0), 3, 5]), await plan(SENT, [ids, ['<a>', '<b>', '<c>'], ['250', '250', '250'], at(0), 3, 5])]) {
      expect(claim).not.toMatch(/Seq Scan/);
      expect(claim).toMatch(bounded);
    }
  });

  it('settles a delivery in doubt once when two operators settle it at once, and reopens the issue once', async () => {
    await insertManySubscribers(database.url, 10);
    await senders[0]!.recordIssue({ id: 'w1', number: 1, subject: 'S' });
    await senders[0]!.createAudienceDeliveries('w1', []);
    const ids = await deliveryIds('w1');
    await senders[0]!.markDeliveryInFlight(ids.map((id) => ({ id, messageId: `<${id}@example.org>` })));
    await senders[0]!.markInFlightUnknown('w1');
    await senders[0]!.claimIssueForSending('w1', 'a');
    await senders[0]!.finishIssue('w1', 'a');
    const [sentBy0, resentBy1, resentBy2] = await Promise.all([
      senders[0]!.settleDeliveries(ids, 'sent'),
      senders[1]!.settleIssueDeliveries('w1', 'unknown', 'resend'),
      senders[2]!.settleDeliveries([...ids].reverse(), 'resend'),
    ]);
    // Every delivery was settled one way, by one of them.
    expect(sentBy0.length + resentBy1 + (resentBy2?.length ?? 0)).toBe(10);
    const counts = await senders[3]!.deliveryCounts('w1');
    expect(counts).toMatchObject({ sent: sentBy0.length, pending: 10 - sentBy0.length, unknown: 0 });
    expect((await senders[3]!.getIssue('w1'))?.status).toBe(counts.pending > 0 ? 'sending' : 'sent');
  });
});
