/**
 * Issue planning benchmark: planIssues on 10,000 stored posts, the old path
 * (every post placed through luxon: periodOf, dayRange, displayDate) next
 * to the new one (posts read from the store carry their period keys, so a
 * period and a day are worded once), in the same run, on the same posts,
 * alternating, with the plans checked identical. Also timed: working the
 * keys out for every post (what an import or a zone change pays, once) and
 * reading the posts with their keys. With `--against <checkout>`, that
 * checkout's planIssues (src/digest/plan.ts, e.g. a tree from before the
 * keys) runs on the same posts in the same rounds, and its plan is checked
 * identical too. Each round reads the posts afresh (untimed) and plans
 * them twice with one config of its own, as a build does (issue numbers,
 * then outputs): an excerpt or a period made by the first plan is used again
 * by the second, never across rounds.
 * A second table times the stages issue 19 took off luxon and the
 * quadratic cut, old against new on the same posts, outputs checked equal.
 * Run: nice node --import tsx bench/plan.ts [posts] [runs] [--against <checkout>]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../src/config/schema.js';
import { configSchema } from '../src/config/schema.js';
import type { PeriodKind } from '../src/digest/model.js';
import { cutAt } from '../src/digest/excerpt-cut.js';
import { periodKeysAt } from '../src/digest/periods.js';
import { cleanText } from '../src/feeds/xml-text.js';
import { postUrl, postUrlByLuxon } from '../src/normalise/url.js';
import { displayDate, displayDateByLuxon } from '../src/text/display-date.js';
import { cutAt as cutAtV1 } from '../test/digest/reference/excerpt-cut-v1.js';
import { planIssues } from '../src/digest/plan.js';
import type { IssuePlan } from '../src/digest/model.js';
import type { Post } from '../src/model/post.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import { BENCH_THEMES } from './week.js';

const HOUR = 3_600_000;

function config(period: PeriodKind): Config {
  return configSchema.parse({
    site: { title: 'Bench blog', baseUrl: 'https://blog.example.org/', author: 'A. Writer', timeZone: 'Europe/London' },
    themes: BENCH_THEMES.map((slug) => ({ slug, name: slug.replace(/-/g, ' '), description: `Posts about ${slug.replace(/-/g, ' ')}` })),
    email: { from: 'Bench blog <roundup@blog.example.org>', postalAddress: '1 Example Street, London' },
    digest: { period },
  });
}

/** `n` short posts from 2010, `gapHours` apart, one theme each. */
function corpus(n: number, gapHours: number): Post[] {
  return Array.from({ length: n }, (_, i) => {
    const published = new Date(Date.UTC(2010, 0, 1, 9) + i * gapHours * HOUR).toISOString().replace('.000Z', 'Z');
    const text = `Post ${i} is about the council, its social workers and the children in its care. `.repeat(4);
    return {
      id: `plan-${i}`,
      slug: `post-${i}`,
      url: `https://blog.example.org/posts/post-${i}/`,
      title: `Post ${i}`,
      titleDerived: false,
      published,
      updated: published,
      sequence: 0,
      author: 'A. Writer',
      html: `<p>${text}</p>`,
      text,
      summary: text.slice(0, 280),
      wordCount: 64,
      readingMinutes: 1,
      themes: [BENCH_THEMES[i % BENCH_THEMES.length] ?? 'workforce'],
      tags: [],
      sources: [{ file: 'content/bench.txt', format: 'text-export', line: i + 1, slot: `slot-${i}`, hash: `h${i}` }],
      fingerprint: `plan ${i}`,
    };
  });
}

