import { afterEach, describe, expect, it } from 'vitest';
import type { SendOutcome } from '../../src/schedule/steps.js';
import { makeHarness, SENT, type Harness } from './harness.js';

// October 2025 in Europe/London: British Summer Time ends on Sunday 26 October.
// ISO weeks: 2025-W42 is Monday 13 to Sunday 19 October, W43 is 20 to 26, W44 from 27.
const W42_POSTS = ['2025-10-14T10:00:00Z', '2025-10-16T18:30:00Z'];
const W43_POSTS = ['2025-10-21T09:00:00Z', '2025-10-23T12:00:00Z'];

describe('the scheduler, on a fake clock', () => {
  let h: Harness;
  afterEach(() => h?.close());

  const runs = async () =>
    (await h.store.listRuns()).map((run) => ({ scheduledFor: run.scheduledFor, startedAt: run.startedAt, outcome: run.outcome, issueId: run.issueId, trigger: run.trigger }));

  it('runs Monday 08:00 at 07:00Z in summer time and at 08:00Z after the clocks go back, each on the minute', async () => {
    h = await makeHarness({ start: '2025-10-15T12:00:00Z' });
    await h.addPosts(...W42_POSTS, ...W43_POSTS);
    const scheduler = h.scheduler();
    expect((await scheduler.start()).action).toBe('before-start');
    await h.tickUntil(scheduler, '2025-10-27T09:00:00Z');
    expect(await runs()).toEqual([
      { scheduledFor: '2025-10-27T08:00:00.000Z', startedAt: '2025-10-27T08:00:00.000Z', outcome: 'sent', issueId: '2025-W43', trigger: 'scheduled' },
      { scheduledFor: '2025-10-20T07:00:00.000Z', startedAt: '2025-10-20T07:00:00.000Z', outcome: 'sent', issueId: '2025-W42', trigger: 'scheduled' },
    ]);
    expect(h.sends).toEqual(['2025-W42', '2025-W43']);
  });

  it('runs at 08:00Z before the clocks go forward and at 07:00Z after (30 March 2025)', async () => {
    h = await makeHarness({ start: '2025-03-20T00:00:00Z' });
    const scheduler = h.scheduler();
    await scheduler.start();
    await h.tickUntil(scheduler, '2025-03-31T09:00:00Z');
    expect((await runs()).map((run) => run.startedAt)).toEqual(['2025-03-31T07:00:00.000Z', '2025-03-24T08:00:00.000Z']);
  });

  it('runs a daily 01:30 once on the night 01:30 does not exist (30 March 2025): at 02:30 BST, 01:30Z', async () => {
    h = await makeHarness({ start: '2025-03-28T12:00:00Z', cron: '30 1 * * *', period: 'daily' });
    await h.addPosts('2025-03-28T10:00:00Z', '2025-03-29T10:00:00Z');
    const scheduler = h.scheduler();
    await scheduler.start();
    await h.tickUntil(scheduler, '2025-03-31T03:00:00Z');
    expect(await runs()).toEqual([
      { scheduledFor: '2025-03-31T00:30:00.000Z', startedAt: '2025-03-31T00:30:00.000Z', outcome: 'nothing-new', issueId: null, trigger: 'scheduled' },
      { scheduledFor: '2025-03-30T01:30:00.000Z', startedAt: '2025-03-30T01:30:00.000Z', outcome: 'sent', issueId: '2025-03-29', trigger: 'scheduled' },
      { scheduledFor: '2025-03-29T01:30:00.000Z', startedAt: '2025-03-29T01:30:00.000Z', outcome: 'sent', issueId: '2025-03-28', trigger: 'scheduled' },
    ]);
  });

  it('runs a daily 01:30 once on the night 01:30 happens twice (26 October 2025): the first time', async () => {
    h = await makeHarness({ start: '2025-10-25T12:00:00Z', cron: '30 1 * * *', period: 'daily' });
    const scheduler = h.scheduler();
    await scheduler.start();
    await h.tickUntil(scheduler, '2025-10-26T04:00:00Z');
    expect((await runs()).map((run) => run.startedAt)).toEqual(['2025-10-26T00:30:00.000Z']);
  });

  it('catches up a run missed while it was down, once, at start', async () => {
    h = await makeHarness({ start: '2025-10-15T12:00:00Z' });
    await h.addPosts(...W42_POSTS);
    const first = h.scheduler();
    await first.start();
    await h.tickUntil(first, '2025-10-17T12:00:00Z');
    // down from Friday 17 to Wednesday 22: the Monday 20 run was missed
    h.clock.set('2025-10-22T10:00:00Z');
    const restarted = h.scheduler();
    const report = await restarted.start();
    expect(report).toMatchObject({ action: 'ran', slot: '2025-10-20T07:00:00.000Z', run: { outcome: 'sent', trigger: 'catch-up', issueId: '2025-W42' } });
    expect(report.run?.startedAt).toBe('2025-10-22T10:00:00.000Z');
    await h.tickUntil(restarted, '2025-10-22T12:00:00Z');
    expect((await h.scheduler().start()).action).toBe('taken');
    expect(h.sends).toEqual(['2025-W42']);
    expect(h.log.filter((entry) => entry.event === 'run.catch-up')).toHaveLength(1);
  });

  it('does not send a missed run found later than the catch-up window, and records it as expired', async () => {
    h = await makeHarness({ start: '2025-10-15T12:00:00Z', catchUpDays: 1 });
    await h.addPosts(...W42_POSTS, ...W43_POSTS);
    await h.scheduler().start();
    // a snapshot restored two days after the Monday run
    h.clock.set('2025-10-22T10:00:00Z');
    const restarted = h.scheduler();
    expect(await restarted.start()).toMatchObject({ action: 'expired', run: { outcome: 'expired', scheduledFor: '2025-10-20T07:00:00.000Z' } });
    expect(h.log.find((entry) => entry.event === 'run.expired')).toMatchObject({ level: 'warn', lateByMs: 51 * 3600_000 });
    expect((await h.scheduler().start()).action).toBe('taken');
    expect(h.sends).toEqual([]);
    // the next week goes out as usual, and the expired week never does
    await h.tickUntil(restarted, '2025-10-27T09:00:00Z');
    expect(h.sends).toEqual(['2025-W43']);
  });

  it('does not send an issue that was sent already', async () => {
    h = await makeHarness({ start: '2025-10-15T12:00:00Z' });
    await h.addPosts(...W42_POSTS);
    await h.store.recordIssue({ id: '2025-W42', number: 1, subject: 'by hand' });
    await h.store.claimIssueForSending('2025-W42', 'tidings send');
    await h.store.finishIssue('2025-W42', 'tidings send');
    const scheduler = h.scheduler();
    await scheduler.start();
    await h.tickUntil(scheduler, '2025-10-20T08:00:00Z');
    expect(await runs()).toMatchObject([{ outcome: 'already-sent', issueId: '2025-W42' }]);
    expect(h.sends).toEqual([]);
  });

  it('sends nothing for a week without posts, and says so', async () => {
    h = await makeHarness({ start: '2025-10-08T12:00:00Z' });
    await h.addPosts('2025-10-08T10:00:00Z'); // 2025-W41
    const scheduler = h.scheduler();
    await scheduler.start();
    await h.tickUntil(scheduler, '2025-10-20T08:00:00Z');
    expect(await runs()).toMatchObject([
      { scheduledFor: '2025-10-20T07:00:00.000Z', outcome: 'nothing-new', issueId: null },
      { scheduledFor: '2025-10-13T07:00:00.000Z', outcome: 'sent', issueId: '2025-W41' },
    ]);
    expect(h.sends).toEqual(['2025-W41']);
    expect(h.log.find((entry) => entry.event === 'run.nothing-new')).toMatchObject({ detail: 'nothing new: no posts in 2025-W42 (13 – 19 October 2025)' });
  });

  it('never mails the back catalogue: the first run sends the week that ended after the scheduler first started, and nothing older', async () => {
    h = await makeHarness({ start: '2025-10-22T12:00:00Z' });
    const years = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2019, 0, 7 + i * 7, 9)).toISOString());
    await h.addPosts(...years, ...W42_POSTS, ...W43_POSTS);
    const scheduler = h.scheduler();
    await scheduler.start();
    await h.tickUntil(scheduler, '2025-11-10T09:00:00Z', 5 * 60_000);
    expect(h.sends).toEqual(['2025-W43']);
    expect((await runs()).map((run) => run.outcome)).toEqual(['nothing-new', 'nothing-new', 'sent']);
  });

  it('archives, not mails, the issue of a first run at the very moment the scheduler first starts', async () => {
    h = await makeHarness({ start: '2025-10-20T07:00:00Z' });
    await h.addPosts(...W42_POSTS);
    const report = await h.scheduler().tick('manual');
    expect(report.run).toMatchObject({ outcome: 'back-catalogue', issueId: '2025-W42', trigger: 'manual' });
    expect(report.run?.detail).toMatch(/back catalogue, archived on the web, not mailed/);
    expect(h.sends).toEqual([]);
  });

  it('starts no second run while one is going, in this process or another on the same store', async () => {
    h = await makeHarness({ start: '2025-10-15T12:00:00Z' });
    await h.addPosts(...W42_POSTS);
    let release!: () => void;
    let reached!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sending = new Promise<void>((resolve) => (reached = resolve));
    h.sendWith(async () => {
      reached();
      await gate;
      return SENT;
    });
    const one = h.scheduler('one');
    const two = h.scheduler('two');
    await one.start();
    await two.start();
    h.clock.set('2025-10-20T07:00:00Z');
    const running = one.tick('cron');
    await sending;
    expect(one.busy()).toBe(true);
    h.clock.set('2025-10-20T07:00:01Z');
    expect(await one.tick('cron')).toEqual({ action: 'busy' });
    expect(await two.tick('cron')).toMatchObject({ action: 'taken', run: { outcome: 'running', owner: 'one' } });
    release();
    expect(await running).toMatchObject({ action: 'ran', run: { outcome: 'sent' } });
    await h.tickUntil(one, '2025-10-20T08:00:00Z');
    await h.tickUntil(two, '2025-10-20T09:00:00Z');
    expect(h.sends).toEqual(['2025-W42']);
    expect(h.log.filter((entry) => entry.event === 'run.overlap')).toHaveLength(1);
  });

  it('takes over a run whose process died, once its hold lapses, and finishes it', async () => {
    h = await makeHarness({ start: '2025-10-15T12:00:00Z' });
    await h.addPosts(...W42_POSTS);
    const survivor = h.scheduler('survivor');
    await survivor.start();
    // another process took the Monday run, then died (kill -9): its hold lasts 10 minutes
    await h.store.claimRun('2025-10-20T07:00:00Z', 'dead', { trigger: 'scheduled', now: '2025-10-20T07:00:00Z', leaseMs: 10 * 60_000 });
    await h.tickUntil(survivor, '2025-10-20T07:10:00Z');
    expect(h.sends).toEqual([]);
    await h.tickUntil(survivor, '2025-10-20T07:12:00Z');
    expect(await h.store.getRun('2025-10-20T07:00:00Z')).toMatchObject({ outcome: 'sent', attempts: 2, trigger: 'catch-up', startedAt: '2025-10-20T07:11:00.000Z' });
    expect(h.sends).toEqual(['2025-W42']);
  });

  it('records a failed run with its causes, and tries it again 5 minutes later', async () => {
    h = await makeHarness({ start: '2025-10-15T12:00:00Z' });
    await h.addPosts(...W42_POSTS);
    let calls = 0;
    h.sendWith(async (): Promise<SendOutcome> => {
      calls++;
      if (calls === 1) throw new Error('connection refused', { cause: new Error('ECONNREFUSED 127.0.0.1:25') });
      return SENT;
    });
    const scheduler = h.scheduler();
    await scheduler.start();
    await h.tickUntil(scheduler, '2025-10-20T07:00:00Z');
    expect(await h.store.getRun('2025-10-20T07:00:00Z')).toMatchObject({
      outcome: 'failed',
      issueId: '2025-W42',
      detail: 'send failed: connection refused: ECONNREFUSED 127.0.0.1:25',
    });
    expect(h.log.find((entry) => entry.event === 'run.step-failed')).toMatchObject({
      level: 'error',
      step: 'send',
      error: { message: 'connection refused', cause: { message: 'ECONNREFUSED 127.0.0.1:25' } },
    });
    await h.tickUntil(scheduler, '2025-10-20T07:04:00Z');
    expect(calls).toBe(1);
    await h.tickUntil(scheduler, '2025-10-20T07:06:00Z');
    expect(await h.store.getRun('2025-10-20T07:00:00Z')).toMatchObject({ outcome: 'sent', attempts: 2, startedAt: '2025-10-20T07:05:00.000Z' });
    expect(calls).toBe(2);
  });

  it('records what each run did', async () => {
    h = await makeHarness({ start: '2025-10-15T12:00:00Z' });
    await h.addPosts(...W42_POSTS);
    const scheduler = h.scheduler();
    await scheduler.start();
    await h.tickUntil(scheduler, '2025-10-20T07:00:00Z');
    const [run] = await h.store.listRuns();
    expect(run).toMatchObject({ outcome: 'sent', finishedAt: '2025-10-20T07:00:00.000Z', detail: '2025-W42: sent 2, failed 0, unknown 0, pending 0' });
    expect(run?.counts).toMatchObject({ posts: 2, sent: 2, failed: 0 });
    const events = h.log.filter((entry) => entry.scheduledFor === '2025-10-20T07:00:00.000Z').map((entry) => entry.event);
    expect(events).toEqual(['run.started', 'run.imported', 'run.built', 'run.sending', 'run.sent', 'run.finished']);
    for (const entry of h.log) expect(Object.keys(entry).slice(0, 3)).toEqual(['time', 'level', 'event']);
  });
});
