import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { Site } from '../helpers/site.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { events, scheduleSite, tidings, writePost } from './site.js';

const SUBSCRIBERS = ['ann@example.org', 'bob@example.org', 'cy@example.org', 'dee@example.org', 'eve@example.org', 'fay@example.org'];

/** A site whose week 2025-W42 (13 to 19 October) has posts and whose scheduler first ran the Wednesday before. */
async function readySite(cron: string): Promise<Site> {
  const site = await scheduleSite({ cron });
  await writePost(site, 'the-judge-and-the-court', '2025-10-14T10:00:00+01:00', 'The judge told the court what the court would do.');
  await writePost(site, 'caseloads-rising', '2025-10-16T18:30:00+01:00', 'Caseloads are rising again.');
  expect((await site.run('import')).code).toBe(0);
  for (const email of SUBSCRIBERS) expect((await site.run('subscribers', 'add', email)).code).toBe(0);
  expect((await site.run('schedule', '--at', '2025-10-15T12:00:00Z')).code).toBe(0);
  return site;
}

function receivedBy(sink: SmtpSink): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of sink.messages) for (const to of message.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
}

describe('two scheduler processes on one store and one SMTP relay', () => {
  let site: Site;
  let sink: SmtpSink;
  beforeEach(async () => {
    sink = await startSmtpSink();
  });
  afterEach(async () => {
    await sink.close();
    await site?.cleanup();
  });

  it('at the same tick: one runs the slot, the other sees it taken, and each subscriber gets the roundup once', async () => {
    site = await readySite('0 8 * * 1');
    const env = { TIDINGS_SMTP_URL: sink.url };
    const both = [tidings(site, ['schedule', '--at', '2025-10-20T07:00:00Z'], env), tidings(site, ['schedule', '--at', '2025-10-20T07:00:00Z'], env)];
    const codes = await Promise.all(both.map((p) => p.exited));
    expect(codes, both.map((p) => p.err()).join('\n')).toEqual([0, 0]);

    expect(receivedBy(sink)).toEqual(new Map(SUBSCRIBERS.map((email) => [email, 1])));
    const logs = both.map((p) => events(p.out()).map((e) => e.event));
    expect(logs.filter((log) => log.includes('run.finished'))).toHaveLength(1);
    expect(logs.filter((log) => log.includes('run.skipped'))).toHaveLength(1);

    const store = await openSqliteStore(path.join(site.dir, '.tidings', 'tidings.db'));
    try {
      const runs = await store.listRuns();
      expect(runs.filter((run) => run.scheduledFor === '2025-10-20T07:00:00.000Z')).toMatchObject([{ outcome: 'sent', issueId: '2025-W42', attempts: 1 }]);
      expect(await store.getIssue('2025-W42')).toMatchObject({ status: 'sent' });
      expect(await store.deliveryCounts('2025-W42')).toMatchObject({ sent: SUBSCRIBERS.length, total: SUBSCRIBERS.length });
    } finally {
      await store.close();
    }
  });

  it('on two slots that pick the same issue (a daily schedule, weekly roundups): the issue claim lets one send it', async () => {
    site = await readySite('0 8 * * *');
    const env = { TIDINGS_SMTP_URL: sink.url };
    // Monday's and Tuesday's runs, started together (say, two machines restored from one snapshot)
    const both = [tidings(site, ['schedule', '--at', '2025-10-20T07:00:00Z'], env), tidings(site, ['schedule', '--at', '2025-10-21T07:00:00Z'], env)];
    const codes = await Promise.all(both.map((p) => p.exited));
    expect(codes, both.map((p) => p.err()).join('\n')).toEqual([0, 0]);
    expect(receivedBy(sink)).toEqual(new Map(SUBSCRIBERS.map((email) => [email, 1])));

    const outcomes = both.map((p) => events(p.out()).find((e) => e.event === 'run.finished')?.outcome).sort();
    expect(outcomes[1]).toBe('sent');
    expect(['already-sent', 'held']).toContain(outcomes[0]);
  });
});