function ms(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

async function msAsync(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const fmt = (n: number): string => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

type Plan = (posts: readonly Post[], config: Config) => IssuePlan;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--against');
  const against = at >= 0 ? args.splice(at, 2)[1] : undefined;
  // Another checkout's planIssues: the same shapes, typed by this one.
  const before = against === undefined ? undefined : ((await import(path.resolve(against, 'src/digest/plan.ts'))) as { planIssues: Plan }).planIssues;
  const n = Number(args[0] ?? 10_000);
  const runs = Number(args[1] ?? 5);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tidings-bench-plan-'));
  const rows: string[] = [];
  const stages: string[] = [];
  try {
    for (const [label, gap, period] of [
      ['7 h apart', 7, 'weekly'],
      ['one a day', 24, 'weekly'],
      ['one a day', 24, 'daily'],
      ['one a day', 24, 'monthly'],
    ] as const) {
      const store = await openSqliteStore(path.join(dir, `${gap}-${period}.db`));
      await store.applyImport({
        startedAt: '2026-12-01T00:00:00Z',
        upsert: corpus(n, gap),
        sourceFiles: new Map([['content/bench.txt', { hash: 'bench' }]]),
        counts: { new: n, updated: 0, merged: 0, unchanged: 0, rejected: 0, skipped: 0 },
        diagnostics: [],
      });
      const cfg = config(period);
      const keys = await msAsync(() => store.refreshPeriodKeys(cfg.site.timeZone, periodKeysAt));
      let posts: Post[] = [];
      const read = await msAsync(async () => (posts = await store.listPosts()));
      const oldRuns: number[] = [];
      const newRuns: number[] = [];
      const beforeRuns: number[] = [];
      let issues = 0;
      // A build plans twice, on the same posts: the numbers, then the outputs.
      const twice = (plan: Plan, list: readonly Post[], build: Config): number => {
        plan(list, build);
        return plan(list, build).issues.length;
      };
      for (let run = 0; run < runs + 1; run += 1) {
        // alternating, the first round a warm-up; fresh posts each round (not timed)
        const bare = (await store.listPosts()).map((post) => ({ ...post }));
        const fresh = await store.listPosts();
        const forBefore = before === undefined ? [] : await store.listPosts();
        // A config of its own per build, as each `tidings build` loads one: nothing remembered across rounds.
        const o = ms(() => twice(planIssues, bare, { ...cfg }));
        const f = ms(() => (issues = twice(planIssues, fresh, { ...cfg })));
        const b = before === undefined ? Number.NaN : ms(() => twice(before, forBefore, { ...cfg }));
        if (run > 0) {
          oldRuns.push(o);
          newRuns.push(f);
          beforeRuns.push(b);
        }
      }
      const bare = posts.map((post) => ({ ...post }));
      if (period === 'weekly' && gap === 7) stages.push(...stageRows(posts, cfg, runs));
      const same = JSON.stringify(planIssues(bare, cfg)) === JSON.stringify(planIssues(posts, cfg));
      if (!same) throw new Error(`the plans differ (${label}, ${period})`);
      if (before !== undefined && JSON.stringify(before(posts, cfg)) !== JSON.stringify(planIssues(posts, cfg))) {
        throw new Error(`the plan differs from ${against ?? ''}'s (${label}, ${period})`);
      }
      const [o, f] = [median(oldRuns), median(newRuns)];
      const was = before === undefined ? '' : ` ${fmt(median(beforeRuns))} |`;
      rows.push(`| ${n.toLocaleString('en')} posts ${label}, ${period} | ${issues.toLocaleString('en')} |${was} ${fmt(o)} | ${fmt(f)} | ${((before === undefined ? o : median(beforeRuns)) / f).toFixed(1)}x | ${fmt(keys)} | ${fmt(read)} | yes |`);
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log(`planIssues twice (a build), median of ${runs} alternating runs (ms); Node ${process.version}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB`);
  console.log('');
  const wasHead = before === undefined ? '' : ` ${against ?? ''} (ms) |`;
  console.log(`| corpus | issues |${wasHead} per post, no keys: two plans (ms) | stored keys: two plans (ms) | speed-up | keys worked out, once (ms) | listPosts with keys (ms) | plans identical |`);
  console.log(`| --- | ---: |${before === undefined ? '' : ' ---: |'} ---: | ---: | ---: | ---: | ---: | --- |`);
  for (const row of rows) console.log(row);
  console.log('');
  console.log(`Stages, old against new on the same ${n.toLocaleString('en')} posts (7 h apart), median of ${runs} alternating runs (ms)`);
  console.log('');
  console.log('| stage | old (ms) | new (ms) | speed-up | outputs identical |');
  console.log('| --- | ---: | ---: | ---: | --- |');
  for (const row of stages) console.log(row);
}

/** The excerpt cut (quadratic before), displayDate and postUrl (luxon before), each over every post, old and new alternating. */
function stageRows(posts: readonly Post[], cfg: Config, runs: number): string[] {
  const max = cfg.digest.excerptLength;
  const texts = posts.map((post) => {
    const text = post.text.trim() ? post.text : post.summary;
    return { text: cleanText(text.slice(0, max * 8)), more: text.length > max * 8 };
  });
  const { baseUrl, timeZone } = cfg.site;
  const stagesOf: [string, () => string[], () => string[]][] = [
    ['excerpt cut (cutAt)', () => texts.map((t) => JSON.stringify(cutAtV1(t.text, max, t.more))), () => texts.map((t) => JSON.stringify(cutAt(t.text, max, t.more)))],
    ['displayDate', () => posts.map((p) => displayDateByLuxon(p.published, cfg)), () => posts.map((p) => displayDate(p.published, cfg))],
    ['postUrl (archive address)', () => posts.map((p) => postUrlByLuxon(baseUrl, p.published, p.slug, timeZone)), () => posts.map((p) => postUrl(baseUrl, p.published, p.slug, timeZone))],
  ];
  return stagesOf.map(([label, old, fresh]) => {
    const same = JSON.stringify(old()) === JSON.stringify(fresh());
    if (!same) throw new Error(`${label}: old and new differ`);
    const o: number[] = [];
    const f: number[] = [];
    for (let run = 0; run < runs + 1; run += 1) {
      const a = ms(old);
      const b = ms(fresh);
      if (run > 0) {
        o.push(a);
        f.push(b);
      }
    }
    return `| ${label} | ${fmt(median(o))} | ${fmt(median(f))} | ${(median(o) / median(f)).toFixed(1)}x | yes |`;
  });
}

await main();
