/**
 * Roundup email files of a build: `emailFiles` of N weekly issues (one post
 * a day, 60 sentences each), every issue rendered, with the MJML compiled on
 * this thread only and with it compiled ahead on worker threads (see
 * src/digest/render/ahead.ts). Each run is a fresh process (as a build is:
 * MJML cold on every thread), runs alternating, median of 5, and a check
 * that both give the same bytes.
 * Run: node --import tsx bench/mjml.ts [weeks=150] [workers=default]
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import os from 'node:os';
import { configSchema } from '../src/config/schema.js';
import { compileTemplates } from '../src/digest/index.js';
import { loadTemplates } from '../src/build/load-templates.js';
import { planIssueOutputs } from '../src/build/issue-outputs.js';
import { availableMjmlWorkers } from '../src/digest/render/mjml-pool.js';
import type { Post } from '../src/model/post.js';
import { BENCH_THEMES, benchWeek } from './week.js';

const weeks = Number(process.argv[2] ?? 150);
const workers = Number(process.argv[3] ?? availableMjmlWorkers());

const config = configSchema.parse({
  site: { title: 'Bench blog', baseUrl: 'https://blog.example.org/', author: 'A. Writer', timeZone: 'Europe/London' },
  themes: BENCH_THEMES.map((slug) => ({ slug, name: slug.replace(/-/g, ' '), description: `Posts about ${slug.replace(/-/g, ' ')}` })),
  email: { from: 'Bench blog <roundup@blog.example.org>', postalAddress: '1 Example Street, London' },
});

/** One post a day for `weeks` weeks, from 2010. */
function posts(): Post[] {
  const base = benchWeek(7 * weeks, 60);
  return base.map((post, i) => {
    const published = new Date(Date.UTC(2010, 0, 4, 9) + i * 86_400_000).toISOString();
    return { ...post, id: `b${i}`, slug: `post-${i}`, url: `https://blog.example.org/posts/${i}/`, published, updated: published };
  });
}

/** One run in this process: the email files of every issue; prints the milliseconds and a hash of every email.html. */
async function child(mjmlWorkers: number): Promise<void> {
  const start = performance.now();
  const templates = compileTemplates(await loadTemplates({ config, rootDir: process.cwd() }));
  const outputs = planIssueOutputs(posts(), config, templates, new Map(), { mjmlWorkers });
  const hash = createHash('sha256');
  for await (const file of outputs.emailFiles(() => undefined)) if (file.path.endsWith('email.html')) hash.update(file.content);
  const cpu = process.cpuUsage();
  console.log(JSON.stringify({ ms: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000, issues: outputs.issues.length, hash: hash.digest('hex') }));
}

interface Run {
  readonly ms: number;
  /** CPU of the whole process, every thread. */
  readonly cpuMs: number;
  readonly issues: number;
  readonly hash: string;
}

function run(mjmlWorkers: number): Run {
  const out = execFileSync(process.execPath, [...process.execArgv, process.argv[1] ?? 'bench/mjml.ts', String(weeks), String(workers), `--child=${mjmlWorkers}`], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Run;
}

function main(): void {
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const one: number[] = [];
  const many: number[] = [];
  const cpu: Record<string, number[]> = { one: [], many: [] };
  const hashes = new Set<string>();
  let issues = 0;
  for (let i = 0; i < 5; i++) {
    for (const w of i % 2 === 0 ? [0, workers] : [workers, 0]) {
      const r = run(w);
      (w === 0 ? one : many).push(r.ms);
      cpu[w === 0 ? 'one' : 'many']?.push(r.cpuMs);
      hashes.add(r.hash);
      issues = r.issues;
    }
  }
  console.log(`${issues} roundups (${7 * weeks} posts), ${os.availableParallelism()} cores, load ${os.loadavg()[0]?.toFixed(1)} at the end, Node ${process.version}`);
  console.log(`| MJML compiled on | wall, median of 5 (fresh process each) | per roundup | CPU, all threads |`);
  console.log(`| --- | ---: | ---: | ---: |`);
  console.log(`| this thread only | ${(median(one) / 1000).toFixed(2)} s | ${(median(one) / issues).toFixed(1)} ms | ${(median(cpu.one ?? []) / 1000).toFixed(2)} s |`);
  console.log(`| ${workers} worker thread(s), ahead | ${(median(many) / 1000).toFixed(2)} s | ${(median(many) / issues).toFixed(1)} ms | ${(median(cpu.many ?? []) / 1000).toFixed(2)} s |`);
  console.log(`same bytes: ${hashes.size === 1 ? 'yes' : 'NO'}; runs (ms): one ${one.map(Math.round).join(' ')}; workers ${many.map(Math.round).join(' ')}`);
}

const childArg = process.argv.find((a) => a.startsWith('--child='));
if (childArg === undefined) main();
else await child(Number(childArg.slice('--child='.length)));
