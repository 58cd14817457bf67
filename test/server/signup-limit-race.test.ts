import { afterAll, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { startSubscriptionApp } from './subscriptions-helpers.js';

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const database of databases) await database.drop();
});

describePostgres('two servers on one PostgreSQL store', () => {
  it('let exactly 5 of 10 sign-ups at once from one address through, between them', async () => {
    const database = await freshDatabase();
    databases.push(database);
    // Two servers, each with its own pool on the one database, as on two hosts.
    const servers = [await startSubscriptionApp('', { store: await openPostgresStore(database.url) }), await startSubscriptionApp('', { store: await openPostgresStore(database.url) })];
    try {
      // The honeypot is filled: each sign-up that passes the limit is answered at once, with nothing else stored or sent.
      const signUps = Array.from({ length: 10 }, (_, i) => servers[i % 2]?.post('/subscribe', `email=p${i}%40example.org&website=bot`));
      const statuses = (await Promise.all(signUps)).map((res) => res?.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(5);
      expect(statuses.filter((status) => status === 429)).toHaveLength(5);
      // Kept in each server's memory, as before, the limits would have let all 10 through.
    } finally {
      for (const server of servers) await server.close();
    }
  });
});
