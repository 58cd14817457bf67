import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app.js';
import { siteTemplates } from '../../src/app/templates.js';
import { buildSite } from '../../src/build/index.js';
import type { CliIO } from '../../src/cli/io.js';
import { defaultImportDeps } from '../../src/app/import-deps.js';
import { runImport } from '../../src/import/run-import.js';
import { openScheduling } from '../../src/cli/schedule.js';
import { statusReport } from '../../src/cli/status.js';
import { memoryLog, type LogEntry } from '../../src/schedule/log.js';
import type { Site } from '../helpers/site.js';
import { fakeClock, type FakeClock } from './harness.js';
import { scheduleSite, writePost } from './site.js';

// 2025-W42 is Monday 13 to Sunday 19 October 2025; the scheduler's slot for it is Monday 20 October 08:00 BST (07:00Z).
const SLOT = '2025-10-20T07:00:00.000Z';

function quietIO(site: Site): CliIO {
  return { cwd: site.dir, env: { PATH: process.env.PATH }, out: () => undefined, err: () => undefined, isTTY: false };
}

async function feedTitles(site: Site): Promise<string[]> {
  const feed = JSON.parse(await readFile(path.join(site.dir, 'out/feed.json'), 'utf8')) as { items: { title: string }[] };
  return feed.items.map((item) => item.title);
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** Every date a feed document states for itself (RSS lastBuildDate, Atom updated at the top). */
async function feedDates(site: Site): Promise<number[]> {
  const rss = await readFile(path.join(site.dir, 'out/feed.xml'), 'utf8');
  const atom = await readFile(path.join(site.dir, 'out/atom.xml'), 'utf8');
  const issues = await readFile(path.join(site.dir, 'out/issues/atom.xml'), 'utf8');
  const dates = [
    ...[...rss.matchAll(/<(?:lastBuildDate|pubDate)>([^<]+)</g)].map((m) => m[1] ?? ''),
    ...[...atom.matchAll(/<(?:updated|published)>([^<]+)</g)].map((m) => m[1] ?? ''),
    ...[...issues.matchAll(/<(?:updated|published)>([^<]+)</g)].map((m) => m[1] ?? ''),
  ];
  return dates.map((d) => Date.parse(d));
}

describe('a post written ahead: published by the first scheduler run after its date, on a fake clock', () => {
  let site: Site;
  let clock: FakeClock;
  let app: App;
  beforeEach(async () => {
    site = await scheduleSite();
    clock = fakeClock('2025-10-15T12:00:00Z');
    app = await openApp({ cwd: site.dir, env: { PATH: process.env.PATH }, now: clock.now });
    await app.store.upsertSubscribers([{ email: 'ann@example.org', name: 'Ann', status: 'active', themes: [] }]);
  });
  afterEach(async () => {
    await app.close();
    await site.cleanup();
  });

  it('stays out of feeds, pages and the roundup until its time, is listed as scheduled, then goes out with the roundup', async () => {
    await writePost(site, 'the-judge-and-the-court', '2025-10-14T10:00:00+01:00', 'The judge told the court what the court would do.');
    // written on Wednesday for Friday, and one for the week after
    await writePost(site, 'caseloads-on-friday', '2025-10-17T09:00:00+01:00', 'Caseloads are rising again, as Friday will tell.');
    await writePost(site, 'next-week-ahead', '2025-10-21T09:00:00+01:00', 'A post of the next week, written early.');
    // published on Monday, its file deleted before the run
    await writePost(site, 'taken-down-later', '2025-10-13T09:00:00+01:00', 'A post whose file goes before the run.');
    // published on Tuesday, expires on Saturday
    await site.write(
      'content/posts/offer.md',
      ['---', 'title: "Consultation open"', 'date: 2025-10-14T08:00:00+01:00', 'expiryDate: 2025-10-18T00:00:00+01:00', '---', 'The consultation closes on Friday night.', ''].join('\n'),
    );
    const log: LogEntry[] = [];
    const scheduling = await openScheduling(app, quietIO(site), memoryLog(clock.now, log), { allowInsecure: false }, clock.now);
    try {
      await scheduling.scheduler.start();
      // A build on Wednesday, as `tidings build` would make it then.
      await runImport(app.config.content.paths, defaultImportDeps(app, app.rootDir));
      const built = await buildSite({ store: app.store, config: app.config, outDir: path.join(site.dir, 'out'), issues: { rootDir: app.rootDir, templates: await siteTemplates(app.config, app.rootDir) }, now: clock.now() });
      expect(built.scheduled).toBe(2);
      expect(await feedTitles(site)).toEqual(['the judge and the court', 'Consultation open', 'taken down later']);
      await rm(path.join(site.dir, 'content/posts/taken-down-later.md'));
      expect(await exists(path.join(site.dir, 'out/posts/2025/10/caseloads-on-friday/index.html'))).toBe(false);
      for (const date of await feedDates(site)) expect(date).toBeLessThanOrEqual(clock.now().getTime());

      const status = await statusReport(app, 5);
      expect(status.scheduled.map((p) => [p.title, p.published])).toEqual([
        ['caseloads on friday', '2025-10-17T08:00:00Z'],
        ['next week ahead', '2025-10-21T08:00:00Z'],
      ]);

      // The slot after Friday: the run imports, builds with the clock's time, and sends the week with Friday's post in it.
      clock.set('2025-10-20T07:00:20Z');
      const report = await scheduling.scheduler.tick('cron');
      expect(report.action).toBe('ran');
      expect(report.run).toMatchObject({ scheduledFor: SLOT, outcome: 'sent', issueId: '2025-W42', counts: { posts: 2, sent: 1 } });
      expect(log.find((e) => e.event === 'run.imported')).toMatchObject({ scheduledFor: SLOT, withdrawn: 1 });
      expect(await feedTitles(site)).toEqual(['caseloads on friday', 'the judge and the court']);
      expect(await exists(path.join(site.dir, 'out/posts/2025/10/caseloads-on-friday/index.html'))).toBe(true);
      expect(await exists(path.join(site.dir, 'out/posts/2025/10/consultation-open/index.html'))).toBe(false);
      expect(await exists(path.join(site.dir, 'out/posts/2025/10/next-week-ahead/index.html'))).toBe(false);
      const outbox = await readdir(path.join(site.dir, 'out/outbox'));
      expect(outbox).toHaveLength(1);
      const message = await readFile(path.join(site.dir, 'out/outbox', outbox[0] ?? ''), 'utf8');
      expect(message).toContain('caseloads on friday');
      expect(message).not.toContain('next week ahead');
      expect(message).not.toContain('Consultation open');
      for (const date of await feedDates(site)) expect(date).toBeLessThanOrEqual(clock.now().getTime());
      expect((await statusReport(app, 5)).scheduled.map((p) => p.title)).toEqual(['next week ahead']);
    } finally {
      await scheduling.close();
    }
  });
});
