import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { Site } from '../helpers/site.js';
import { events, scheduleSite, writePost } from './site.js';

// 2025-W42 is Monday 13 to Sunday 19 October 2025; its run is Monday 20 October 08:00 BST (07:00Z).
async function october(site: Site): Promise<void> {
  await writePost(site, 'the-judge-and-the-court', '2025-10-14T10:00:00+01:00', 'The judge told the court what the court would do.');
  await writePost(site, 'caseloads-rising', '2025-10-16T18:30:00+01:00', 'Caseloads are rising again.');
  await writePost(site, 'next-week', '2025-10-21T09:00:00+01:00', 'A post of the next week.');
  expect((await site.run('import')).code).toBe(0);
  expect((await site.run('subscribers', 'add', 'ann@example.org')).code).toBe(0);
  expect((await site.run('subscribers', 'add', 'bob@example.org', '--themes', 'workforce')).code).toBe(0);
  expect((await site.run('subscribers', 'add', 'cy@example.org', '--themes', 'nothing-here')).code).not.toBe(0);
}

describe('tidings schedule --at, --dry-run and tidings status', () => {
  let site: Site;
  beforeEach(async () => {
    site = await scheduleSite();
    await october(site);
  });
  afterEach(() => site.cleanup());

  it('answers what would run at a moment and what it would send, changing nothing', async () => {
    const first = await site.run('schedule', '--at', '2025-10-20T08:00', '--dry-run');
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('latest slot: 2025-10-20T07:00:00.000Z (Mon 20 Oct 2025 08:00:00 GMT+1)');
    expect(first.out).toContain('=> the run of 2025-10-20T07:00:00.000Z would start now: 2025-W42 ended before the scheduler first ran: back catalogue, not mailed');

    // the scheduler first runs on the Wednesday before: from then on, W42 is news
    const baseline = await site.run('schedule', '--at', '2025-10-15T12:00:00Z');
    expect(baseline.code, baseline.err).toBe(0);
    expect(events(baseline.out).map((e) => e.event)).toEqual(['run.none-missed', 'run.nothing-due']);

    const answer = await site.run('schedule', '--at', '2025-10-20T07:00:00Z', '--dry-run', '--json');
    expect(answer.code, answer.err).toBe(0);
    const report = JSON.parse(answer.out) as Record<string, unknown>;
    expect(report).toMatchObject({
      slot: '2025-10-20T07:00:00.000Z',
      next: '2025-10-27T08:00:00.000Z',
      decision: 'run',
      trigger: 'manual',
      schedulerStart: expect.stringMatching(/^2025-10-15T12:00:00\.\d{3}Z$/),
      issue: { id: '2025-W42', action: 'send', posts: 2, recipients: 2, status: 'not recorded', period: { range: '13 – 19 October 2025' } },
    });
    const late = JSON.parse((await site.run('schedule', '--at', '2025-10-29T08:00:00Z', '--dry-run', '--json')).out) as Record<string, unknown>;
    expect(late).toMatchObject({ slot: '2025-10-27T08:00:00.000Z', decision: 'run', issue: { id: '2025-W43', posts: 1 } });
    const quiet = JSON.parse((await site.run('schedule', '--at', '2025-11-05T09:00:00Z', '--dry-run', '--json')).out) as Record<string, unknown>;
    expect(quiet).toMatchObject({ slot: '2025-11-03T08:00:00.000Z', decision: 'run', issue: { action: 'nothing-new' } });
    expect((await site.run('status', '--json')).out).toContain('"runs": []');
  });

  it('runs the slot due at --at once: sends the roundup, records the run, and a second time does nothing', async () => {
    await site.run('schedule', '--at', '2025-10-15T12:00:00Z');
    const run = await site.run('schedule', '--at', '2025-10-20T07:00:00Z');
    expect(run.code, run.err).toBe(0);
    const log = events(run.out);
    for (const entry of log) expect(Object.keys(entry).slice(0, 3)).toEqual(['time', 'level', 'event']);
    expect(log.find((e) => e.event === 'run.finished')).toMatchObject({
      scheduledFor: '2025-10-20T07:00:00.000Z',
      outcome: 'sent',
      issueId: '2025-W42',
      counts: { new: 0, posts: 2, sent: 2, failed: 0 },
    });
    expect(await readdir(path.join(site.dir, 'out', 'outbox'))).toHaveLength(2);
    // the build wrote the web versions, the back catalogue's included
    expect(await readdir(path.join(site.dir, 'out', 'issues'))).toEqual(expect.arrayContaining(['2025-W42', '2025-W43']));

    const again = await site.run('schedule', '--at', '2025-10-20T07:00:30Z');
    expect(events(again.out).map((e) => e.event)).toEqual(['run.skipped']);
    expect(await readdir(path.join(site.dir, 'out', 'outbox'))).toHaveLength(2);
  });

  it('refuses a real run in the future, a bad time, and a daemon that is turned off', async () => {
    const future = await site.run('schedule', '--at', '2999-01-04T08:00:00Z');
    expect(future.code).toBe(2);
    expect(future.err).toMatch(/is in the future: .*add --dry-run/);
    const bad = await site.run('schedule', '--at', 'next monday');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--at next monday: not an ISO 8601 time/);
    await site.write('tidings.config.yaml', (await import('./site.js')).scheduleConfig({ enabled: false }));
    const off = await site.run('schedule');
    expect(off.code).toBe(2);
    expect(off.err).toMatch(/the scheduler is off \(schedule\.enabled: false/);
  });

  it('shows the next run, the last runs and the deliveries still pending', async () => {
    await site.run('schedule', '--at', '2025-10-15T12:00:00Z');
    await site.run('schedule', '--at', '2025-10-20T07:00:00Z');
    // an issue left half-sent (by a sender that stopped)
    const store = await openSqliteStore(path.join(site.dir, '.tidings', 'tidings.db'));
    try {
      await store.recordIssue({ id: '2025-W40', number: 1, subject: 'Half way' });
      await store.claimIssueForSending('2025-W40', 'crashed-sender');
      const ids = (await store.listSubscribers()).map((s) => s.id);
      await store.createDeliveries('2025-W40', ids);
    } finally {
      await store.close();
    }
    const status = await site.run('status');
    expect(status.code, status.err).toBe(0);
    expect(status.out).toContain('schedule: 0 8 * * 1 in Europe/London; catch-up window 7 days');
    expect(status.out).toMatch(/scheduler: first ran 2025-10-15T12:00:00\.\d{3}Z; roundups of periods that ended before then are the back catalogue/);
    expect(status.out).toMatch(/next run: Mon \d+ \w+ \d{4} 08:00:00 GMT(\+1)? \(\d{4}-\d\d-\d\dT0[78]:00:00\.000Z\), for \d{4}-W\d\d/);
    expect(status.out).toMatch(/last runs:\n {2}2025-10-20T07:00:00\.000Z {2}sent {12}2025-W42 {2}new 0, updated 0, sent 2, failed 0, unknown 0, pending 0 {2}\(manual, \d+ s\): 2025-W42: sent 2/);
    expect(status.out).toMatch(/pending deliveries:\n {2}2025-W40 \(sending, held by crashed-sender\): 2 pending, 0 in flight, 0 unknown, 0 sent of 2; `tidings send --issue 2025-W40` carries on$/m);

    const json = JSON.parse((await site.run('status', '--json', '--runs', '1')).out) as { runs: unknown[]; pending: unknown[]; next: { at: string } };
    expect(json.runs).toHaveLength(1);
    expect(json.pending).toHaveLength(1);
  });
});
