/**
 * The pure half of the build benchmark (bench/build.ts): the order runs alternate in, medians, the targets of
 * issue 19 with their verdicts, and the markdown tables. Plain values in, strings out.
 */

/** One whole-process run: wall time and the peak resident set (the largest process of a run of several). */
export interface Run {
  ms: number;
  peakRssMb: number;
}

/** What was measured at one corpus size: every run of every case, in the order they ran. */
export interface SizeResult {
  posts: number;
  cases: Record<CaseName, Run[]>;
}

export const CASES = ['hugo', 'eleventy', 'tidings cold', 'tidings warm', 'tidings one new post'] as const;
export type CaseName = (typeof CASES)[number];

/** The tools of one round, in turn: round 0 starts with the first, round 1 with the second, and so on. */
export function roundOrder<T>(tools: readonly T[], round: number): T[] {
  const k = ((round % tools.length) + tools.length) % tools.length;
  return [...tools.slice(k), ...tools.slice(0, k)];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The median of the wall times and, on its own, the median of the peaks. */
export function medianRun(runs: readonly Run[]): Run {
  return { ms: median(runs.map((r) => r.ms)), peakRssMb: median(runs.map((r) => r.peakRssMb)) };
}

/** Two runs that are one user-visible step (import, then build): times add up, the peak is the larger. */
export function sequence(a: Run, b: Run): Run {
  return { ms: a.ms + b.ms, peakRssMb: Math.max(a.peakRssMb, b.peakRssMb) };
}

export interface Verdict {
  target: string;
  posts: number;
  measured: string;
  met: boolean;
  /** The issue sets this target at other sizes: shown for orientation. */
  orientation: boolean;
}

const TARGET_SIZES = new Set([10_000, 50_000]);

const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const num = (n: number): string => n.toLocaleString('en-GB');

/** Issue 19's targets, judged on the medians of each size that ran. */
export function verdicts(results: readonly SizeResult[]): Verdict[] {
  const out: Verdict[] = [];
  for (const r of results) {
    const m = (name: CaseName): Run | undefined => (r.cases[name].length > 0 ? medianRun(r.cases[name]) : undefined);
    const cold = m('tidings cold');
    const hugo = m('hugo');
    const eleventy = m('eleventy');
    const orientation = !TARGET_SIZES.has(r.posts);
    if (cold && hugo) {
      const ratio = cold.ms / hugo.ms;
      out.push({ target: 'cold import + build no slower than Hugo (tidings / Hugo ≤ 1.00)', posts: r.posts, measured: `${ratio.toFixed(2)} (${secs(cold.ms)} / ${secs(hugo.ms)})`, met: ratio <= 1, orientation: r.posts !== 10_000 });
    }
    if (cold && eleventy) {
      const ratio = eleventy.ms / cold.ms;
      out.push({ target: 'cold import + build at least 3x faster than Eleventy (Eleventy / tidings ≥ 3.00)', posts: r.posts, measured: `${ratio.toFixed(2)} (${secs(eleventy.ms)} / ${secs(cold.ms)})`, met: ratio >= 3, orientation: r.posts !== 10_000 });
    }
    if (cold) {
      const limit = r.posts >= 50_000 ? 1000 : 500;
      out.push({ target: `cold peak memory under ${limit === 1000 ? '1 GB' : '500 MB'}`, posts: r.posts, measured: `${cold.peakRssMb.toFixed(0)} MB`, met: cold.peakRssMb < limit, orientation });
    }
    for (const name of ['tidings warm', 'tidings one new post'] as const) {
      const run = m(name);
      if (!run) continue;
      const what = name === 'tidings warm' ? 'nothing changed' : 'one new post';
      out.push({ target: `${what}: import + build under 1.0 s`, posts: r.posts, measured: secs(run.ms), met: run.ms < 1000, orientation });
    }
  }
  const sized = results.filter((r) => r.cases['tidings cold'].length > 0);
  const first = sized[0];
  const last = sized.at(-1);
  if (first && last && last.posts > first.posts) {
    const a = medianRun(first.cases['tidings cold']);
    const b = medianRun(last.cases['tidings cold']);
    for (const [what, pick] of [['time', (x: Run) => x.ms], ['memory', (x: Run) => x.peakRssMb]] as const) {
      const e = growthExponent(first.posts, pick(a), last.posts, pick(b));
      out.push({ target: `cold ${what} grows no faster than linearly, ${num(first.posts)} → ${num(last.posts)} (n^e, e ≤ ${LINEAR_TOLERANCE})`, posts: last.posts, measured: `n^${e.toFixed(2)}`, met: e <= LINEAR_TOLERANCE, orientation: first.posts !== 1000 || last.posts !== 50_000 });
    }
  }
  return out;
}

/** How fast `y` grows with `n` between two sizes: 1.0 is linear, below it slower than linear. */
export function growthExponent(n1: number, y1: number, n2: number, y2: number): number {
  return Math.log(y2 / y1) / Math.log(n2 / n1);
}

/** Linear within this machine's noise. */
export const LINEAR_TOLERANCE = 1.05;

const cell = (runs: readonly Run[], planned: number): string => {
  if (runs.length === 0) return '—';
  const r = medianRun(runs);
  const note = runs.length < planned ? ` (${runs.length} of ${planned} runs)` : '';
  return `${secs(r.ms)} / ${r.peakRssMb.toFixed(0)} MB${note}`;
};

/** The head-to-head table: one row per size, median wall time / median peak RSS of each case. */
export function buildTable(results: readonly SizeResult[], rounds: number): string {
  const lines = [
    '| posts | Hugo (pages + full RSS) | Eleventy (pages + full Atom) | tidings cold (import + build) | tidings warm (nothing changed) | tidings after one new post |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) lines.push(`| ${num(r.posts)} | ${CASES.map((c) => cell(r.cases[c], rounds)).join(' | ')} |`);
  return lines.join('\n');
}

/** tidings from the smallest size to the largest: per post, and how each step grows. */
export function scalingTable(results: readonly SizeResult[]): string {
  const lines = [
    '| posts | cold time | ms per post | cold peak RSS | KB per post | time growth | memory growth | warm time | one new post |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  let prev: { posts: number; run: Run } | undefined;
  for (const r of results) {
    if (r.cases['tidings cold'].length === 0) continue;
    const run = medianRun(r.cases['tidings cold']);
    const growth = (pick: (x: Run) => number): string => {
      if (!prev) return '—';
      const e = growthExponent(prev.posts, pick(prev.run), r.posts, pick(run));
      return `n^${e.toFixed(2)} (${e <= LINEAR_TOLERANCE ? 'at most linear' : 'faster than linear'})`;
    };
    const warm = r.cases['tidings warm'].length > 0 ? secs(medianRun(r.cases['tidings warm']).ms) : '—';
    const fresh = r.cases['tidings one new post'].length > 0 ? secs(medianRun(r.cases['tidings one new post']).ms) : '—';
    lines.push(
      `| ${num(r.posts)} | ${secs(run.ms)} | ${(run.ms / r.posts).toFixed(2)} | ${run.peakRssMb.toFixed(0)} MB | ${((run.peakRssMb * 1024) / r.posts).toFixed(1)} | ${growth((x) => x.ms)} | ${growth((x) => x.peakRssMb)} | ${warm} | ${fresh} |`,
    );
    prev = { posts: r.posts, run };
  }
  return lines.join('\n');
}

export function targetsTable(list: readonly Verdict[]): string {
  const lines = ['| target (issue 19) | posts | measured | verdict |', '| --- | ---: | ---: | --- |'];
  for (const v of list) {
    const verdict = v.met ? 'met' : '**missed**';
    lines.push(`| ${v.target} | ${num(v.posts)} | ${v.measured} | ${verdict}${v.orientation ? ' (for orientation: the issue sets it at another size)' : ''} |`);
  }
  return lines.join('\n');
}
