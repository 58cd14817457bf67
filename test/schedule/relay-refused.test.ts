import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { Site } from '../helpers/site.js';
import { startRefusingRelay, type RefusingRelay } from '../send/refusing-relay.js';
import { events, scheduleConfig, scheduleSite, writePost } from './site.js';

/**
 * A scheduled run whose relay refuses to relay: the run fails with the
 * relay's reply and what to check, is tried again minutes later (not in a
 * tight loop), and nothing is marked sent, failed or bounced.
 */

let site: Site;
let relay: RefusingRelay;
beforeEach(async () => {
  relay = await startRefusingRelay();
  site = await scheduleSite();
  await site.write('tidings.config.yaml', `${scheduleConfig()}smtp:\n  url: ${relay.url}\n`);
  // 2025-W42 is Monday 13 to Sunday 19 October 2025; its run is Monday 20 October 08:00 BST (07:00Z).
  await writePost(site, 'the-judge-and-the-court', '2025-10-14T10:00:00+01:00', 'The judge told the court what the court would do.');
  expect((await site.run('import')).code).toBe(0);
  for (const email of ['ann@example.org', 'bob@example.org']) expect((await site.run('subscribers', 'add', email)).code).toBe(0);
  expect((await site.run('schedule', '--at', '2025-10-15T12:00:00Z')).code).toBe(0);
});
afterEach(async () => {
  await site?.cleanup();
  await relay?.close();
});

describe('a scheduled run against a relay that refuses to relay', () => {
  it('fails with the reply and what to check, plans a retry minutes later, and marks nobody; once the relay is fixed the retry sends each one copy', async () => {
    relay.rcpt = (address) => ({ code: 554, text: `5.7.1 <${address}>: Relay access denied` });
    const run = await site.run('schedule', '--at', '2025-10-20T07:00:00Z');
    expect(run.code).toBe(1);
    const log = events(run.out);
    const failed = log.find((e) => e.event === 'run.failed');
    expect(failed?.detail).toMatch(/^2025-W42 stopped before it finished \(sent 0, failed 0, unknown 0, pending 2\): relay-refused: the relay refused RCPT TO: 554 5\.7\.1 <\w+@example\.org>: Relay access denied\./);
    expect(failed?.detail).toMatch(/Nobody was marked failed or bounced for it.*Check: the relay's host and port \(smtp\.url or TIDINGS_SMTP_URL\).*Then run tidings send --issue 2025-W42 again/);
    expect(log.find((e) => e.event === 'run.retry-planned')).toMatchObject({ at: expect.stringMatching(/^2025-10-20T07:05:/), attempt: 2 });
    expect(log.find((e) => e.event === 'run.finished')).toMatchObject({ outcome: 'failed' });

    const store = await openSqliteStore(path.join(site.dir, '.tidings', 'tidings.db'));
    try {
      expect(await store.getIssue('2025-W42')).toMatchObject({ status: 'sending', owner: null });
      expect(await store.deliveryCounts('2025-W42')).toMatchObject({ pending: 2, failed: 0, sent: 0 });
      expect((await store.listSubscribers()).map((s) => s.status)).toEqual(['active', 'active']);
    } finally {
      await store.close();
    }

    relay.rcpt = () => null;
    const retry = await site.run('schedule', '--at', '2025-10-20T07:06:00Z');
    expect(retry.code, retry.err).toBe(0);
    expect(events(retry.out).find((e) => e.event === 'run.finished')).toMatchObject({ outcome: 'sent' });
    expect([...relay.copies.entries()].sort()).toEqual([
      ['ann@example.org', 1],
      ['bob@example.org', 1],
    ]);
  });
});
