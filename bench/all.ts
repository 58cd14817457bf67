/**
 * `npm run bench`: every benchmark in one run, bounded to about ten minutes (`-- --quick`: about one, at
 * small sizes), then the generated section of docs/benchmarks.md rewritten (bench/doc-section.ts): the
 * date, the machine, and for every bench its exact command, its wall time and its output. Compiles dist/
 * first (the send and build benches run the compiled CLI). A bench that fails is reported as failed and
 * the others still run.
 *
 * Run: npm run bench [-- --quick] [--only import,build] [--no-write]
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { replaceGenerated } from './doc-section.js';
import { loaded, loadLine, machineLine } from './machine.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DOC = path.join(ROOT, 'docs', 'benchmarks.md');

interface Step {
  name: string;
  title: string;
  script: string;
  full: string[];
  quick: string[];
  /** How the sizes here differ from the bench run alone. */
  note?: string;
}

const STEPS: Step[] = [
  { name: 'import', title: 'Import', script: 'bench/import.ts', full: ['10000'], quick: ['1000'] },
  { name: 'wxr', title: 'WordPress export', script: 'bench/wxr.ts', full: ['10000'], quick: ['1000'] },
  { name: 'feeds', title: 'Feeds', script: 'bench/feeds.ts', full: ['10000'], quick: ['1000'] },
  { name: 'digest', title: 'Roundups', script: 'bench/digest.ts', full: [], quick: ['--quick'] },
  { name: 'csv', title: 'Subscriber CSV', script: 'bench/csv.ts', full: ['10'], quick: ['1'], note: 'a 10 MB CSV here (1 MB quick); `npm run bench:csv` alone takes 50 MB' },
  {
    name: 'send',
    title: 'Sending',
    script: 'bench/send.ts',
    full: ['--sizes', '10000', '--rounds', '3'],
    quick: ['--sizes', '1000', '--rounds', '1', '--compose-at', '0'],
    note: '10,000 recipients here (1,000 in one round quick); `npm run bench:send` alone also runs 100,000',
  },
  {
    name: 'workers',
    title: 'Sending workers (issue 20)',
    script: 'bench/workers.ts',
    full: ['--sizes', '10000', '--rounds', '1'],
    quick: ['--quick', '--workers', '1,2', '--sinks', 'slow'],
    note: '10,000 recipients, one run a cell here (5,000, 1 and 2 workers, the 20 ms relay only, quick); `npm run bench:workers` alone runs 100,000, three runs a cell',
  },
  {
    name: 'preview',
    title: 'Preview: a saved edit to the browser (issue 19)',
    script: 'bench/preview.ts',
    full: ['--posts', '2000', '--edits', '3'],
    quick: ['--posts', '300', '--edits', '1'],
    note: '2,000 posts, three saves a row here (300, one save, quick); `npm run bench:preview` alone runs 10,000 posts, five saves',
  },
  { name: 'build', title: 'Builds head to head (issue 19)', script: 'bench/build.ts', full: [], quick: ['--quick'] },
];

/** The whole run's bound; the build table, last, gets what is left of it (at least `BUILD_MIN_S`). */
const BUDGET_S = { full: 600, quick: 60 };
const BUILD_MIN_S = { full: 180, quick: 150 };

interface Outcome {
  step: Step;
  command: string;
  ms: number;
  code: number | null;
  stdout: string;
  stderrTail: string;
}

function runStep(step: Step, args: string[]): Promise<Outcome> {
  const command = `node --import tsx ${step.script}${args.length > 0 ? ` ${args.join(' ')}` : ''}`;
  process.stderr.write(`\n== ${step.title}: ${command}\n`);
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', step.script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    process.stdout.write(chunk);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
    process.stderr.write(chunk);
  });
  return new Promise((resolve) => {
    child.on('close', (code) => resolve({ step, command, ms: performance.now() - t0, code, stdout, stderrTail: stderr.trim().split('\n').slice(-8).join('\n') }));
  });
}

const minutes = (ms: number): string => {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
};

function section(o: Outcome): string {
  const head = `#### ${o.step.title}: \`${o.command}\` (${minutes(o.ms)})`;
  const note = o.step.note ? `\n\n${o.step.note[0]!.toUpperCase()}${o.step.note.slice(1)}.` : '';
  if (o.code !== 0) return `${head}${note}\n\n**Failed** (exit ${o.code}):\n\n\`\`\`\n${o.stderrTail}\n\`\`\``;
  return `${head}${note}\n\n${o.stdout.trim()}`;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const write = !argv.includes('--no-write');
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? new Set((argv[onlyAt + 1] ?? '').split(',')) : undefined;
  const steps = STEPS.filter((s) => !only || only.has(s.name));
  if (steps.length === 0) throw new Error(`--only takes some of: ${STEPS.map((s) => s.name).join(',')}`);
  const mode = quick ? 'quick' : 'full';
  const started = new Date();
  const t0 = performance.now();
  const loadAtStart = loadLine();
  const busyAtStart = loaded();

  process.stderr.write('== npm run build (dist/ for the send and build benches)\n');
  const tsc0 = performance.now();
  const tsc = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const tscMs = performance.now() - tsc0;
  if (tsc.status !== 0) throw new Error('npm run build failed');

  const outcomes: Outcome[] = [];
  for (const step of steps) {
    const args = [...(quick ? step.quick : step.full)];
    if (step.name === 'build') {
      const left = BUDGET_S[mode] - (performance.now() - t0) / 1000;
      args.push('--budget-s', String(Math.round(Math.max(BUILD_MIN_S[mode], left))));
    }
    outcomes.push(await runStep(step, args));
  }
  const total = performance.now() - t0;
  const busy = busyAtStart || loaded();

  const when = started.toISOString().slice(0, 16).replace('T', ' ');
  const command = `npm run bench${quick ? ' -- --quick' : ''}${only ? ` --only ${[...only].join(',')}` : ''}`;
  const body = [
    `### ${when} UTC: \`${command}\`${quick ? ' (quick: small sizes)' : ''}`,
    '',
    `Machine: ${machineLine()}. At the start ${loadAtStart}; at the end ${loadLine()}. The whole run: ${minutes(total)}, of which compiling dist/ (\`npm run build\`) ${minutes(tscMs)}.`,
    ...(busy ? ['', '**The machine was loaded during this run (load average above its cores): the absolute figures are slow and noisy; read the ratios within one table, each measured in the same run.**'] : []),
    '',
    ...outcomes.map(section).flatMap((s) => [s, '']),
  ].join('\n');
  if (write) {
    writeFileSync(DOC, replaceGenerated(readFileSync(DOC, 'utf8'), body));
    process.stderr.write(`\nwrote the generated section of ${path.relative(process.cwd(), DOC)} (${minutes(total)} in all)\n`);
  }
  if (outcomes.some((o) => o.code !== 0)) process.exitCode = 1;
}

await main();
