import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { configSchema } from '../../src/config/schema.js';
import { cronSchedule } from '../../src/schedule/cron-schedule.js';
import { appSteps } from '../../src/app/schedule-steps.js';
import { memoryLog, type LogEntry } from '../../src/schedule/log.js';
import { createScheduler } from '../../src/schedule/scheduler.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/store.js';
import { startHub } from '../build/helpers.js';
import { fakeClock, SENT } from './harness.js';

describe('the scheduler and WebSub notices a build could not give', () => {
  let store: Store;
  afterEach(() => store?.close());

  it('sends them at the next minute tick, once the hub takes them; a failure alike is logged once', async () => {
    const hub = await startHub(503);
    store = await openSqliteStore(':memory:');
    const config = configSchema.parse({ site: { baseUrl: 'https://example.org/' }, feeds: { hub: hub.url }, schedule: { cron: '0 8 * * 1' } });
    const url = 'https://example.org/archive/atom-1.xml';
    await store.keepHubNotices(hub.url, [{ url, error: 'the hub did not answer' }]);
    const app: Pick<App, 'config' | 'store' | 'rootDir' | 'now'> = { config, rootDir: '/nonexistent', store, now: () => new Date() };
    const clock = fakeClock('2024-05-01T10:00:00Z');
    const entries: LogEntry[] = [];
    const scheduler = createScheduler({
      store,
      config,
      schedule: cronSchedule(config.schedule.cron, config.site.timeZone),
      steps: appSteps(app, async () => SENT),
      now: clock.now,
      owner: 'test',
      log: memoryLog(clock.now, entries),
    });
    try {
      await scheduler.start();
      for (let i = 0; i < 3; i++) {
        clock.advance(60_000);
        await scheduler.tick('watch');
        await scheduler.idle();
      }
      // The hub refused three times: one warning (the new error), the notice still kept, three more attempts counted.
      expect(hub.notices.map((n) => n.form.get('hub.url'))).toEqual([url, url, url]);
      expect(entries.filter((e) => e.event === 'websub.failed')).toHaveLength(1);
      expect((await store.keptHubNotices())[0]?.attempts).toBe(4);

      hub.setStatus(204);
      clock.advance(60_000);
      await scheduler.tick('watch');
      await scheduler.idle();
      expect(entries.filter((e) => e.event === 'websub.notified')).toEqual([expect.objectContaining({ documents: 1, urls: [url] })]);
      expect(await store.keptHubNotices()).toEqual([]);

      hub.notices.length = 0;
      clock.advance(60_000);
      await scheduler.tick('watch');
      await scheduler.idle();
      expect(hub.notices).toEqual([]);
    } finally {
      await hub.close();
    }
  });
});
