import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Site } from '../helpers/site.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { events, scheduleConfig, scheduleSite, writePost } from './site.js';

/**
 * A scheduled run that leaves a delivery in doubt (the relay drops the
 * connection after taking the message): its log and `tidings status` name
 * the commands that settle it, not a plain `tidings send` (which would not).
 */
describe('the scheduler, with a delivery in doubt', () => {
  let site: Site;
  let sink: SmtpSink;
  beforeEach(async () => {
    sink = await startSmtpSink();
    site = await scheduleSite();
    await site.write('tidings.config.yaml', `${scheduleConfig()}smtp:\n  url: ${sink.url}\n`);
    await writePost(site, 'caseloads-rising', '2025-10-16T18:30:00+01:00', 'Caseloads are rising again.');
    expect((await site.run('import')).code).toBe(0);
    for (const email of ['ann@example.org', 'bob@example.org']) expect((await site.run('subscribers', 'add', email)).code).toBe(0);
  });
  afterEach(async () => {
    await site.cleanup();
    await sink.close();
  });

  it('logs the commands that list and settle it; settling it finishes the issue', async () => {
    sink.behave('ann@example.org', 'drop-after-data');
    await site.run('schedule', '--at', '2025-10-15T12:00:00Z');
    const run = await site.run('schedule', '--at', '2025-10-20T07:00:00Z');
    const failed = events(run.out).find((e) => e.event === 'run.failed');
    expect(failed?.detail).toContain('1 delivery is in doubt: list them with `tidings deliveries --issue 2025-W42`, then settle them with `tidings deliveries settle EMAIL... --issue 2025-W42 --sent|--resend`');
    expect(failed?.detail).not.toContain('carries on');

    const status = await site.run('status');
    expect(status.out).toMatch(/2025-W42 \(sending\): 0 pending, 0 in flight, 1 unknown, 1 sent of 2; 1 delivery is in doubt: list them with `tidings deliveries --issue 2025-W42`/);

    const settled = await site.run('deliveries', 'settle', 'ann@example.org', '--sent');
    expect(settled.code, settled.err).toBe(0);
    expect(settled.out).toContain('issue 2025-W42: every delivery is decided (2 sent, 0 failed, 0 skipped): marked sent.');
    expect((await site.run('status')).out).toMatch(/pending deliveries:\n {2}none/);
    expect(sink.messages.filter((m) => m.to.includes('ann@example.org'))).toHaveLength(1);
  });
});
