import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboundRecord, Store } from '../../src/store/store.js';

/** The inbound-events part of the Store contract (what came back after a send): every implementation must pass it. */
export function describeInboundContract(makeStore: () => Promise<Store>): void {
  describe('inbound events', () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    /** Ann and Bob, each with a delivery of issue 2024-W23 that went out with a Message-ID. */
    const sent = async () => {
      const [ann, bob] = (await store.upsertSubscribers([{ email: 'Ann@Example.org', status: 'active' }, { email: 'bob@example.org', status: 'active' }])).map((r) => r.subscriber);
      await store.recordIssue({ id: '2024-W23', number: 1, subject: 'S' });
      await store.createDeliveries('2024-W23', [ann?.id ?? 0, bob?.id ?? 0]);
      const deliveries = await store.listDeliveries('2024-W23');
      await store.markDeliveryInFlight(deliveries.map((d, i) => ({ id: d.id, messageId: `<m${i}@example.org>` })));
      return { ann: ann!, bob: bob!, annDelivery: deliveries[0]!.id, bobDelivery: deliveries[1]!.id };
    };
    const record = (over: Partial<InboundRecord>): InboundRecord => ({
      fingerprint: 'f1',
      kind: 'bounce-hard',
      source: 'file',
      outcome: 'applied',
      deliveryId: null,
      issueId: null,
      subscriberId: null,
      subscriberEmail: null,
      recipient: null,
      status: '5.1.1',
      messageId: null,
      occurredAt: '2024-06-03T09:00:00.000Z',
      receivedAt: '2024-06-03T09:01:00.000Z',
      detail: 'bounced',
      excerpt: 'Status: 5.1.1',
      ...over,
    });

    it('finds a delivery by id and by the Message-ID it went out with, with its subscriber', async () => {
      const { ann, annDelivery } = await sent();
      expect(await store.inboundDelivery(annDelivery)).toMatchObject({ deliveryId: annDelivery, issueId: '2024-W23', messageId: '<m0@example.org>', subscriber: { id: ann.id, email: 'Ann@Example.org' } });
      expect((await store.inboundDeliveryByMessageId('<m0@example.org>'))?.deliveryId).toBe(annDelivery);
      expect(await store.inboundDeliveryByMessageId('<nope@example.org>')).toBeUndefined();
      expect(await store.inboundDelivery(999)).toBeUndefined();
    });

    it('stores an event with its status change in one write, once per fingerprint, and finds it by address in any case', async () => {
      const { ann, bob, annDelivery } = await sent();
      const event = record({ deliveryId: annDelivery, issueId: '2024-W23', subscriberId: ann.id, subscriberEmail: ann.email });
      const first = await store.recordInboundEvent(event, { subscriberId: ann.id, to: 'bounced', from: ['active', 'pending'] });
      expect(first).toMatchObject({ recorded: true, outcome: 'applied', subscriber: { status: 'bounced' } });
      expect(await store.recordInboundEvent(event, { subscriberId: ann.id, to: 'bounced', from: ['active'] })).toMatchObject({ recorded: false });
      expect((await store.getSubscriber(bob.id))?.status).toBe('active');
      const stored = await store.inboundEventsFor('ann@example.ORG');
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ kind: 'bounce-hard', outcome: 'applied', deliveryId: annDelivery, status: '5.1.1', excerpt: 'Status: 5.1.1' });
      // Kept by the address: still found after the subscriber is removed.
      await store.removeSubscriber(ann.id);
      expect(await store.inboundEventsFor('ann@example.org')).toHaveLength(1);
    });

    it('stores a change that does not apply (already unsubscribed) as counted, and events for review apart', async () => {
      const { bob, bobDelivery } = await sent();
      await store.setSubscriberStatus(bob.id, 'unsubscribed');
      const result = await store.recordInboundEvent(record({ fingerprint: 'f2', deliveryId: bobDelivery, issueId: '2024-W23', subscriberId: bob.id, subscriberEmail: bob.email }), { subscriberId: bob.id, to: 'bounced', from: ['active', 'pending'] });
      expect(result).toMatchObject({ recorded: true, outcome: 'counted' });
      expect((await store.getSubscriber(bob.id))?.status).toBe('unsubscribed');
      await store.recordInboundEvent(record({ fingerprint: 'f3', outcome: 'review', detail: 'kept for review' }));
      expect((await store.inboundEventsForReview(10)).map((e) => e.fingerprint)).toEqual(['f3']);
      expect(await store.inboundReport('2024-W23')).toMatchObject({ bouncedHard: 1, review: 0 });
      expect(await store.inboundReport()).toMatchObject({ bouncedHard: 1, review: 1 });
    });

    it('counts distinct deliveries with soft bounces since an instant, leaving one out when asked', async () => {
      const { ann, annDelivery } = await sent();
      const soft = (fingerprint: string, receivedAt: string) =>
        record({ fingerprint, kind: 'bounce-soft', outcome: 'counted', status: '4.4.1', deliveryId: annDelivery, issueId: '2024-W23', subscriberId: ann.id, subscriberEmail: ann.email, receivedAt });
      await store.recordInboundEvent(soft('s1', '2024-06-03T10:00:00.000Z'));
      await store.recordInboundEvent(soft('s2', '2024-06-03T14:00:00.000Z'));
      expect(await store.softBouncedDeliveries(ann.id, '2024-06-01T00:00:00.000Z')).toBe(1);
      expect(await store.softBouncedDeliveries(ann.id, '2024-06-01T00:00:00.000Z', annDelivery)).toBe(0);
      expect(await store.softBouncedDeliveries(ann.id, '2024-06-04T00:00:00.000Z')).toBe(0);
    });
  });
}
