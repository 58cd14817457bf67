// The pure helpers of `npm run bench` (bench/build-table.ts, bench/doc-section.ts), with plain values.
import { describe, expect, it } from 'vitest';
import { buildTable, CASES, median, roundOrder, scalingTable, sequence, verdicts, type CaseName, type Run, type SizeResult } from '../../bench/build-table.js';
import { BEGIN, END, replaceGenerated } from '../../bench/doc-section.js';
import { corpusStart } from '../../bench/generate.js';

const runs = (...pairs: [number, number][]): Run[] => pairs.map(([ms, peakRssMb]) => ({ ms, peakRssMb }));

function size(posts: number, values: Partial<Record<CaseName, Run[]>>): SizeResult {
  const cases = Object.fromEntries(CASES.map((c) => [c, values[c] ?? []])) as Record<CaseName, Run[]>;
  return { posts, cases };
}

describe('the build table', () => {
  it('alternates the tools, each round starting with the next', () => {
    const tools = ['hugo', 'eleventy', 'tidings'];
    expect([0, 1, 2, 3].map((r) => roundOrder(tools, r).join(' '))).toEqual(['hugo eleventy tidings', 'eleventy tidings hugo', 'tidings hugo eleventy', 'hugo eleventy tidings']);
  });

  it('takes medians and adds up import and build', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(sequence({ ms: 100, peakRssMb: 300 }, { ms: 50, peakRssMb: 400 })).toEqual({ ms: 150, peakRssMb: 400 });
  });

  it('says met or missed for each target of issue 19', () => {
    const ten = size(10_000, {
      hugo: runs([2500, 90], [2700, 90], [2600, 90]),
      eleventy: runs([8000, 400], [7900, 400], [8100, 400]),
      'tidings cold': runs([2000, 450], [2400, 520], [2200, 480]),
      'tidings warm': runs([900, 200], [950, 200], [1200, 200]),
      'tidings one new post': runs([1100, 200], [1000, 200], [1300, 200]),
    });
    const got = Object.fromEntries(verdicts([ten]).map((v) => [v.target.split(' (')[0], `${v.measured} ${v.met ? 'met' : 'missed'}`]));
    expect(got).toEqual({
      'cold import + build no slower than Hugo': '0.85 (2.20 s / 2.60 s) met',
      'cold import + build at least 3x faster than Eleventy': '3.64 (8.00 s / 2.20 s) met',
      'cold peak memory under 500 MB': '480 MB met',
      'nothing changed: import + build under 1.0 s': '0.95 s met',
      'one new post: import + build under 1.0 s': '1.10 s missed',
    });
  });

  it('judges growth from the smallest size to the largest, and marks rows run fewer times than planned', () => {
    const small = size(1000, { 'tidings cold': runs([1000, 100]) });
    const big = size(50_000, { 'tidings cold': runs([80_000, 900]) });
    const growth = verdicts([small, big]).filter((v) => v.target.includes('linearly'));
    expect(growth.map((v) => `${v.measured} ${v.met}`)).toEqual(['n^1.12 false', 'n^0.56 true']);
    expect(scalingTable([small, big])).toContain('faster than linear');
    expect(buildTable([big], 3)).toContain('80.00 s / 900 MB (1 of 3 runs)');
  });
});

describe('the generated section of docs/benchmarks.md', () => {
  const doc = '# Benchmarks\n\nIntro.\n\n## Import\n\nHand-written.\n';

  it('is added after the introduction the first time, then replaced between its markers only', () => {
    const once = replaceGenerated(doc, 'run one');
    expect(once.indexOf('run one')).toBeLessThan(once.indexOf('## Import'));
    expect(once).toContain(`${BEGIN}\n\nrun one\n\n${END}`);
    const twice = replaceGenerated(once.replace('Hand-written.', 'Hand-written, edited.'), 'run two');
    expect(twice).not.toContain('run one');
    expect(twice).toContain('run two');
    expect(twice).toContain('Hand-written, edited.');
    expect(twice.split(BEGIN)).toHaveLength(2);
  });
});

describe('the build corpus', () => {
  it('starts in 2010 and puts no post in the future, even at 50,000 posts 7 hours apart', () => {
    const year = (ms: number): number => new Date(ms).getUTCFullYear();
    expect(year(corpusStart(1000))).toBe(2010);
    expect(year(corpusStart(10_000))).toBe(2010);
    const start = corpusStart(50_000);
    expect(new Date(start + 50_000 * 7 * 3_600_000).toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});
