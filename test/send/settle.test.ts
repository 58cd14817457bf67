import { describe, expect, it } from 'vitest';
import { chooseDelivery, settleExitCode, settleLines, type SettleReport } from '../../src/send/settle.js';
import type { Delivery, DeliveryCounts, DeliveryStatus, Subscriber } from '../../src/store/store.js';

const ann: Subscriber = {
  id: 7,
  email: 'ann@example.org',
  name: 'Ann',
  status: 'active',
  themes: [],
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
  confirmedAt: null,
  unsubscribedAt: null,
} as Subscriber;

function delivery(id: number, issueId: string, status: DeliveryStatus): Delivery {
  return {
    id,
    issueId,
    subscriberId: 7,
    status,
    attempts: 1,
    lastError: null,
    lastStep: null,
    permanent: null,
    messageId: `<${issueId}.7@example.org>`,
    response: null,
    notBefore: null,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    attemptStartedAt: '2024-01-01T00:00:00.000Z',
    sentAt: null,
  };
}

const counts = (over: Partial<DeliveryCounts>): DeliveryCounts => ({ pending: 0, 'in-flight': 0, sent: 0, failed: 0, unknown: 0, skipped: 0, total: 0, ...over });

describe('which delivery an address means', () => {
  it('takes the one delivery in doubt of the subscriber', () => {
    const choice = chooseDelivery('ANN@example.org', ann, [delivery(1, 'w1', 'sent'), delivery(2, 'w2', 'unknown')], 'sent');
    expect(choice).toMatchObject({ kind: 'settle', email: 'ann@example.org', delivery: { id: 2 } });
  });

  it('puts a failed one back only with --resend, never records it as sent', () => {
    expect(chooseDelivery('ann@example.org', ann, [delivery(1, 'w1', 'failed')], 'resend')).toMatchObject({ kind: 'settle', delivery: { id: 1 } });
    expect(chooseDelivery('ann@example.org', ann, [delivery(1, 'w1', 'failed')], 'sent')).toEqual({
      kind: 'refused',
      email: 'ann@example.org',
      reason: 'its delivery of issue w1 is failed: the relay refused it, so it was not sent; --resend tries again',
    });
  });

  it('asks for --issue when deliveries of several issues could be meant, and narrows to it', () => {
    const both = [delivery(1, 'w1', 'unknown'), delivery(2, 'w2', 'unknown')];
    expect(chooseDelivery('ann@example.org', ann, both, 'sent')).toMatchObject({ kind: 'refused', reason: 'has deliveries to settle in issues w1, w2: name one with --issue ID' });
    expect(chooseDelivery('ann@example.org', ann, both, 'sent', 'w2')).toMatchObject({ kind: 'settle', delivery: { id: 2 } });
  });

  it('says why nothing was settled: no subscriber, no delivery, one in another state', () => {
    expect(chooseDelivery('zed@example.org', undefined, [], 'sent')).toMatchObject({ reason: 'not a subscriber' });
    expect(chooseDelivery('ann@example.org', ann, [], 'sent')).toMatchObject({ reason: 'has no deliveries' });
    expect(chooseDelivery('ann@example.org', ann, [delivery(1, 'w1', 'unknown')], 'sent', 'w9')).toMatchObject({ reason: 'has no delivery of issue w9' });
    expect(chooseDelivery('ann@example.org', ann, [delivery(1, 'w1', 'pending')], 'resend')).toMatchObject({
      reason: 'its delivery of issue w1 is pending: the next `tidings send --issue w1` sends it',
    });
    expect(chooseDelivery('ann@example.org', ann, [delivery(1, 'w1', 'in-flight')], 'sent')).toMatchObject({ reason: expect.stringMatching(/in-flight: a sender is handing it to the relay/) });
  });
});

describe('what settle says', () => {
  const base: SettleReport = { settlement: 'resend', settled: [], refused: [], raced: [], issues: [] };

  it('names every address, notes a bounced one and its companion command, and says what is next for the issue', () => {
    const report: SettleReport = {
      ...base,
      settled: [
        { email: 'ann@example.org', issueId: 'w1', messageId: '<a@x>', was: 'unknown', subscriberStatus: 'active' },
        { email: 'bob@example.org', issueId: 'w1', messageId: '<b@x>', was: 'failed', subscriberStatus: 'bounced' },
      ],
      refused: [{ email: 'zed@example.org', reason: 'not a subscriber' }],
      issues: [{ id: 'w1', counts: counts({ pending: 2, unknown: 1 }), state: 'open' }],
    };
    expect(settleLines(report)).toEqual({
      lines: [
        'to send again: ann@example.org (issue w1, was unknown)',
        'to send again: bob@example.org (issue w1, was failed)',
        '  note: bob@example.org is bounced: the next send skips them. If the address works, `tidings subscribers unsuppress bob@example.org --reason TEXT` first.',
        'issue w1: 2 deliveries pending: `tidings send --issue w1` sends them; 1 still in doubt: list them with `tidings deliveries --issue w1`.',
      ],
      problems: ['not settled: zed@example.org: not a subscriber'],
    });
    expect(settleExitCode(report)).toBe(2);
  });

  it('says when settling finished the issue, or that its sender will', () => {
    const finished = settleLines({
      ...base,
      settlement: 'sent',
      all: { issueId: 'w1', status: 'unknown', count: 3 },
      issues: [{ id: 'w1', counts: counts({ sent: 9, failed: 1 }), state: 'finished' }],
    });
    expect(finished.lines).toEqual(['settled as sent: 3 unknown deliveries of issue w1', 'issue w1: every delivery is decided (9 sent, 1 failed, 0 skipped): marked sent.']);
    const held = settleLines({ ...base, settlement: 'sent', issues: [{ id: 'w1', counts: counts({}), state: 'held', heldBy: 'host:1:ab' }] });
    expect(held.lines).toEqual(['issue w1: a sender is working on it (host:1:ab); it sends what is pending and marks the issue sent when it ends.']);
    expect(settleExitCode({ ...base, settled: [{ email: 'a@x', issueId: 'w1', messageId: null, was: 'unknown', subscriberStatus: 'active' }] })).toBe(0);
  });
});
