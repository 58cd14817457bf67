import { readFile } from 'node:fs/promises';
import type { ExcerptLine, Problem } from './problems.js';

/** Lines shown before and after a problem's line. */
const AROUND = 2;
/** Errors that get an excerpt (the first ones: the rest are listed plainly). */
const MOST = 5;

/** The problems, the first few errors with the lines of their file around their line (read now; unreadable files get none). */
export async function withExcerpts(problems: readonly Problem[]): Promise<Problem[]> {
  const cache = new Map<string, Promise<string[] | undefined>>();
  const linesOf = (file: string): Promise<string[] | undefined> => {
    let lines = cache.get(file);
    if (lines === undefined) {
      lines = readFile(file, 'utf8').then(
        (text) => text.split(/\r?\n/),
        () => undefined,
      );
      cache.set(file, lines);
    }
    return lines;
  };
  let errors = 0;
  return Promise.all(
    problems.map(async (problem) => {
      if (problem.severity !== 'error' || errors++ >= MOST || problem.line <= 0 || problem.path === undefined || problem.excerpt) return problem;
      const lines = await linesOf(problem.path);
      if (lines === undefined || problem.line > lines.length) return problem;
      return { ...problem, excerpt: excerptAt(lines, problem.line) };
    }),
  );
}

/** Lines `line - AROUND` to `line + AROUND` (1-based) of `lines`. Pure. */
export function excerptAt(lines: readonly string[], line: number): ExcerptLine[] {
  const from = Math.max(1, line - AROUND);
  const to = Math.min(lines.length, line + AROUND);
  const out: ExcerptLine[] = [];
  for (let n = from; n <= to; n++) out.push({ line: n, text: (lines[n - 1] ?? '').slice(0, 300) });
  return out;
}
