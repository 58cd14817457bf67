import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';

const SLOT = '2025-10-27T08:00:00.000Z';
const T0 = '2025-10-27T08:00:01.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

/** The scheduler's half of the Store contract: its start, and one run per slot that only one process can take. */
export function describeRunContract(makeStore: () => Promise<Store>): void {
  describe('scheduler runs', () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    it('remembers when the scheduler first ran, and never moves it', async () => {
      expect(await store.schedulerStart()).toBeUndefined();
      expect(await store.markSchedulerStart('2025-10-01T12:00:00Z')).toBe('2025-10-01T12:00:00.000Z');
      expect(await store.markSchedulerStart('2025-10-20T12:00:00.000Z')).toBe('2025-10-01T12:00:00.000Z');
      expect(await store.schedulerStart()).toBe('2025-10-01T12:00:00.000Z');
    });

    it('records a claimed slot as running, and finishes it with its outcome and counts', async () => {
      const claim = await store.claimRun(SLOT, 'a', { trigger: 'scheduled', now: T0, leaseMs: 60_000 });
      expect(claim).toMatchObject({
        claimed: true,
        run: { scheduledFor: SLOT, trigger: 'scheduled', outcome: 'running', owner: 'a', leaseUntil: at(60), attempts: 1, startedAt: T0, finishedAt: null },
      });
      expect(claim.run.counts).toEqual({ new: 0, updated: 0, rejected: 0, written: 0, posts: 0, sent: 0, failed: 0, unknown: 0, pending: 0 });

      expect(await store.finishRun(SLOT, 'b', { outcome: 'sent' })).toBeUndefined();
      const done = await store.finishRun(SLOT, 'a', { outcome: 'sent', issueId: '2025-W43', counts: { new: 2, sent: 3 }, detail: 'sent 2025-W43' }, { now: at(9) });
      expect(done).toMatchObject({ outcome: 'sent', owner: null, leaseUntil: null, finishedAt: at(9), issueId: '2025-W43', detail: 'sent 2025-W43' });
      expect(done?.counts).toMatchObject({ new: 2, sent: 3, failed: 0 });
      expect(await store.getRun(SLOT)).toEqual(done);
      // the same instant, written another way, is the same slot
      expect(await store.getRun('2025-10-27T08:00:00Z')).toEqual(done);
    });

    it('gives a slot to one process only, while its hold lasts', async () => {
      await store.claimRun(SLOT, 'a', { trigger: 'scheduled', now: T0, leaseMs: 60_000 });
      const theirs = await store.claimRun(SLOT, 'b', { trigger: 'scheduled', now: at(30) });
      expect(theirs).toMatchObject({ claimed: false, run: { owner: 'a', outcome: 'running' } });
      expect(await store.renewRun(SLOT, 'b', { now: at(30) })).toBe(false);
      expect(await store.renewRun(SLOT, 'a', { now: at(50), leaseMs: 60_000 })).toBe(true);
      expect((await store.claimRun(SLOT, 'b', { trigger: 'catch-up', now: at(100) })).claimed).toBe(false);
      // a crashed holder's run is taken over once its hold lapses
      const taken = await store.claimRun(SLOT, 'b', { trigger: 'catch-up', now: at(110) });
      expect(taken).toMatchObject({ claimed: true, run: { owner: 'b', trigger: 'catch-up', attempts: 2, startedAt: at(110) } });
      expect(await store.finishRun(SLOT, 'a', { outcome: 'sent' })).toBeUndefined();
    });

    it('takes a failed run again (a retry), but never one that finished otherwise', async () => {
      await store.claimRun(SLOT, 'a', { trigger: 'scheduled', now: T0 });
      await store.finishRun(SLOT, 'a', { outcome: 'failed', detail: 'the relay refused the connection' });
      const retry = await store.claimRun(SLOT, 'b', { trigger: 'catch-up', now: at(600) });
      expect(retry).toMatchObject({ claimed: true, run: { outcome: 'running', attempts: 2, detail: null } });
      await store.finishRun(SLOT, 'b', { outcome: 'nothing-new' });
      expect(await store.claimRun(SLOT, 'c', { trigger: 'manual', now: at(900) })).toMatchObject({ claimed: false, run: { outcome: 'nothing-new' } });
    });

    it('gives a slot to exactly one of many processes racing for it', async () => {
      const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => store.claimRun(SLOT, `p${i}`, { trigger: 'scheduled', now: T0 })));
      expect(claims.filter((claim) => claim.claimed)).toHaveLength(1);
    });

    it('records an expired slot once, and lists runs latest slot first', async () => {
      const expired = await store.recordSkippedRun('2025-10-13T07:00:00Z', { trigger: 'catch-up', outcome: 'expired', detail: '14 days late', now: T0 });
      expect(expired).toMatchObject({ recorded: true, run: { outcome: 'expired', owner: null, finishedAt: T0, detail: '14 days late' } });
      expect((await store.recordSkippedRun('2025-10-13T07:00:00Z', { trigger: 'catch-up', outcome: 'expired', detail: 'again', now: T0 })).recorded).toBe(false);
      expect((await store.claimRun('2025-10-13T07:00:00Z', 'a', { trigger: 'manual' })).claimed).toBe(false);
      await store.claimRun(SLOT, 'a', { trigger: 'scheduled', now: T0 });
      await store.claimRun('2025-10-20T07:00:00Z', 'a', { trigger: 'scheduled', now: T0 });
      const again = await store.recordSkippedRun(SLOT, { trigger: 'catch-up', outcome: 'expired', detail: 'late' });
      expect(again).toMatchObject({ recorded: false, run: { outcome: 'running' } });
      expect((await store.listRuns()).map((run) => run.scheduledFor)).toEqual([SLOT, '2025-10-20T07:00:00.000Z', '2025-10-13T07:00:00.000Z']);
      expect(await store.listRuns(1)).toHaveLength(1);
      await expect(store.listRuns(-1)).rejects.toThrow(/limit/);
    });

    it('refuses slots and counts that are not what they should be', async () => {
      await expect(store.claimRun('next monday', 'a', { trigger: 'scheduled' })).rejects.toThrow(/scheduledFor/);
      await store.claimRun(SLOT, 'a', { trigger: 'scheduled' });
      await expect(store.finishRun(SLOT, 'a', { outcome: 'sent', counts: { sent: -1 } })).rejects.toThrow(/sent/);
    });

    it('lists the issues whose send is not finished, with their delivery counts', async () => {
      const [ann, bob] = await store.upsertSubscribers([
        { email: 'ann@example.org', status: 'active' },
        { email: 'bob@example.org', status: 'active' },
      ]);
      await store.recordIssue({ id: '2025-W42', number: 1, subject: 'Done' });
      await store.recordIssue({ id: '2025-W43', number: 2, subject: 'Half way' });
      await store.recordIssue({ id: '2025-W44', number: 3, subject: 'Draft' });
      const ids = [ann!.subscriber.id, bob!.subscriber.id];
      for (const issue of ['2025-W42', '2025-W43']) {
        await store.claimIssueForSending(issue, 'sender');
        await store.createDeliveries(issue, ids);
      }
      for (const delivery of await store.listDeliveries('2025-W42')) {
        await store.markDeliveryInFlight([{ id: delivery.id, messageId: `<${delivery.id}@example.org>` }]);
        await store.markDeliveriesSent([{ id: delivery.id, messageId: `<${delivery.id}@example.org>`, response: '250 OK' }]);
      }
      await store.finishIssue('2025-W42', 'sender');
      const [first] = await store.listDeliveries('2025-W43');
      await store.markDeliveryInFlight([{ id: first!.id, messageId: '<first@example.org>' }]);
      await store.markDeliveriesSent([{ id: first!.id, messageId: '<x@example.org>', response: '250 OK' }]);

      const unfinished = await store.unfinishedIssues();
      expect(unfinished.map((u) => u.issue.id)).toEqual(['2025-W43']);
      expect(unfinished[0]?.counts).toMatchObject({ sent: 1, pending: 1, total: 2 });
    });
  });
}
