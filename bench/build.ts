/**
 * Build benchmark (issue 19): tidings' `import` + `build` head to head with Hugo and Eleventy in the same run,
 * on generated corpora of 1,000, 10,000 and 50,000 posts (7 hours apart from 2010, one tag each, ~2 KB of
 * Markdown; bench/generate.ts). Hugo and Eleventy build every page and a full-content feed of every post;
 * tidings runs cold (new store, no output), warm (nothing changed) and after one new post. Each case is a
 * whole process (wall time, peak RSS through /usr/bin/time); the median of `--rounds` runs (3), the tools
 * alternating within a round and each round starting with the next tool. A round is repeated only while
 * the time budget lasts (`--budget-s`, every size gets at least one round); a row run fewer times says so.
 * Prints markdown: the head-to-head table, tidings' scaling table, and the targets met or missed.
 *
 * Run: npm run build && node --import tsx bench/build.ts [--quick] [--sizes 1000,10000,50000] [--rounds 3] [--budget-s 420]
 * Needs Debian's `hugo` (apt-get install -y hugo) and GNU time (/usr/bin/time); installs bench/peers itself.
 */
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildTable, CASES, medianRun, roundOrder, scalingTable, sequence, targetsTable, verdicts, type CaseName, type Run, type SizeResult } from './build-table.js';
import { addPost, clean, COMMANDS, eleventy, ensurePeers, hugo, hugoVersion, missingTools, outputSize, prepareSites, tidingsBuild, tidingsImport, tidingsStartup, type Sites } from './build-sites.js';
import { haveTime, measure } from './measure.js';

