import { afterEach, describe, expect, it } from 'vitest';
import { deliveryMessageId, exitCodeFor, sendIssue, summaryLines } from '../../src/send/index.js';
import { activeSubscribers, harness, SMTP_ERRORS, type Harness } from './helpers.js';

let h: Harness;
afterEach(async () => {
  await h?.store.close();
});

const recipients = (h: Harness) => h.transport.taken.map((m) => m.to).sort();
const copiesOf = (h: Harness) => {
  const counts = new Map<string, number>();
  for (const m of h.transport.taken) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
  return counts;
};

describe('sendIssue', () => {
  it('sends one message to each eligible subscriber, records it, and finishes the issue', async () => {
    h = await harness([
      ...activeSubscribers(3),
      { email: 'insp@example.org', name: 'Ina', status: 'active', themes: ['inspection'] },
      { email: 'gone@example.org', status: 'unsubscribed' },
      { email: 'bounced@example.org', status: 'bounced' },
      { email: 'waiting@example.org', status: 'pending' },
      { email: 'elsewhere@example.org', status: 'active', themes: ['no-such-theme'] },
    ]);
    const report = await sendIssue(h.deps, { issue: h.issue });
    expect(report.outcome).toBe('sent');
    expect(exitCodeFor(report)).toBe(0);
    expect(recipients(h)).toEqual(['insp@example.org', 'n0@example.org', 'n1@example.org', 'n2@example.org']);
    expect(report.run).toMatchObject({ created: 4, sent: 4, failed: 0 });
    expect(report.counts).toMatchObject({ sent: 4, pending: 0, total: 4 });
    expect((await h.store.getIssue(h.issue.id))?.status).toBe('sent');

    const ina = await h.store.findSubscriberByEmail('insp@example.org');
    const delivery = (await h.store.listDeliveries(h.issue.id)).find((d) => d.subscriberId === ina?.id);
    const message = h.transport.taken.find((m) => m.to === 'insp@example.org');
    expect(delivery?.messageId).toBe(deliveryMessageId(h.config, h.issue.id, ina?.id ?? 0));
    expect(message?.messageId).toBe(delivery?.messageId);
    expect(delivery?.response).toBe('250 2.0.0 OK queued');
    // Only her theme's section.
    const text = message?.raw.toString('latin1') ?? '';
    expect(text).toContain('On inspection');
    expect(text).not.toContain('On workforce');
  });

  it('sends nothing the second time', async () => {
    h = await harness(activeSubscribers(5));
    await sendIssue(h.deps, { issue: h.issue });
    const again = await sendIssue(h.deps, { issue: h.issue });
    expect(again.outcome).toBe('already-sent');
    expect(exitCodeFor(again)).toBe(0);
    expect(h.transport.taken).toHaveLength(5);
    expect(summaryLines(again, 'tidings send --issue 2019-W31')[0]).toMatch(/was sent before: nothing to do/);
  });

  it('keeps at most `concurrency` messages in flight, in the transport and in the store', async () => {
    h = await harness(activeSubscribers(40), { maxConnections: 3 });
    let mostInFlight = 0;
    h.transport.onSend = () => {
      void h.store.deliveryCounts(h.issue.id).then((c) => (mostInFlight = Math.max(mostInFlight, c['in-flight'])));
    };
    const report = await sendIssue(h.deps, { issue: h.issue, pageSize: 7 });
    expect(report.run.sent).toBe(40);
    expect(h.transport.mostAtOnce()).toBe(3);
    expect(mostInFlight).toBeLessThanOrEqual(3);
  });

  it('tries a temporary failure again after a backoff and delivers it', async () => {
    h = await harness(activeSubscribers(3));
    h.transport.behave('n1@example.org', (attempt) => (attempt < 3 ? SMTP_ERRORS.tempfail() : 'accept'));
    const report = await sendIssue(h.deps, { issue: h.issue });
    expect(report.outcome).toBe('sent');
    expect(report.run).toMatchObject({ sent: 3, retried: 2, deferred: 0, failed: 0 });
    expect(h.transport.attempts.get('n1@example.org')).toBe(3);
    expect(h.clock.slept).toEqual([1_000, 3_000]);
    expect([...copiesOf(h).values()]).toEqual([1, 1, 1]);
  });

  it('treats a dropped connection as temporary', async () => {
    h = await harness(activeSubscribers(2));
    h.transport.behave('n0@example.org', (attempt) => (attempt === 1 ? SMTP_ERRORS.dropped() : 'accept'));
    const report = await sendIssue(h.deps, { issue: h.issue });
    expect(report.outcome).toBe('sent');
    expect(report.run.retried).toBe(1);
    expect(copiesOf(h).get('n0@example.org')).toBe(1);
  });

  it('leaves what still fails temporarily pending for the next run, says so, and exits non-zero', async () => {
    h = await harness(activeSubscribers(3));
    h.transport.behave('n2@example.org', SMTP_ERRORS.tempfail());
    const report = await sendIssue(h.deps, { issue: h.issue });
    expect(report.outcome).toBe('incomplete');
    expect(exitCodeFor(report)).toBe(1);
    expect(report.run).toMatchObject({ sent: 2, retried: 3, deferred: 1 });
    expect(h.transport.attempts.get('n2@example.org')).toBe(4);
    expect(report.counts).toMatchObject({ sent: 2, pending: 1 });
    expect((await h.store.getIssue(h.issue.id))?.status).toBe('sending');
    const text = summaryLines(report, 'tidings send --issue 2019-W31').join('\n');
    expect(text).toMatch(/1 still pending \(last reply: 451 4\.3\.0 Try again later\): run tidings send --issue 2019-W31 again after 2024-06-03T09:00:40\.000Z/);

    // The next run, once the relay recovers and the wait is over, sends it.
    h.transport.behave('n2@example.org', 'accept');
    h.clock.advance(60_000);
    const next = await sendIssue(h.deps, { issue: h.issue });
    expect(next.outcome).toBe('sent');
    expect(next.run.sent).toBe(1);
    expect([...copiesOf(h).values()]).toEqual([1, 1, 1]);
  });

  it('fails a refused message for good, bounces an unknown mailbox, and exits non-zero', async () => {
    h = await harness(activeSubscribers(4));
    h.transport.behave('n1@example.org', SMTP_ERRORS.unknownUser('n1@example.org'));
    h.transport.behave('n2@example.org', SMTP_ERRORS.mailboxFull());
    const report = await sendIssue(h.deps, { issue: h.issue });
    expect(report.outcome).toBe('sent');
    expect(exitCodeFor(report)).toBe(1);
    expect(report.run).toMatchObject({ sent: 2, failed: 2, bounced: 1, retried: 0 });
    expect((await h.store.findSubscriberByEmail('n1@example.org'))?.status).toBe('bounced');
    expect((await h.store.findSubscriberByEmail('n2@example.org'))?.status).toBe('active');
    const failed = await h.store.listDeliveries(h.issue.id, { status: 'failed' });
    expect(failed.map((d) => [d.permanent, d.lastError])).toEqual([
      [true, '550 5.1.1 <n1@example.org>: Recipient address rejected: User unknown'],
      [true, '552 5.2.2 Mailbox full'],
    ]);
    expect(h.transport.attempts.get('n1@example.org')).toBe(1);
  });

  it('stops the whole run on a fatal relay error without failing anyone, and a rerun completes', async () => {
    h = await harness(activeSubscribers(20), { maxConnections: 2 });
    let broken = true;
    for (let i = 0; i < 20; i++) h.transport.behave(`n${i}@example.org`, () => (broken ? SMTP_ERRORS.auth() : 'accept'));
    const report = await sendIssue(h.deps, { issue: h.issue });
    expect(report.outcome).toBe('fatal');
    expect(report.error).toMatch(/535 Authentication failed/);
    expect(exitCodeFor(report)).toBe(1);
    expect(report.counts).toMatchObject({ failed: 0, sent: 0, 'in-flight': 0, pending: 20 });
    expect(h.transport.attempts.size).toBeLessThanOrEqual(2);
    expect((await h.store.getIssue(h.issue.id))?.owner).toBeNull();

    broken = false;
    const rerun = await sendIssue(h.deps, { issue: h.issue });
    expect(rerun.outcome).toBe('sent');
    expect(h.transport.taken).toHaveLength(20);
  });

  it('marks deliveries a stopped sender left in flight unknown, does not resend them, and resends them when asked', async () => {
    h = await harness(activeSubscribers(6));
    // A sender that died mid-send: it claimed the issue, created the deliveries, sent one, and had two in flight.
    await h.store.recordIssue({ id: h.issue.id, number: h.issue.number, subject: h.issue.subject });
    await h.store.claimIssueForSending(h.issue.id, 'dead-sender', { leaseMs: 1, now: new Date(h.clock.now().getTime() - 1000).toISOString() });
    const ids = (await h.store.listSubscribers()).map((s) => s.id);
    await h.store.createDeliveries(h.issue.id, ids);
    const [d0, d1, d2] = await h.store.listDeliveries(h.issue.id);
    await h.store.markDeliveryInFlight([d0, d1, d2].map((d) => ({ id: d?.id ?? 0, messageId: `<${d?.id ?? 0}@example.org>` })));
    await h.store.markDeliveriesSent([{ id: d0?.id ?? 0, messageId: '<x@y>', response: '250 ok' }]);

    const report = await sendIssue(h.deps, { issue: h.issue });
    expect(report.outcome).toBe('incomplete');
    expect(report.run.unknownFound).toBe(2);
    expect(recipients(h)).toEqual(['n3@example.org', 'n4@example.org', 'n5@example.org']);
    expect(report.counts).toMatchObject({ sent: 4, unknown: 2, pending: 0 });
    const text = summaryLines(report, 'tidings send --issue 2019-W31').join('\n');
    expect(text).toMatch(/2 unknown: they may or may not have arrived \(they were being handed to the relay when a sender stopped/);
    expect(text).toMatch(/tidings send --issue 2019-W31 --resend-unknown/);
    expect((await h.store.getIssue(h.issue.id))?.status).toBe('sending');

    // A plain rerun still does not resend them.
    expect((await sendIssue(h.deps, { issue: h.issue })).counts.unknown).toBe(2);
    expect(h.transport.taken).toHaveLength(3);

    const resend = await sendIssue(h.deps, { issue: h.issue, resendUnknown: true });
    expect(resend.outcome).toBe('sent');
    expect(resend.run.requeued).toBe(2);
    expect(recipients(h)).toEqual(['n1@example.org', 'n2@example.org', 'n3@example.org', 'n4@example.org', 'n5@example.org']);
  });

  it('stops taking new deliveries when told to, finishes those in flight, and a rerun completes without a second copy', async () => {
    h = await harness(activeSubscribers(30), { maxConnections: 4 });
    const stop = new AbortController();
    h.transport.onSend = () => {
      if (h.transport.attempts.size === 10) stop.abort();
    };
    const report = await sendIssue(h.deps, { issue: h.issue, signal: stop.signal });
    expect(report.outcome).toBe('stopped');
    expect(exitCodeFor(report)).toBe(0);
    expect(report.counts['in-flight']).toBe(0);
    expect(report.counts.unknown).toBe(0);
    // The ones already handed over when the stop came (at most one batch of 4) still went.
    expect(report.run.sent).toBeGreaterThanOrEqual(10);
    expect(report.run.sent).toBeLessThanOrEqual(10 + 4);
    expect(report.counts.pending).toBe(30 - report.run.sent);
    expect(h.transport.attempts.size).toBe(report.run.sent);
    expect((await h.store.getIssue(h.issue.id))?.owner).toBeNull();

    const rerun = await sendIssue(h.deps, { issue: h.issue });
    expect(rerun.outcome).toBe('sent');
    expect(h.transport.taken).toHaveLength(30);
    expect(new Set(h.transport.taken.map((m) => m.to)).size).toBe(30);
  });

  it('lets only one of two senders at once send the issue', async () => {
    h = await harness(activeSubscribers(12), { maxConnections: 2 });
    h.transport.hold();
    const first = sendIssue(h.deps, { issue: h.issue, owner: 'first' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await sendIssue(h.deps, { issue: h.issue, owner: 'second' });
    h.transport.release();
    expect(second.outcome).toBe('held');
    expect(second.heldBy?.owner).toBe('first');
    expect(exitCodeFor(second)).toBe(1);
    expect((await first).outcome).toBe('sent');
    expect(h.transport.taken).toHaveLength(12);
  });

  it('stops when another sender takes the issue over after its lease lapsed', async () => {
    h = await harness(activeSubscribers(10), { maxConnections: 1 });
    let tick: () => void = () => {};
    const deps = { ...h.deps, every: (_ms: number, fn: () => void) => ((tick = fn), () => {}) };
    h.transport.onSend = (to) => {
      if (to === 'n3@example.org') {
        // Meanwhile the lease lapsed and another sender took the issue.
        void h.store.claimIssueForSending(h.issue.id, 'usurper', { now: new Date(h.clock.now().getTime() + 3_600_000).toISOString() }).then(() => tick());
      }
    };
    const report = await sendIssue(deps, { issue: h.issue, owner: 'slow' });
    expect(report.outcome).toBe('lost-claim');
    expect(report.run.sent).toBeLessThan(10);
    expect((await h.store.getIssue(h.issue.id))?.owner).toBe('usurper');
  });

  it('honours an unsubscribe during the send and a change of themes', async () => {
    h = await harness([...activeSubscribers(6), { email: 'pol@example.org', status: 'active', themes: ['policy'] }], { maxConnections: 1 });
    h.transport.onSend = (to) => {
      if (to === 'n0@example.org') {
        void h.store.findSubscriberByEmail('n5@example.org').then((s) => h.store.setSubscriberStatus(s?.id ?? 0, 'unsubscribed'));
        void h.store.findSubscriberByEmail('pol@example.org').then((s) => h.store.setSubscriberThemes(s?.id ?? 0, ['no-such-theme']));
      }
    };
    const report = await sendIssue(h.deps, { issue: h.issue, pageSize: 2 });
    expect(report.outcome).toBe('sent');
    expect(recipients(h)).not.toContain('n5@example.org');
    expect(recipients(h)).not.toContain('pol@example.org');
    expect(report.counts).toMatchObject({ sent: 5, skipped: 1, failed: 1 });
    expect(report.run.dropped).toBe(1);
    expect(exitCodeFor(report)).toBe(0);
  });

  it('stops at once, failing nobody, when the relay refuses the message itself by policy (554 5.7.1 after DATA)', async () => {
    h = await harness(activeSubscribers(30), { maxConnections: 3 });
    for (let i = 0; i < 30; i++) h.transport.behave(`n${i}@example.org`, SMTP_ERRORS.rejected());
    const report = await sendIssue(h.deps, { issue: h.issue });
    expect(report.outcome).toBe('relay-refused');
    expect(report.refusal).toMatchObject({ cause: 'setup', reply: '554 5.7.1 Message refused' });
    expect(report.counts).toMatchObject({ failed: 0, pending: 30 });
    expect(h.transport.attempts.size).toBeLessThanOrEqual(3);
  });

  it('refuses breaker options out of range before it claims or sends anything', async () => {
    h = await harness(activeSubscribers(2));
    await expect(sendIssue(h.deps, { issue: h.issue, breaker: { minAnswers: 80 } })).rejects.toThrow(/breaker: minAnswers must be a whole number from 1 to window \(50\), not 80/);
    expect(await h.store.getIssue(h.issue.id)).toBeUndefined();
    expect(h.transport.taken).toHaveLength(0);
  });

  it('stops when the relay defers everything, leaving the rest pending', async () => {
    h = await harness(activeSubscribers(30), { maxConnections: 1 });
    for (let i = 0; i < 30; i++) h.transport.behave(`n${i}@example.org`, SMTP_ERRORS.tempfail());
    const report = await sendIssue(h.deps, { issue: h.issue, maxDeferredInARow: 5 });
    expect(report.outcome).toBe('deferred');
    expect(report.error).toMatch(/deferred 5 messages in a row/);
    expect(report.counts.pending).toBe(30);
    expect(report.counts.failed).toBe(0);
  });
});
