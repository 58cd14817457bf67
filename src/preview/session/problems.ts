import path from 'node:path';
import { InputError } from '../../errors.js';
import type { Diagnostic } from '../../model/diagnostic.js';

/** Which part of the site a problem is in: what the page says was not used. */
export type ProblemArea = 'config' | 'templates' | 'content' | 'build';

/** One problem, pinned to a file and line where there is one, as the pages show it. */
export interface Problem {
  readonly area: ProblemArea;
  /** The file as the user knows it (relative to the site's folder when inside it). */
  readonly file: string;
  /** The file's absolute path (to read the excerpt from); absent when there is no file. */
  readonly path?: string;
  /** 1-based; 0 when the problem concerns the whole file or has no file. */
  readonly line: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly hint?: string;
  /** Lines around `line`, when the file could be read. */
  readonly excerpt?: readonly ExcerptLine[];
}

export interface ExcerptLine {
  readonly line: number;
  readonly text: string;
}

/** `file` relative to `baseDir` when it lies inside it, with forward slashes. */
export function shownPath(file: string, baseDir: string): string {
  if (file === '' || file.startsWith('(') || /^https?:\/\//i.test(file)) return file;
  const abs = path.resolve(baseDir, file);
  const rel = path.relative(baseDir, abs);
  const shown = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
  return shown.split(path.sep).join('/');
}

/** A diagnostic as a problem; `baseDir` is the folder its relative file name is relative to. */
export function fromDiagnostic(d: Diagnostic, area: ProblemArea, baseDir: string): Problem {
  const real = d.file !== '' && !d.file.startsWith('(') && !/^https?:\/\//i.test(d.file);
  return {
    area,
    file: shownPath(d.file, baseDir),
    ...(real ? { path: path.resolve(baseDir, d.file) } : {}),
    line: d.line,
    // The pages show two kinds; an info line is shown with the warnings.
    severity: d.severity === 'error' ? 'error' : 'warning',
    message: d.message,
    ...(d.hint === undefined ? {} : { hint: d.hint }),
  };
}

/**
 * The problems an error stands for: an InputError's diagnostics (a
 * template's or the config's file and line), else its message.
 */
export function fromError(error: unknown, area: ProblemArea, baseDir: string): Problem[] {
  if (error instanceof InputError && error.diagnostics.length > 0) return error.diagnostics.map((d) => fromDiagnostic(d, area, baseDir));
  const message = error instanceof Error ? error.message : String(error);
  return [{ area, file: '', line: 0, severity: 'error', message }];
}

/** "templates/email/footer.mjml.hbs:3" or the file alone. */
export function placeOf(problem: Pick<Problem, 'file' | 'line'>): string {
  return problem.line > 0 ? `${problem.file}:${problem.line}` : problem.file;
}
