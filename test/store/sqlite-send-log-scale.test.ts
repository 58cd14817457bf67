import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { walkSubscribers } from '../../src/subscribers/walk.js';

describe('SQLite store at the size of a real list', () => {
  it('takes 100,000 subscribers in one batch and walks them a page at a time, making their deliveries', async () => {
    const store = await openSqliteStore(':memory:');
    try {
      const batch = Array.from({ length: 100_000 }, (_, i) => ({ email: `reader${i}@example.org`, status: i % 10 === 0 ? ('pending' as const) : ('active' as const) }));
      await store.upsertSubscribers(batch);
      await store.recordIssue({ id: '2019-W31', number: 1, subject: 'S' });

      let walked = 0;
      let lastId = 0;
      let largestPage = 0;
      for await (const page of walkSubscribers(store, { status: 'active', pageSize: 1_000 })) {
        expect(page[0]?.id).toBeGreaterThan(lastId);
        lastId = page.at(-1)?.id ?? lastId;
        largestPage = Math.max(largestPage, page.length);
        walked += page.length;
        await store.createDeliveries('2019-W31', page.map((s) => s.id));
      }
      expect(walked).toBe(90_000);
      expect(largestPage).toBe(1_000);
      expect(await store.deliveryCounts('2019-W31')).toMatchObject({ pending: 90_000, total: 90_000 });

      // Sending them, on every backend: send-log-contract.ts ('send log at the size of a real list').
    } finally {
      await store.close();
    }
  });
});