function options(argv: readonly string[]): { quick: boolean; sizes: number[]; rounds: number; budgetS: number } {
  const quick = argv.includes('--quick');
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sizes = (value('sizes') ?? (quick ? '1000' : '1000,10000,50000')).split(',').map(Number);
  const rounds = Number(value('rounds') ?? 3);
  const budgetS = Number(value('budget-s') ?? (quick ? 40 : 420));
  if (sizes.some((n) => !Number.isInteger(n) || n < 2) || !Number.isInteger(rounds) || rounds < 1 || !(budgetS > 0)) {
    throw new Error('usage: bench/build.ts [--quick] [--sizes 1000,10000,50000] [--rounds 3] [--budget-s 420]');
  }
  return { quick, sizes: [...sizes].sort((a, b) => a - b), rounds, budgetS };
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const s1 = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

type Tool = 'hugo' | 'eleventy' | 'tidings';

/** One tool's turn in a round; tidings' turn is its three cases in a row (warm and one new post need the cold store). */
async function turn(tool: Tool, s: Sites, into: Record<CaseName, Run[]>): Promise<void> {
  clean(s, tool);
  if (tool === 'hugo') into.hugo.push(measure(hugo(s)));
  if (tool === 'eleventy') into.eleventy.push(measure(eleventy(s)));
  if (tool !== 'tidings') return;
  const both = (): Run => sequence(measure(tidingsImport(s)), measure(tidingsBuild(s)));
  into['tidings cold'].push(both());
  into['tidings warm'].push(both());
  const added = await addPost(s);
  try {
    into['tidings one new post'].push(both());
  } finally {
    rmSync(added);
  }
}

async function main(): Promise<void> {
  const opt = options(process.argv.slice(2));
  const missing = missingTools();
  if (!haveTime()) missing.push('GNU time is not installed (Debian: apt-get install -y time)');
  if (missing.length > 0) throw new Error(missing.join('\n'));
  ensurePeers(log);
  const started = performance.now();
  const elapsedS = (): number => (performance.now() - started) / 1000;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tidings-bench-build-'));
  const results: SizeResult[] = [];
  const outputs: string[] = [];
  const startup: Run[] = [];
  const failures: string[] = [];
  try {
    for (const posts of opt.sizes) {
      const t = performance.now();
      const s = await prepareSites(path.join(dir, String(posts)), posts);
      log(`${posts} posts: corpus and sites in ${s1(performance.now() - t)}`);
      const cases = Object.fromEntries(CASES.map((c) => [c, [] as Run[]])) as Record<CaseName, Run[]>;
      let longestRound = 0;
      for (let round = 0; round < opt.rounds; round++) {
        if (round > 0 && elapsedS() + longestRound / 1000 > opt.budgetS) {
          log(`${posts} posts: stopping after ${round} round(s), the budget of ${opt.budgetS} s would be exceeded`);
          break;
        }
        const r0 = performance.now();
        for (const tool of roundOrder<Tool>(['hugo', 'eleventy', 'tidings'], round)) {
          // A tool that fails (out of memory, say) is a finding, not the end of the table.
          try {
            await turn(tool, s, cases);
          } catch (err) {
            const first = (err instanceof Error ? err.message : String(err)).split('\n').filter((l) => l.trim() !== '').slice(0, 3).join(' / ');
            failures.push(`${posts.toLocaleString('en-GB')} posts, round ${round + 1}: ${tool} failed: ${first.slice(0, 400)}`);
            log(failures.at(-1)!);
          }
        }
        longestRound = Math.max(longestRound, performance.now() - r0);
        const last = (c: CaseName): string => s1(cases[c].at(-1)?.ms ?? 0);
        log(`${posts} posts, round ${round + 1}: Hugo ${last('hugo')}, Eleventy ${last('eleventy')}, tidings cold ${last('tidings cold')}, warm ${last('tidings warm')}, one new post ${last('tidings one new post')}`);
      }
      if (startup.length === 0) for (let i = 0; i < 3; i++) startup.push(sequence(measure(tidingsStartup(s, 'import')), measure(tidingsStartup(s, 'build'))));
      results.push({ posts, cases });
      const size = (name: string, d: string): string => {
        const o = outputSize(d);
        return `${name} ${o.files.toLocaleString('en-GB')} files, ${o.mb.toFixed(0)} MB`;
      };
      outputs.push(`${posts.toLocaleString('en-GB')} posts: ${size('Hugo', s.hugoOut)}; ${size('Eleventy', s.eleventyOut)}; ${size('tidings', s.tidingsOut)}`);
      rmSync(path.join(dir, String(posts)), { recursive: true, force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const lines = [
    `Corpora of ${opt.sizes.map((n) => n.toLocaleString('en-GB')).join(', ')} generated Markdown posts; Hugo ${hugoVersion()}, Eleventy 3.1.8 + @11ty/eleventy-plugin-rss 3.0.0, tidings compiled (dist/). ` +
      `Each cell: median wall time / median peak RSS of ${opt.rounds} whole-process runs (fewer where the cell says so: the time budget of ${opt.budgetS} s ran out), the tools alternating (${s1(elapsedS() * 1000)} in all).`,
    '',
    buildTable(results, opt.rounds),
    '',
    'What each wrote (the last run of each): ' + outputs.join(' — '),
    ...(failures.length > 0 ? ['', '**Runs that failed** (not in the medians):', '', ...failures.map((f) => `- ${f}`)] : []),
    '',
    `The floor under tidings' import + build, two processes that start Node and the CLI and do nothing (\`tidings import --help\`, then \`tidings build --help\`: Node and commander, since a command loads its work only when it runs; median of 3): ${(medianRun(startup).ms / 1000).toFixed(2)} s / ${medianRun(startup).peakRssMb.toFixed(0)} MB.`,
    '',
    'tidings from the smallest corpus to the largest (cold import + build; growth n^e between a row and the one before it, e = 1 is linear):',
    '',
    scalingTable(results),
    '',
    targetsTable(verdicts(results)),
    '',
    'Commands ($SITE: a fresh temporary folder per corpus size; every run a whole process under `/usr/bin/time -f %M`):',
    '',
    ...COMMANDS.map((c) => `- ${c}`),
  ];
  console.log(lines.join('\n'));
}

await main();
