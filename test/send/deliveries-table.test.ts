import { describe, expect, it } from 'vitest';
import { deliveryPages, deliveryTable, jsonArrayWriter, listFooter, NEEDS_DECISION } from '../../src/send/deliveries-table.js';
import type { Delivery, DeliveryListing, DeliverySearch, DeliveryStatus } from '../../src/store/store.js';

function listing(id: number, status: DeliveryStatus, email = `r${id}@example.org`, over: Partial<Delivery> = {}): DeliveryListing {
  return {
    email,
    delivery: {
      id,
      issueId: '2019-W31',
      subscriberId: id,
      status,
      attempts: 1,
      lastError: status === 'unknown' ? 'the relay closed the connection' : null,
      lastStep: status === 'unknown' ? 'content' : null,
      permanent: null,
      messageId: `<2019-W31.${id}.abc@example.org>`,
      response: null,
      notBefore: null,
      createdAt: '2019-08-05T08:00:00.000Z',
      updatedAt: '2019-08-05T08:00:00.000Z',
      attemptStartedAt: '2019-08-05T08:00:03.250Z',
      sentAt: null,
      ...over,
    },
  };
}

describe('the deliveries table', () => {
  it('lines up the columns of a page, and widens them for a longer value on a later page', () => {
    const table = deliveryTable();
    const first = table.lines([listing(1, 'unknown'), listing(2, 'unknown', 'bo@x.org', { lastStep: null, messageId: null, attemptStartedAt: null })]);
    expect(first).toEqual([
      'ISSUE     ADDRESS         STATUS   ATTEMPTS  LAST ATTEMPT          STEP     MESSAGE-ID                    LAST ERROR (THE REPLY, IF SENT)',
      '2019-W31  r1@example.org  unknown  1         2019-08-05T08:00:03Z  content  <2019-W31.1.abc@example.org>  the relay closed the connection',
      '2019-W31  bo@x.org        unknown  1         -                     -        -                             the relay closed the connection',
    ]);
    // No second heading; a longer address widens its column from here on.
    const sent = listing(3, 'sent', 'a-much-longer-address@example.org', { response: '250 2.0.0 Ok:\n queued as 4F1' });
    expect(table.lines([sent])).toEqual([
      '2019-W31  a-much-longer-address@example.org  sent     1         2019-08-05T08:00:03Z  -        <2019-W31.3.abc@example.org>  250 2.0.0 Ok: queued as 4F1',
    ]);
  });

  it('reads the store a page at a time, each status in turn, never more than a page at once', async () => {
    const rows = [...Array.from({ length: 7 }, (_, i) => listing(i + 1, 'unknown')), ...Array.from({ length: 3 }, (_, i) => listing(i + 20, 'failed'))];
    const asked: DeliverySearch[] = [];
    const store = {
      findDeliveries: async (search: DeliverySearch) => {
        asked.push(search);
        return rows.filter((r) => r.delivery.status === search.status && r.delivery.id > (search.afterId ?? 0)).slice(0, search.limit);
      },
    };
    const pages: number[][] = [];
    for await (const page of deliveryPages(store, { issueId: '2019-W31', statuses: NEEDS_DECISION }, 3)) pages.push(page.map((r) => r.delivery.id));
    expect(pages).toEqual([[1, 2, 3], [4, 5, 6], [7], [20, 21, 22]]);
    expect(asked.every((search) => search.limit === 3 && search.issueId === '2019-W31')).toBe(true);
    // The last page of each status is read once more only when it was full.
    expect(asked.map((search) => [search.status, search.afterId])).toEqual([
      ['unknown', 0],
      ['unknown', 3],
      ['unknown', 6],
      ['failed', 0],
      ['failed', 22],
    ]);
  });
});

describe('--json', () => {
  it('is one JSON array however many pages it is written in', () => {
    for (const count of [0, 1, 3]) {
      const lines: string[] = [];
      const writer = jsonArrayWriter((line) => lines.push(line));
      for (let i = 0; i < count; i++) writer.push({ i });
      writer.end();
      expect(JSON.parse(lines.join('\n'))).toEqual(Array.from({ length: count }, (_, i) => ({ i })));
      expect(lines).toHaveLength(Math.max(1, count));
    }
  });
});

describe('after the table', () => {
  it('counts what was listed and names the commands that settle it', () => {
    const lines = listFooter({ unknown: 2, failed: 1 }, { issueId: '2019-W31', statuses: NEEDS_DECISION });
    expect(lines[0]).toBe('3 deliveries of issue 2019-W31: 2 unknown, 1 failed.');
    expect(lines.join('\n')).toContain('tidings deliveries settle EMAIL... --issue 2019-W31 --sent');
    expect(lines.join('\n')).toContain('tidings deliveries settle --all --issue 2019-W31 --status failed --resend');
    expect(lines.join('\n')).toContain('tidings subscribers unsuppress EMAIL... --reason TEXT');
  });

  it('says when nothing needs a decision', () => {
    expect(listFooter({}, { statuses: NEEDS_DECISION })).toEqual(['no unknown or failed deliveries: nothing needs a decision.']);
    expect(listFooter({}, { issueId: 'w1', statuses: ['sent'] })).toEqual(['no sent deliveries of issue w1.']);
  });
});
