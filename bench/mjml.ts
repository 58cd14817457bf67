/**
 * Roundups rendered as a build renders them: every issue through
 * renderIssue and the sample recipient's personalisation, three ways:
 * each issue's MJML compiled whole on this thread (as before stencils),
 * compiled whole on worker threads ahead (render/ahead.ts), and joined
 * from stencil fragments (render/stencil.ts, the default). Each run is a
 * fresh process (as a build is: MJML cold, no fragment learned), runs
 * rotating, median of 5, CPU of every thread, and a check that all give
 * the same bytes (sha256 of every HTML and text part).
 * Posts: N weekly issues of one post a day (60 sentences each), or a
 * site's store (`--site DIR`: a folder with tidings.config.yaml, after
 * `tidings import`, e.g. a copy of the 10,000-post bench site).
 * Run: node --import tsx bench/mjml.ts [weeks=150] [workers=default] [--site DIR]
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import os from 'node:os';
import { openApp } from '../src/app.js';
import type { Config } from '../src/config/schema.js';
import { configSchema } from '../src/config/schema.js';
import { compileTemplates, personalise, planIssues, renderIssue, sampleValues } from '../src/digest/index.js';
import { loadTemplates } from '../src/build/load-templates.js';
import { compileAhead } from '../src/digest/render/ahead.js';
import { availableMjmlWorkers } from '../src/digest/render/mjml-pool.js';
import { stencilState } from '../src/digest/render/stencil.js';
import { livePosts } from '../src/model/post-state.js';
import type { Post } from '../src/model/post.js';
import { BENCH_THEMES, benchWeek } from './week.js';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const weeks = Number(args[0] ?? 150);
const workers = Math.max(1, Number(args[1] ?? availableMjmlWorkers()));
const siteAt = process.argv.indexOf('--site');
const site = siteAt === -1 ? undefined : process.argv[siteAt + 1];

type Mode = 'whole' | 'workers' | 'stencils';
const MODES: readonly Mode[] = ['whole', 'workers', 'stencils'];

function benchConfig(): Config {
  return configSchema.parse({
    site: { title: 'Bench blog', baseUrl: 'https://blog.example.org/', author: 'A. Writer', timeZone: 'Europe/London' },
    themes: BENCH_THEMES.map((slug) => ({ slug, name: slug.replace(/-/g, ' '), description: `Posts about ${slug.replace(/-/g, ' ')}` })),
    email: { from: 'Bench blog <roundup@blog.example.org>', postalAddress: '1 Example Street, London' },
  });
}

/** One post a day for `weeks` weeks, from 2010. */
function benchPosts(): Post[] {
  const base = benchWeek(7 * weeks, 60);
  return base.map((post, i) => {
    const published = new Date(Date.UTC(2010, 0, 4, 9) + i * 86_400_000).toISOString();
    return { ...post, id: `b${i}`, slug: `post-${i}`, url: `https://blog.example.org/posts/${i}/`, published, updated: published };
  });
}

async function corpus(): Promise<{ config: Config; posts: Post[]; rootDir: string }> {
  if (site === undefined) return { config: benchConfig(), posts: benchPosts(), rootDir: process.cwd() };
  const app = await openApp({ cwd: site, env: {} });
  const posts = livePosts(await app.store.listPosts(), new Date(), { future: false });
  await app.close();
  return { config: app.config, posts, rootDir: app.rootDir };
}

/** One run in this process; prints the milliseconds, the CPU and a hash of every part. */
async function child(mode: Mode): Promise<void> {
  const { config, posts, rootDir } = await corpus();
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  const templates = compileTemplates(await loadTemplates({ config, rootDir }));
  const issues = planIssues(posts, config).issues.filter((issue) => issue.postCount > 0);
  const ahead = compileAhead(issues, { config, templates }, mode === 'workers' ? workers : 0);
  const hash = createHash('sha256');
  try {
    for (const [i, issue] of issues.entries()) {
      const compiled = await ahead.ready(i);
      const rendered = renderIssue(issue, { config, templates, compiled, stencils: mode === 'stencils' });
      const sample = personalise(rendered, sampleValues(issue, config));
      hash.update(sample.html).update(sample.text);
    }
  } finally {
    await ahead.close();
  }
  const cpu = process.cpuUsage(cpu0);
  const state = stencilState(templates);
  console.log(JSON.stringify({ ms: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000, issues: issues.length, joined: state.joined, hash: hash.digest('hex') }));
}

interface Run {
  readonly ms: number;
  /** CPU of the whole process, every thread, from loading the templates on. */
  readonly cpuMs: number;
  readonly issues: number;
  readonly joined: number;
  readonly hash: string;
}

function run(mode: Mode): Run {
  const out = execFileSync(process.execPath, [...process.execArgv, process.argv[1] ?? 'bench/mjml.ts', ...process.argv.slice(2), `--child=${mode}`], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Run;
}

function main(): void {
  const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const runs = new Map<Mode, Run[]>(MODES.map((m) => [m, []]));
  const hashes = new Set<string>();
  for (let i = 0; i < 5; i++) {
    for (const mode of [...MODES.slice(i % 3), ...MODES.slice(0, i % 3)]) {
      const r = run(mode);
      runs.get(mode)?.push(r);
      hashes.add(r.hash);
    }
  }
  const issues = runs.get('whole')?.[0]?.issues ?? 0;
  const wholeCpu = median((runs.get('whole') ?? []).map((r) => r.cpuMs));
  console.log(`${issues} roundups (${site ?? `${7 * weeks} bench posts`}), ${os.availableParallelism()} cores, load ${os.loadavg()[0]?.toFixed(1)} at the end, Node ${process.version}`);
  console.log('| roundup HTML made by | wall, median of 5 (fresh process each) | per roundup | CPU, all threads | CPU vs whole | issues joined |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  const label: Record<Mode, string> = { whole: 'MJML compiled whole, this thread', workers: `MJML compiled whole, ${workers} worker thread(s) ahead`, stencils: 'stencil fragments (default)' };
  for (const mode of MODES) {
    const rs = runs.get(mode) ?? [];
    const ms = median(rs.map((r) => r.ms));
    const cpuMs = median(rs.map((r) => r.cpuMs));
    console.log(`| ${label[mode]} | ${(ms / 1000).toFixed(2)} s | ${(ms / issues).toFixed(1)} ms | ${(cpuMs / 1000).toFixed(2)} s | ${(cpuMs / wholeCpu).toFixed(2)} | ${rs[0]?.joined ?? 0} |`);
  }
  console.log(`same bytes: ${hashes.size === 1 ? 'yes' : 'NO'}; wall (ms): ${MODES.map((m) => `${m} ${(runs.get(m) ?? []).map((r) => Math.round(r.ms)).join(' ')}`).join('; ')}`);
}

const childArg = process.argv.find((a) => a.startsWith('--child='));
if (childArg === undefined) main();
else await child(childArg.slice('--child='.length) as Mode);
