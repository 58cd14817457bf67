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
 * identical too.
 * Run: nice node --import tsx bench/plan.ts [posts] [runs] [--against <checkout>]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../src/config/schema.js';
import { configSchema } from '../src/config/schema.js';
import type { PeriodKind } from '../src/digest/model.js';
import { periodKeysAt } from '../src/digest/periods.js';
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
        sourceFiles: new Map([['content/bench.txt', 'bench']]),
        counts: { new: n, updated: 0, merged: 0, unchanged: 0, rejected: 0, skipped: 0 },
        diagnostics: [],
      });
      const cfg = config(period);
      const keys = await msAsync(() => store.refreshPeriodKeys(cfg.site.timeZone, periodKeysAt));
      let posts: Post[] = [];
      const read = await msAsync(async () => (posts = await store.listPosts()));
      const bare = posts.map((post) => ({ ...post }));
      const oldRuns: number[] = [];
      const newRuns: number[] = [];
      const beforeRuns: number[] = [];
      let issues = 0;
      for (let run = 0; run < runs + 1; run += 1) {
        // alternating, the first round a warm-up
        const o = ms(() => planIssues(bare, cfg));
        const f = ms(() => (issues = planIssues(posts, cfg).issues.length));
        const b = before === undefined ? Number.NaN : ms(() => before(posts, cfg));
        if (run > 0) {
          oldRuns.push(o);
          newRuns.push(f);
          beforeRuns.push(b);
        }
      }
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
  console.log(`planIssues, median of ${runs} alternating runs (ms); Node ${process.version}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB`);
  console.log('');
  const wasHead = before === undefined ? '' : ` ${against ?? ''} (ms) |`;
  console.log(`| corpus | issues |${wasHead} per post, no keys (ms) | stored keys (ms) | speed-up | keys worked out, once (ms) | listPosts with keys (ms) | plans identical |`);
  console.log(`| --- | ---: |${before === undefined ? '' : ' ---: |'} ---: | ---: | ---: | ---: | ---: | --- |`);
  for (const row of rows) console.log(row);
}

await main();
