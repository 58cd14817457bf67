import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { Site } from '../helpers/site.js';
import { events, scheduleSite, tidings, type Child } from './site.js';

async function stop(child: Child): Promise<number | null> {
  child.child.kill('SIGTERM');
  return child.exited;
}

async function storedRuns(site: Site) {
  const store = await openSqliteStore(path.join(site.dir, '.tidings', 'tidings.db'));
  try {
    return await store.listRuns();
  } finally {
    await store.close();
  }
}

describe('the scheduler daemon on node-cron (real time, a per-second schedule)', () => {
  let site: Site;
  afterEach(() => site?.cleanup());

  it('tidings schedule ticks, runs and records each second, and stops cleanly on SIGTERM', async () => {
    site = await scheduleSite({ cron: '* * * * * *' });
    const daemon = tidings(site, ['schedule']);
    try {
      await daemon.waitFor(/"event":"scheduler\.started"/);
      const deadline = Date.now() + 20_000;
      while (events(daemon.out()).filter((e) => e.event === 'run.finished').length < 2 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      expect(await stop(daemon), daemon.err()).toBe(0);
    }
    const log = events(daemon.out());
    const finished = log.filter((e) => e.event === 'run.finished');
    expect(finished.length).toBeGreaterThanOrEqual(2);
    for (const run of finished) expect(run).toMatchObject({ outcome: 'nothing-new' });
    // one slot per second, each run once
    const slots = finished.map((e) => e.scheduledFor as string);
    expect(new Set(slots).size).toBe(slots.length);
    for (const slot of slots) expect(slot).toMatch(/T\d\d:\d\d:\d\d\.000Z$/);
    expect(log.map((e) => e.event).slice(-2)).toEqual(['scheduler.stopping', 'scheduler.stopped']);
    expect(log.find((e) => e.event === 'scheduler.stopping')).toMatchObject({ signal: 'SIGTERM' });
    for (const line of daemon.out().trim().split('\n')) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
    expect(daemon.err()).toBe('');

    const runs = await storedRuns(site);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs.every((run) => run.outcome === 'nothing-new' && run.trigger === 'scheduled')).toBe(true);
  });

  it('tidings start serves the site and runs the scheduler in one process; SIGTERM stops both', async () => {
    site = await scheduleSite({ cron: '* * * * * *' });
    expect((await site.run('build')).code).toBe(0);
    const start = tidings(site, ['start', '--port', '0']);
    try {
      const listening = JSON.parse(await start.waitFor(/"event":"server\.listening"/)) as { url: string };
      expect(listening.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect((await fetch(listening.url)).status).toBe(200);
      expect((await fetch(new URL('subscribe', listening.url))).status).toBe(200);
      await start.waitFor(/"event":"run\.finished"/);
      expect((await fetch(new URL('feed.xml', listening.url))).status).toBe(200);
    } finally {
      expect(await stop(start), start.err()).toBe(0);
    }
    const log = events(start.out());
    expect(log.map((e) => e.event)).toEqual(expect.arrayContaining(['server.listening', 'server.subscriptions', 'scheduler.started', 'run.finished', 'shutdown']));
    expect(log.at(-1)).toMatchObject({ event: 'stopped' });
    expect((await storedRuns(site)).length).toBeGreaterThanOrEqual(1);
  });
});
