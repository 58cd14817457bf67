import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';

const T0 = '2024-06-03T09:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
/** Deliveries about to go, each with the Message-ID its message would carry. */
const flying = (ids: readonly (number | undefined)[]) => ids.map((id) => ({ id: id ?? 0, messageId: `<d${id ?? 0}@example.org>` }));

/** The issues and deliveries half of the Store contract, written for the sender that walks it. */
export function describeSendLogContract(makeStore: () => Promise<Store>): void {
  describe('issues', () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    it('records a draft, updates it while it is a draft, and reads it back', async () => {
      const first = await store.recordIssue({ id: '2019-W31', number: 7, subject: 'Courts and care' });
      expect(first).toMatchObject({ id: '2019-W31', number: 7, subject: 'Courts and care', status: 'draft', owner: null, sentAt: null });
      const again = await store.recordIssue({ id: '2019-W31', number: 7, subject: 'Courts, care and adoption' });
      expect(again.subject).toBe('Courts, care and adoption');
      expect(await store.getIssue('2019-W31')).toEqual(again);
      expect(await store.getIssue('2019-W32')).toBeUndefined();
    });

    it('lists every recorded issue by id', async () => {
      expect(await store.listIssues()).toEqual([]);
      const later = await store.recordIssue({ id: '2019-W32', number: 2, subject: 'B' });
      const earlier = await store.recordIssue({ id: '2019-W31', number: 1, subject: 'A' });
      expect(await store.listIssues()).toEqual([earlier, later]);
    });

    it('lets one sender claim a draft, and nobody else while the claim holds', async () => {
      await store.recordIssue({ id: 'w1', number: 1, subject: 'S' });
      const mine = await store.claimIssueForSending('w1', 'sender-a', { now: T0, leaseMs: 60_000 });
      expect(mine).toMatchObject({ claimed: true, issue: { status: 'sending', owner: 'sender-a', claimedUntil: at(60) } });

      const theirs = await store.claimIssueForSending('w1', 'sender-b', { now: at(30), leaseMs: 60_000 });
      expect(theirs).toMatchObject({ claimed: false, reason: 'held', issue: { owner: 'sender-a' } });

      const renewed = await store.claimIssueForSending('w1', 'sender-a', { now: at(50), leaseMs: 60_000 });
      expect(renewed).toMatchObject({ claimed: true, issue: { claimedUntil: at(110) } });
      expect((await store.claimIssueForSending('w1', 'sender-b', { now: at(100) })).claimed).toBe(false);
    });

    it('lets the next sender take over a claim that lapsed (a crashed sender) or was released', async () => {
      await store.recordIssue({ id: 'w1', number: 1, subject: 'S' });
      await store.claimIssueForSending('w1', 'crashed', { now: T0, leaseMs: 60_000 });
      expect(await store.claimIssueForSending('w1', 'next', { now: at(60) })).toMatchObject({ claimed: true, issue: { owner: 'next' } });

      expect(await store.releaseIssue('w1', 'someone-else')).toBe(false);
      expect(await store.releaseIssue('w1', 'next')).toBe(true);
      const released = await store.getIssue('w1');
      expect(released).toMatchObject({ status: 'sending', owner: null, claimedUntil: null });
      expect((await store.claimIssueForSending('w1', 'third', { now: at(61) })).claimed).toBe(true);
    });

    it('does not record a draft over an issue that is sending', async () => {
      await store.recordIssue({ id: 'w1', number: 1, subject: 'S' });
      await store.claimIssueForSending('w1', 'a');
      const kept = await store.recordIssue({ id: 'w1', number: 2, subject: 'Other' });
      expect(kept).toMatchObject({ number: 1, subject: 'S', status: 'sending' });
    });

    it('finishes an issue by its holder only, and never claims a sent or missing one', async () => {
      await store.recordIssue({ id: 'w1', number: 1, subject: 'S' });
      await store.claimIssueForSending('w1', 'a', { now: T0 });
      expect(await store.finishIssue('w1', 'b')).toBe(false);
      expect(await store.finishIssue('w1', 'a', { now: at(5) })).toBe(true);
      expect(await store.getIssue('w1')).toMatchObject({ status: 'sent', sentAt: at(5), owner: null });
      expect(await store.claimIssueForSending('w1', 'a', { now: at(3600) })).toMatchObject({ claimed: false, reason: 'sent' });
      expect(await store.claimIssueForSending('nope', 'a')).toEqual({ claimed: false, reason: 'missing' });
    });

    it('gives the claim to exactly one of many senders racing for it', async () => {
      await store.recordIssue({ id: 'w1', number: 1, subject: 'S' });
      const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => store.claimIssueForSending('w1', `sender-${i}`)));
      expect(claims.filter((claim) => claim.claimed)).toHaveLength(1);
    });
  });

  describe('deliveries', () => {
    let store: Store;
    let ids: number[];
    beforeEach(async () => {
      store = await makeStore();
      const results = await store.upsertSubscribers(
        Array.from({ length: 5 }, (_, i) => ({ email: `r${i}@example.org`, name: `R${i}`, status: 'active' as const })),
      );
      ids = results.map((result) => result.subscriber.id);
      await store.recordIssue({ id: 'w1', number: 1, subject: 'S' });
    });
    afterEach(async () => {
      await store.close();
    });

    const pendingIds = async (limit = 100, now = T0) =>
      (await store.nextPendingDeliveries('w1', limit, { now })).map((next) => next.subscriber.email);

    it('creates one delivery per subscriber and issue, however often it is asked', async () => {
      expect(await store.createDeliveries('w1', ids.slice(0, 3))).toBe(3);
      expect(await store.createDeliveries('w1', ids)).toBe(2);
      expect(await store.createDeliveries('w1', ids)).toBe(0);
      expect(await store.deliveryCounts('w1')).toMatchObject({ pending: 5, total: 5 });
      expect(await store.deliveryCounts('other')).toMatchObject({ pending: 0, total: 0 });
    });

    it("creates the deliveries of an issue's audience: active, following one of its themes or none, once", async () => {
      await store.upsertSubscribers([
        { email: 'a@example.org', status: 'active', themes: ['policy'] },
        { email: 'b@example.org', status: 'active', themes: ['gardening'] },
        { email: 'c@example.org', status: 'unsubscribed' },
        { email: 'd@example.org', status: 'pending', themes: ['policy'] },
        { email: 'e@example.org', status: 'active', themes: ['gardening', 'workforce'] },
      ]);
      expect(await store.createAudienceDeliveries('w1', ['policy', 'workforce'])).toBe(7);
      expect(await store.createAudienceDeliveries('w1', ['policy', 'workforce'])).toBe(0);
      const emails = (await store.nextPendingDeliveries('w1', 100, { now: T0 })).map((next) => next.subscriber.email);
      expect(emails).toEqual([...ids.map((_, i) => `r${i}@example.org`), 'a@example.org', 'e@example.org']);
      // An issue without themed sections still goes to those who chose none.
      await store.recordIssue({ id: 'w2', number: 2, subject: 'S' });
      expect(await store.createAudienceDeliveries('w2', [])).toBe(5);
    });

    it('hands out pending deliveries by id with their subscribers, a page at a time', async () => {
      await store.createDeliveries('w1', [...ids].reverse());
      const page = await store.nextPendingDeliveries('w1', 2, { now: T0 });
      expect(page.map((next) => next.subscriber.email)).toEqual(['r4@example.org', 'r3@example.org']);
      expect(page[0]?.delivery).toMatchObject({ issueId: 'w1', subscriberId: ids[4], status: 'pending', attempts: 0, messageId: null });
      expect(page[0]?.subscriber).toMatchObject({ name: 'R4', status: 'active' });
    });

    it('walks a send to the end: in-flight before the relay, sent after it', async () => {
      await store.createDeliveries('w1', ids);
      const page = await store.nextPendingDeliveries('w1', 5, { now: T0 });
      const moved = await store.markDeliveryInFlight(flying(page.map((next) => next.delivery.id)), { now: at(1) });
      expect(moved).toEqual(page.map((next) => next.delivery.id));
      expect(await store.nextPendingDeliveries('w1', 5, { now: at(1) })).toEqual([]);
      expect(await store.deliveryCounts('w1')).toMatchObject({ 'in-flight': 5 });

      const first = moved[0] ?? 0;
      expect(await store.markDeliveriesSent([{ id: first, messageId: '<m1@example.org>', response: '250 2.0.0 OK queued' }], { now: at(2) })).toEqual([first]);
      const [sent] = await store.listDeliveries('w1', { status: 'sent' });
      expect(sent).toMatchObject({ status: 'sent', attempts: 1, messageId: '<m1@example.org>', response: '250 2.0.0 OK queued', sentAt: at(2), attemptStartedAt: at(1) });
      expect(await store.markDeliveriesSent([{ id: first, messageId: '<again@example.org>', response: '250' }])).toEqual([]);
      expect(await store.markDeliveriesSent([])).toEqual([]);
    });

    it('records what the relay took and starts the next ones in one write', async () => {
      await store.createDeliveries('w1', ids);
      const [a, b, c] = (await store.nextPendingDeliveries('w1', 3, { now: T0 })).map((next) => next.delivery.id);
      await store.markDeliveryInFlight(flying([a ?? 0, b ?? 0]), { now: at(1) });
      const sent = [
        { id: a ?? 0, messageId: '<a@example.org>', response: '250 ok a' },
        { id: b ?? 0, messageId: '<b@example.org>', response: '250 ok b' },
      ];
      expect(await store.markDeliveryInFlight(flying([c ?? 0]), { now: at(2), sent })).toEqual([c]);
      expect((await store.listDeliveries('w1', { status: 'sent' })).map((d) => [d.id, d.messageId, d.sentAt])).toEqual([
        [a, '<a@example.org>', at(2)],
        [b, '<b@example.org>', at(2)],
      ]);
      // Never more in flight than the sender has out: the two it settled are not.
      expect(await store.deliveryCounts('w1')).toMatchObject({ 'in-flight': 1, sent: 2, pending: 2 });
    });

    it('marks one delivery in doubt (unknown) when its connection broke before the relay answered', async () => {
      await store.createDeliveries('w1', ids.slice(0, 2));
      const [a, b] = (await store.nextPendingDeliveries('w1', 2, { now: T0 })).map((next) => next.delivery.id);
      await store.markDeliveryInFlight(flying([a ?? 0]));
      expect(await store.markDeliveryUnknown(a ?? 0, 'the relay closed the connection', { now: at(3) })).toBe(true);
      expect(await store.markDeliveryUnknown(b ?? 0, 'not in flight')).toBe(false);
      const [unknown] = await store.listDeliveries('w1', { status: 'unknown' });
      expect(unknown).toMatchObject({ id: a, lastError: 'the relay closed the connection', updatedAt: at(3) });
      // Not pending: a rerun does not send it again unless asked.
      expect(await pendingIds()).toEqual(['r1@example.org']);
    });

    it('moves a delivery in flight only once, so two senders never both send it', async () => {
      await store.createDeliveries('w1', ids.slice(0, 1));
      const [next] = await store.nextPendingDeliveries('w1', 1, { now: T0 });
      const id = next?.delivery.id ?? 0;
      const [a, b] = await Promise.all([store.markDeliveryInFlight(flying([id])), store.markDeliveryInFlight(flying([id]))]);
      expect([...(a ?? []), ...(b ?? [])]).toEqual([id]);
    });

    it('retries a transient failure not before the time given, counting attempts', async () => {
      await store.createDeliveries('w1', ids.slice(0, 2));
      const [first] = await store.nextPendingDeliveries('w1', 1, { now: T0 });
      const id = first?.delivery.id ?? 0;
      await store.markDeliveryInFlight(flying([id]), { now: T0 });
      expect(await store.markDeliveryRetry(id, '451 4.3.0 try again later', at(300), { now: at(1) })).toBe(true);

      expect(await pendingIds(10, at(299))).toEqual(['r1@example.org']);
      expect(await pendingIds(10, at(300))).toEqual(['r0@example.org', 'r1@example.org']);
      await store.markDeliveryInFlight(flying([id]), { now: at(300) });
      const [delivery] = await store.listDeliveries('w1', { limit: 1 });
      expect(delivery).toMatchObject({ attempts: 2, lastError: '451 4.3.0 try again later', notBefore: at(300), status: 'in-flight' });
    });

    it('records a failure for good, permanent or not', async () => {
      await store.createDeliveries('w1', ids.slice(0, 2));
      const page = await store.nextPendingDeliveries('w1', 2, { now: T0 });
      const [a, b] = page.map((next) => next.delivery.id);
      await store.markDeliveryInFlight(flying([a ?? 0, b ?? 0]));
      expect(await store.markDeliveryFailed(a ?? 0, '550 5.1.1 no such user', true)).toBe(true);
      expect(await store.markDeliveryFailed(b ?? 0, 'gave up after 5 attempts: 451', false)).toBe(true);
      const failed = await store.listDeliveries('w1', { status: 'failed' });
      expect(failed.map((d) => [d.lastError, d.permanent])).toEqual([
        ['550 5.1.1 no such user', true],
        ['gave up after 5 attempts: 451', false],
      ]);
      expect(await store.markDeliveryRetry(a ?? 0, 'late', at(10))).toBe(false);
      expect(await store.deliveryCounts('w1')).toMatchObject({ failed: 2, pending: 0, total: 2 });
    });

    it('finds what a crashed sender left in flight as unknown, and requeues it only when asked', async () => {
      await store.createDeliveries('w1', ids);
      const page = await store.nextPendingDeliveries('w1', 3, { now: T0 });
      await store.markDeliveryInFlight(flying(page.map((next) => next.delivery.id)));
      await store.markDeliveriesSent([{ id: page[0]?.delivery.id ?? 0, messageId: '<m@x>', response: '250 OK' }]);
      // ...the sender dies here; the next one takes the claim and looks:
      expect(await store.markInFlightUnknown('w1')).toBe(2);
      expect((await store.listDeliveries('w1', { status: 'unknown' })).map((d) => d.subscriberId)).toEqual(ids.slice(1, 3));
      expect(await pendingIds()).toEqual(['r3@example.org', 'r4@example.org']);
      expect(await store.deliveryCounts('w1')).toMatchObject({ sent: 1, unknown: 2, pending: 2, total: 5 });

      expect(await store.requeueUnknownDeliveries('w1')).toBe(2);
      expect(await pendingIds()).toEqual(['r1@example.org', 'r2@example.org', 'r3@example.org', 'r4@example.org']);
    });

    it("keeps to a worker's page: pending deliveries and those left in flight, within an id range only", async () => {
      await store.createDeliveries('w1', ids);
      const all = (await store.nextPendingDeliveries('w1', 100, { now: T0 })).map((next) => next.delivery.id);
      const [a = 0, b = 0, c = 0, d = 0] = all;
      const range = { afterId: a, throughId: c };
      expect((await store.nextPendingDeliveries('w1', 100, { now: T0, ...range })).map((next) => next.delivery.id)).toEqual([b, c]);
      expect((await store.nextPendingDeliveries('w1', 100, { now: T0, throughId: b })).map((next) => next.delivery.id)).toEqual([a, b]);
      await store.markDeliveryInFlight(flying([a, b, c, d]));
      // Only the page's: the others belong to workers still sending.
      expect(await store.markInFlightUnknown('w1', range)).toBe(2);
      expect((await store.listDeliveries('w1', { status: 'unknown' })).map((delivery) => delivery.id)).toEqual([b, c]);
      expect(await store.deliveryCounts('w1')).toMatchObject({ 'in-flight': 2, unknown: 2 });
    });

    it('can record an unknown delivery as sent after all', async () => {
      await store.createDeliveries('w1', ids.slice(0, 1));
      const [next] = await store.nextPendingDeliveries('w1', 1, { now: T0 });
      await store.markDeliveryInFlight(flying([next?.delivery.id ?? 0]));
      await store.markInFlightUnknown('w1');
      expect(await store.markDeliveriesSent([{ id: next?.delivery.id ?? 0, messageId: '<m@x>', response: '250 OK' }])).toEqual([next?.delivery.id]);
    });

    it('skips subscribers who stopped being active, and never hands them out', async () => {
      await store.createDeliveries('w1', ids);
      await store.setSubscriberStatus(ids[1] ?? 0, 'unsubscribed');
      await store.setSubscriberStatus(ids[3] ?? 0, 'bounced');
      expect(await pendingIds(2)).toEqual(['r0@example.org', 'r2@example.org']);
      expect(await pendingIds()).toEqual(['r0@example.org', 'r2@example.org', 'r4@example.org']);
      const skipped = await store.listDeliveries('w1', { status: 'skipped' });
      expect(skipped.map((d) => [d.subscriberId, d.lastError])).toEqual([
        [ids[1], 'the subscriber is unsubscribed'],
        [ids[3], 'the subscriber is bounced'],
      ]);
      expect(await store.deliveryCounts('w1')).toMatchObject({ pending: 3, skipped: 2, total: 5 });
    });

    it('forgets the deliveries of a removed subscriber', async () => {
      await store.createDeliveries('w1', ids);
      await store.removeSubscriber(ids[0] ?? 0);
      expect(await store.deliveryCounts('w1')).toMatchObject({ pending: 4, total: 4 });
    });

    it('stores the Message-ID of a delivery when it goes in flight, so that one in doubt has it', async () => {
      await store.createDeliveries('w1', ids.slice(0, 2));
      const [a, b] = (await store.nextPendingDeliveries('w1', 2, { now: T0 })).map((next) => next.delivery.id);
      await store.markDeliveryInFlight([{ id: a ?? 0, messageId: '<w1.a@example.org>' }, { id: b ?? 0, messageId: '<w1.b@example.org>' }], { now: at(1) });
      expect((await store.listDeliveries('w1', { status: 'in-flight' })).map((d) => d.messageId)).toEqual(['<w1.a@example.org>', '<w1.b@example.org>']);
      await store.markDeliveryUnknown(a ?? 0, 'the relay closed the connection', { now: at(2), step: 'content' });
      expect(await store.markInFlightUnknown('w1', { now: at(3) })).toBe(1);
      const unknown = await store.listDeliveries('w1', { status: 'unknown' });
      expect(unknown.map((d) => [d.messageId, d.lastStep, d.attemptStartedAt])).toEqual([
        ['<w1.a@example.org>', 'content', at(1)],
        ['<w1.b@example.org>', null, at(1)],
      ]);
      // The one a sender left in flight says so, whatever an earlier attempt's error was.
      expect(unknown[1]?.lastError).toMatch(/in flight when its sender stopped/);
    });

    it('records the SMTP step a failure reached with its error, and only with it', async () => {
      await store.createDeliveries('w1', ids.slice(0, 3));
      const [a, b, c] = (await store.nextPendingDeliveries('w1', 3, { now: T0 })).map((next) => next.delivery.id);
      await store.markDeliveryInFlight(flying([a, b, c]), { now: T0 });
      await store.markDeliveryFailed(a ?? 0, '550 5.1.1 no such user', true, { step: 'rcpt' });
      await store.markDeliveryRetry(b ?? 0, '421 try later', at(60), { now: at(1), step: 'connect' });
      await store.markDeliveryFailed(c ?? 0, 'no message', false);
      const steps = (await store.listDeliveries('w1')).map((d) => [d.status, d.lastStep]);
      expect(steps).toEqual([
        ['failed', 'rcpt'],
        ['pending', 'connect'],
        ['failed', null],
      ]);
      await expect(store.markDeliveryFailed(b ?? 0, 'x', true, { step: 'teleport' as never })).rejects.toThrow(/not an SMTP step/);
    });

    it('finds deliveries with their addresses, by issue, status and subscriber, a page at a time', async () => {
      await store.recordIssue({ id: 'w2', number: 2, subject: 'T' });
      await store.createDeliveries('w1', ids);
      await store.createDeliveries('w2', ids.slice(0, 2));
      const page = await store.nextPendingDeliveries('w1', 2, { now: T0 });
      await store.markDeliveryInFlight(flying(page.map((next) => next.delivery.id)));
      await store.markInFlightUnknown('w1');

      const unknown = await store.findDeliveries({ status: 'unknown' });
      expect(unknown.map((found) => [found.delivery.issueId, found.email, found.delivery.messageId])).toEqual([
        ['w1', 'r0@example.org', `<d${page[0]?.delivery.id}@example.org>`],
        ['w1', 'r1@example.org', `<d${page[1]?.delivery.id}@example.org>`],
      ]);
      expect((await store.findDeliveries({ subscriberId: ids[1] ?? 0 })).map((found) => [found.delivery.issueId, found.delivery.status])).toEqual([
        ['w1', 'unknown'],
        ['w2', 'pending'],
      ]);
      expect(await store.findDeliveries({ subscriberId: ids[1] ?? 0, issueId: 'w2', status: 'unknown' })).toEqual([]);
      expect((await store.findDeliveries({ issueId: 'w2' })).map((found) => found.email)).toEqual(['r0@example.org', 'r1@example.org']);

      const all: string[] = [];
      let afterId = 0;
      for (;;) {
        const next = await store.findDeliveries({ issueId: 'w1', status: 'pending', afterId, limit: 2 });
        if (next.length === 0) break;
        expect(next.length).toBeLessThanOrEqual(2);
        all.push(...next.map((found) => found.email));
        afterId = next.at(-1)?.delivery.id ?? 0;
      }
      expect(all).toEqual(['r2@example.org', 'r3@example.org', 'r4@example.org']);
    });

    it('settles deliveries in doubt one by one: as sent (keeping the Message-ID) or to send again', async () => {
      await store.createDeliveries('w1', ids.slice(0, 3));
      const page = await store.nextPendingDeliveries('w1', 3, { now: T0 });
      const [a, b, c] = page.map((next) => next.delivery.id);
      await store.markDeliveryInFlight(flying([a, b, c]), { now: T0 });
      await store.markInFlightUnknown('w1');

      expect(await store.settleDeliveries([a ?? 0], 'sent', { now: at(10) })).toEqual([a]);
      expect(await store.settleDeliveries([a ?? 0, b ?? 0], 'resend', { now: at(11) })).toEqual([b]);
      const [sent, pending, unknown] = await store.listDeliveries('w1');
      expect(sent).toMatchObject({ status: 'sent', messageId: `<d${a}@example.org>`, sentAt: at(10), attempts: 1 });
      expect(sent?.response).toMatch(/settled as sent by an operator/);
      expect(pending).toMatchObject({ status: 'pending', notBefore: null, updatedAt: at(11) });
      expect(unknown).toMatchObject({ id: c, status: 'unknown' });
      expect(await pendingIds()).toEqual(['r1@example.org']);
      // A pending or sent delivery is not settled again.
      expect(await store.settleDeliveries([a ?? 0, b ?? 0], 'sent')).toEqual([]);
      expect(await store.settleDeliveries([], 'sent')).toEqual([]);
    });

    it('puts failed deliveries back to pending, not permanent any more, and reopens an issue that was sent', async () => {
      await store.createDeliveries('w1', ids.slice(0, 3));
      const [a, b, c] = (await store.nextPendingDeliveries('w1', 3, { now: T0 })).map((next) => next.delivery.id);
      await store.markDeliveryInFlight(flying([a, b, c]), { now: T0 });
      await store.markDeliveryFailed(a ?? 0, '554 5.7.1 Relay access denied', true, { step: 'rcpt' });
      await store.markDeliveryFailed(b ?? 0, '554 5.7.1 Relay access denied', true, { step: 'rcpt' });
      await store.markDeliveriesSent([{ id: c ?? 0, messageId: '<c@x>', response: '250 OK' }]);
      await store.claimIssueForSending('w1', 'bad-run');
      expect(await store.finishIssue('w1', 'bad-run', { now: at(5) })).toBe(true);

      // Failed ones are never settled as sent: the relay refused them.
      await expect(store.settleIssueDeliveries('w1', 'failed', 'sent')).rejects.toThrow(/cannot be settled/);
      expect(await store.settleDeliveries([a ?? 0], 'sent')).toEqual([]);

      expect(await store.settleIssueDeliveries('w1', 'failed', 'resend', { now: at(20) })).toBe(2);
      expect((await store.listDeliveries('w1', { status: 'pending' })).map((d) => [d.id, d.permanent, d.lastError])).toEqual([
        [a, null, '554 5.7.1 Relay access denied'],
        [b, null, '554 5.7.1 Relay access denied'],
      ]);
      expect(await store.getIssue('w1')).toMatchObject({ status: 'sending', owner: null, sentAt: null });
      expect((await store.claimIssueForSending('w1', 'after-the-fix', { now: at(21) })).claimed).toBe(true);
      expect(await store.settleIssueDeliveries('w1', 'failed', 'resend')).toBe(0);
      expect(await store.settleIssueDeliveries('w1', 'unknown', 'sent')).toBe(0);
      // A single delivery put back reopens its issue too.
      await store.markDeliveryInFlight(flying([a]));
      await store.markDeliveryFailed(a ?? 0, '550 no', true);
      await store.markDeliveryInFlight(flying([b]));
      await store.markDeliveriesSent([{ id: b ?? 0, messageId: '<b@x>', response: '250 OK' }]);
      expect(await store.finishIssue('w1', 'after-the-fix')).toBe(true);
      expect(await store.settleDeliveries([a ?? 0], 'resend')).toEqual([a]);
      expect(await store.getIssue('w1')).toMatchObject({ status: 'sending', owner: null });
    });

    it('pages through the log by id', async () => {
      await store.createDeliveries('w1', ids);
      const first = await store.listDeliveries('w1', { limit: 2 });
      const rest = await store.listDeliveries('w1', { afterId: first.at(-1)?.id ?? 0 });
      expect([...first, ...rest].map((d) => d.subscriberId)).toEqual(ids);
    });
  });
  describe('send log at the size of a real list', () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    it('makes the deliveries of 100,000 subscribers once, however asked, and sends each of them once', { timeout: 180_000 }, async () => {
      const batch = Array.from({ length: 100_000 }, (_, i) => ({ email: `reader${i}@example.org`, status: i % 10 === 0 ? ('pending' as const) : ('active' as const) }));
      const active = (await store.upsertSubscribers(batch)).flatMap((result) => (result.subscriber.status === 'active' ? [result.subscriber.id] : []));
      expect(active).toHaveLength(90_000);
      await store.recordIssue({ id: '2019-W31', number: 1, subject: 'S' });
      expect(await store.createAudienceDeliveries('2019-W31', [])).toBe(90_000);
      // A sender that walks the list a page at a time and asks again for each page makes none twice.
      let again = 0;
      for (let start = 0; start < active.length; start += 1_000) again += await store.createDeliveries('2019-W31', active.slice(start, start + 1_000));
      expect(again).toBe(0);
      expect(await store.deliveryCounts('2019-W31')).toMatchObject({ pending: 90_000, total: 90_000 });

      let sent = 0;
      let lastId = 0;
      for (;;) {
        const next = await store.nextPendingDeliveries('2019-W31', 500);
        if (next.length === 0) break;
        expect(next[0]?.delivery.id).toBeGreaterThan(lastId);
        lastId = next.at(-1)?.delivery.id ?? lastId;
        const ids = await store.markDeliveryInFlight(next.map((n) => ({ id: n.delivery.id, messageId: `<${n.delivery.id}@example.org>` })));
        expect(ids).toHaveLength(next.length);
        await store.markDeliveriesSent(ids.map((id) => ({ id, messageId: `<${id}@example.org>`, response: '250 OK' })));
        sent += ids.length;
      }
      expect(sent).toBe(90_000);
      expect(await store.deliveryCounts('2019-W31')).toMatchObject({ sent: 90_000, pending: 0, 'in-flight': 0, total: 90_000 });
    });
  });
}
