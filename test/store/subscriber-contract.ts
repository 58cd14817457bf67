import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store, Subscriber, SubscriberInput } from '../../src/store/store.js';
import { deepFreeze } from './fixtures/posts.js';

/** The subscriber half of the Store contract: every implementation must pass it. */
export function describeSubscriberContract(makeStore: () => Promise<Store>): void {
  describe('subscribers', () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    const add = async (...batch: SubscriberInput[]) => store.upsertSubscribers(batch);
    const one = async (input: SubscriberInput): Promise<Subscriber> => {
      const [result] = await add(input);
      if (result === undefined) throw new Error('no result');
      return result.subscriber;
    };
    const emails = (list: Subscriber[]) => list.map((s) => s.email);

    it('starts empty', async () => {
      expect(await store.listSubscribers()).toEqual([]);
      expect(await store.countSubscribers()).toBe(0);
      expect(await store.getSubscriber(1)).toBeUndefined();
      expect(await store.findSubscriberByEmail('nobody@example.org')).toBeUndefined();
      expect(await store.streamSubscribers({ limit: 10 })).toEqual([]);
    });

    it('finds nobody by a link of an earlier version (a row id) in a store made since: such links act on no one', async () => {
      const ann = await one({ email: 'ann@example.org', status: 'active' });
      expect(await store.getSubscriber(ann.id)).toMatchObject({ email: 'ann@example.org' });
      expect(await store.getSubscriberByLegacyLink(ann.id)).toBeUndefined();
      expect(await store.getSubscriberByLegacyLink(0)).toBeUndefined();
    });

    it('stores a subscriber whole and reads it back by id and by address in any case', async () => {
      const input = deepFreeze({ email: 'Ann.Lee@example.org', name: 'Ann “Lee” 🙂', themes: ['courts', 'adoption'], status: 'active' } as const);
      const [result] = await add(input);
      expect(result?.outcome).toBe('created');
      const stored = result?.subscriber;
      expect(stored).toMatchObject({ email: 'Ann.Lee@example.org', name: 'Ann “Lee” 🙂', themes: ['courts', 'adoption'], status: 'active' });
      expect(stored?.confirmedAt).toBe(stored?.createdAt);
      expect(stored?.unsubscribedAt).toBeNull();
      expect(new Date(stored?.createdAt ?? '').toISOString()).toBe(stored?.createdAt);
      expect(await store.getSubscriber(stored?.id ?? 0)).toEqual(stored);
      expect(await store.findSubscriberByEmail('ann.lee@EXAMPLE.ORG')).toEqual(stored);
    });

    it('gives a new subscriber no name and every theme unless told', async () => {
      const ann = await one({ email: 'ann@example.org', status: 'pending' });
      expect(ann).toMatchObject({ name: '', themes: [], status: 'pending', confirmedAt: null });
    });

    it('keeps one subscriber per address whatever its case, keeping the first spelling', async () => {
      const first = await one({ email: 'Ann@Example.org', status: 'active' });
      const [again] = await add({ email: 'ANN@example.ORG', name: 'Ann', status: 'active' });
      expect(again?.outcome).toBe('updated');
      expect(again?.subscriber).toMatchObject({ id: first.id, email: 'Ann@Example.org', name: 'Ann' });
      expect(await store.countSubscribers()).toBe(1);
    });

    it('says when an input changed nothing, and keeps what the input leaves out', async () => {
      await one({ email: 'ann@example.org', name: 'Ann', themes: ['courts'], status: 'active' });
      const [same] = await add({ email: 'ann@example.org', status: 'active' });
      expect(same?.outcome).toBe('unchanged');
      expect(same?.subscriber).toMatchObject({ name: 'Ann', themes: ['courts'] });
      const [cleared] = await add({ email: 'ann@example.org', name: '', themes: [], status: 'active' });
      expect(cleared?.outcome).toBe('updated');
      expect(cleared?.subscriber).toMatchObject({ name: '', themes: [] });
    });

    it('refuses a batch that names one address twice, and writes none of it', async () => {
      await expect(
        add({ email: 'new@example.org', status: 'active' }, { email: 'ann@example.org', status: 'active' }, { email: 'ANN@example.org', status: 'pending' }),
      ).rejects.toThrow(/ANN@example\.org twice/);
      expect(await store.countSubscribers()).toBe(0);
    });

    it('does not change the batch it is given', async () => {
      const batch = [{ email: 'ann@example.org', themes: ['a', 'b'], status: 'active' as const }];
      const before = structuredClone(batch);
      await store.upsertSubscribers(deepFreeze(batch));
      expect(batch).toEqual(before);
    });

    describe('the suppression rule', () => {
      it.each(['unsubscribed', 'bounced', 'complained'] as const)('never turns a %s address back into pending or active', async (status) => {
        const ann = await one({ email: 'ann@example.org', status: 'active' });
        await store.setSubscriberStatus(ann.id, status);
        for (const wanted of ['active', 'pending'] as const) {
          const [result] = await add({ email: 'ANN@example.org', name: 'Ann again', status: wanted });
          expect(result?.outcome).toBe('suppressed');
          expect(result?.subscriber.status).toBe(status);
        }
        expect((await store.getSubscriber(ann.id))?.status).toBe(status);
      });

      it('lets an input suppress an address, and never sends an active one back to pending', async () => {
        await one({ email: 'ann@example.org', status: 'active' });
        expect((await one({ email: 'ann@example.org', status: 'pending' })).status).toBe('active');
        const bounced = await one({ email: 'ann@example.org', status: 'bounced' });
        expect(bounced.status).toBe('bounced');
        expect(bounced.unsubscribedAt).not.toBeNull();
      });

      it('confirms a pending subscriber an input says is active', async () => {
        await one({ email: 'ann@example.org', status: 'pending' });
        const ann = await one({ email: 'ann@example.org', status: 'active' });
        expect(ann.status).toBe('active');
        expect(ann.confirmedAt).not.toBeNull();
      });

      it('remembers a suppressed address after its subscriber is removed', async () => {
        const ann = await one({ email: 'ann@example.org', status: 'complained' });
        const bob = await one({ email: 'bob@example.org', status: 'active' });
        expect(await store.removeSubscriber(ann.id)).toBe(true);
        expect(await store.removeSubscriber(bob.id)).toBe(true);
        expect(await store.getSubscriber(ann.id)).toBeUndefined();

        const [annAgain, bobAgain] = await add({ email: 'Ann@Example.org', status: 'active' }, { email: 'bob@example.org', status: 'active' });
        expect(annAgain).toMatchObject({ outcome: 'suppressed', subscriber: { status: 'complained' } });
        expect(bobAgain).toMatchObject({ outcome: 'created', subscriber: { status: 'active' } });
        expect(annAgain?.subscriber.id).not.toBe(ann.id);
      });
    });

    describe('lifting a suppression', () => {
      it('makes bounced and complained subscribers active again, with the reason recorded, and never undoes an unsubscribe', async () => {
        const ann = await one({ email: 'ann@example.org', status: 'bounced' });
        await one({ email: 'bob@example.org', status: 'complained' });
        const cat = await one({ email: 'cat@example.org', status: 'unsubscribed' });
        await one({ email: 'dan@example.org', status: 'active' });
        const reason = 'the relay refused everyone on 2 Dec (wrong recipient maps)';
        const results = await store.unsuppressSubscribers(['Ann@Example.org', 'bob@example.org', 'cat@example.org', 'dan@example.org', 'nobody@example.org'], reason);
        expect(results.map((r) => [r.email, r.outcome, r.from])).toEqual([
          ['Ann@Example.org', 'reactivated', 'bounced'],
          ['bob@example.org', 'reactivated', 'complained'],
          ['cat@example.org', 'unsubscribed', 'unsubscribed'],
          ['dan@example.org', 'not-suppressed', undefined],
          ['nobody@example.org', 'unknown', undefined],
        ]);
        const annNow = await store.getSubscriber(ann.id);
        expect(annNow).toMatchObject({ status: 'active', unsubscribedAt: ann.unsubscribedAt });
        expect(results[0]?.subscriber).toEqual(annNow);
        expect(annNow?.confirmedAt).toBe(annNow?.updatedAt);
        expect(await store.getSubscriber(cat.id)).toEqual(cat);
        expect((await store.findSubscriberByEmail('bob@example.org'))?.status).toBe('active');

        const events = await store.subscriberEvents('ANN@example.org');
        expect(events).toEqual([{ kind: 'unsuppressed', subscriberId: ann.id, detail: { from: 'bounced', reason }, createdAt: annNow?.updatedAt }]);
        expect(await store.subscriberEvents('cat@example.org')).toEqual([]);
        expect(await store.subscriberEvents('dan@example.org')).toEqual([]);

        // Once active, an address can be suppressed again, and an import treats it as any active one.
        const [again] = await add({ email: 'ann@example.org', name: 'Ann', status: 'active' });
        expect(again).toMatchObject({ outcome: 'updated', subscriber: { status: 'active', name: 'Ann' } });
      });

      it('lifts a removed address remembered as bounced, keeps its record after removal, and keeps a removed unsubscribe', async () => {
        const ann = await one({ email: 'ann@example.org', status: 'bounced' });
        const cat = await one({ email: 'cat@example.org', status: 'unsubscribed' });
        await store.removeSubscriber(ann.id);
        await store.removeSubscriber(cat.id);
        const results = await store.unsuppressSubscribers(['ann@example.org', 'cat@example.org'], 'bounced by mistake');
        expect(results.map((r) => [r.outcome, r.from, r.subscriber])).toEqual([
          ['lifted', 'bounced', undefined],
          ['unsubscribed', 'unsubscribed', undefined],
        ]);
        const [annBack, catBack] = await add({ email: 'ann@example.org', status: 'active' }, { email: 'cat@example.org', status: 'active' });
        expect(annBack).toMatchObject({ outcome: 'created', subscriber: { status: 'active' } });
        expect(catBack).toMatchObject({ outcome: 'suppressed', subscriber: { status: 'unsubscribed' } });
        expect((await store.subscriberEvents('ann@example.org')).map((e) => [e.subscriberId, e.detail])).toEqual([[null, { from: 'bounced', reason: 'bounced by mistake' }]]);

        // A reactivated subscriber's events stay with the address after it is removed.
        const bob = await one({ email: 'bob@example.org', status: 'complained' });
        await store.unsuppressSubscribers(['bob@example.org'], 'a test complaint');
        await store.removeSubscriber(bob.id);
        expect((await store.subscriberEvents('bob@example.org')).map((e) => [e.subscriberId, e.detail.reason])).toEqual([[null, 'a test complaint']]);
      });

      it('refuses to lift anything without a reason', async () => {
        await one({ email: 'ann@example.org', status: 'bounced' });
        await expect(store.unsuppressSubscribers(['ann@example.org'], '  ')).rejects.toThrow(/reason/);
        expect((await store.findSubscriberByEmail('ann@example.org'))?.status).toBe('bounced');
      });
    });

    describe('status and themes', () => {
      it('sets a status with its timestamps, and only from the given statuses when asked', async () => {
        const ann = await one({ email: 'ann@example.org', status: 'pending' });
        const notNow = await store.setSubscriberStatus(ann.id, 'active', { from: ['unsubscribed'] });
        expect(notNow?.status).toBe('pending');
        const active = await store.setSubscriberStatus(ann.id, 'active', { from: ['pending'] });
        expect(active?.status).toBe('active');
        expect(active?.confirmedAt).not.toBeNull();
        const gone = await store.setSubscriberStatus(ann.id, 'unsubscribed');
        expect(gone).toMatchObject({ status: 'unsubscribed', confirmedAt: active?.confirmedAt });
        expect(gone?.unsubscribedAt).not.toBeNull();
        expect(await store.setSubscriberStatus(9_999, 'active')).toBeUndefined();
      });

      it('replaces the chosen themes', async () => {
        const ann = await one({ email: 'ann@example.org', themes: ['a'], status: 'active' });
        expect((await store.setSubscriberThemes(ann.id, ['b', 'c']))?.themes).toEqual(['b', 'c']);
        expect((await store.setSubscriberThemes(ann.id, []))?.themes).toEqual([]);
        expect((await store.getSubscriber(ann.id))?.themes).toEqual([]);
        expect(await store.setSubscriberThemes(9_999, ['a'])).toBeUndefined();
      });

      it('removes a subscriber once', async () => {
        const ann = await one({ email: 'ann@example.org', status: 'active' });
        expect(await store.removeSubscriber(ann.id)).toBe(true);
        expect(await store.removeSubscriber(ann.id)).toBe(false);
        expect(await store.findSubscriberByEmail('ann@example.org')).toBeUndefined();
      });
    });

    describe('listing and walking', () => {
      const statuses = ['active', 'pending', 'active', 'unsubscribed', 'active', 'bounced', 'active'] as const;
      beforeEach(async () => {
        await store.upsertSubscribers(statuses.map((status, i) => ({ email: `s${i}@example.org`, status })));
      });

      it('lists by id, filtered by status and paged', async () => {
        expect(emails(await store.listSubscribers())).toEqual(statuses.map((_, i) => `s${i}@example.org`));
        expect(emails(await store.listSubscribers({ status: 'active' }))).toEqual(['s0@example.org', 's2@example.org', 's4@example.org', 's6@example.org']);
        expect(emails(await store.listSubscribers({ status: 'active', limit: 2, offset: 1 }))).toEqual(['s2@example.org', 's4@example.org']);
        expect(await store.countSubscribers()).toBe(7);
        expect(await store.countSubscribers({ status: 'active' })).toBe(4);
        expect(await store.countSubscribers({ status: 'complained' })).toBe(0);
      });

      it('walks every subscriber of a status, page by page, without gaps or repeats', async () => {
        const seen: string[] = [];
        let afterId = 0;
        for (;;) {
          const page = await store.streamSubscribers({ status: 'active', afterId, limit: 3 });
          seen.push(...emails(page));
          if (page.length < 3) break;
          afterId = page.at(-1)?.id ?? afterId;
        }
        expect(seen).toEqual(['s0@example.org', 's2@example.org', 's4@example.org', 's6@example.org']);
      });

      it('keeps its place when subscribers come and go during a walk', async () => {
        const first = await store.streamSubscribers({ limit: 2 });
        const s0 = first[0];
        if (s0 !== undefined) await store.removeSubscriber(s0.id);
        await store.upsertSubscribers([{ email: 'late@example.org', status: 'active' }]);
        const rest = await store.streamSubscribers({ afterId: first.at(-1)?.id ?? 0, limit: 100 });
        expect(emails(rest)).toEqual(['s2@example.org', 's3@example.org', 's4@example.org', 's5@example.org', 's6@example.org', 'late@example.org']);
      });

      it('refuses pages it cannot answer rightly', async () => {
        await expect(store.streamSubscribers({ limit: -1 })).rejects.toThrow(/limit/);
        await expect(store.streamSubscribers({ limit: 1, afterId: 1.5 })).rejects.toThrow(/afterId/);
        await expect(store.listSubscribers({ offset: -3 })).rejects.toThrow(/offset/);
      });
    });
  });
}
