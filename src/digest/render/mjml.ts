import { createRequire } from 'node:module';
import type { Diagnostic } from '../../model/diagnostic.js';
import { diagnostic } from '../../model/diagnostic.js';
import { TemplateError } from '../template-error.js';
import type { TemplateFile } from '../templates/files.js';
import { placeLine } from '../templates/markers.js';

/** What mjml 4 returns (synchronously: the installed typings describe mjml 5, whose API is async). */
interface MjmlResult {
  readonly html: string;
  readonly errors: readonly MjmlProblem[];
}

interface MjmlProblem {
  readonly line: number;
  readonly message: string;
  readonly tagName: string;
}

interface MjmlOptions {
  readonly validationLevel: 'strict';
  /** No web fonts: MJML would otherwise link Google Fonts stylesheets. */
  readonly fonts: Record<string, string>;
  readonly keepComments: boolean;
}

type Compile = (mjml: string, options: MjmlOptions) => MjmlResult;
let mjml2html: Compile | undefined;

/** mjml (CommonJS) required at the first compile, not with this file: a build whose roundups are all current never loads it (docs/architecture.md). */
function compile(mjml: string, options: MjmlOptions): MjmlResult {
  mjml2html ??= createRequire(import.meta.url)('mjml') as Compile;
  return mjml2html(mjml, options);
}

/** The options of every successful compile: the worker pool (mjml-pool.ts) compiles with these too, so its HTML is the same bytes. */
export const MJML_OPTIONS: MjmlOptions = { validationLevel: 'strict', fonts: {}, keepComments: true };

/** The HTML MJML makes of a document with MJML_OPTIONS; throws when MJML refuses it (mjmlToHtml says where). */
export function compileMjml(mjml: string): string {
  return compile(mjml, MJML_OPTIONS).html;
}

export interface MjmlSource {
  readonly mjml: string;
  /** The same document with source markers, made only when MJML refuses it. */
  readonly marked: () => string;
  /** The files markers number (layout first). */
  readonly files: readonly TemplateFile[];
}

/**
 * MJML to HTML with strict validation. When MJML refuses the document, each
 * problem is traced back to the template file and line that produced it
 * (else the layout is named with the MJML line), and a TemplateError lists them.
 */
export function mjmlToHtml(source: MjmlSource): string {
  try {
    return compile(source.mjml, MJML_OPTIONS).html;
  } catch (error) {
    const layout = source.files[0]?.file ?? '(layout)';
    const problems = validationProblems(error);
    if (problems === undefined) {
      throw TemplateError.at(layout, 0, `MJML: ${error instanceof Error ? error.message : String(error)}`);
    }
    throw new TemplateError(once(placeProblems(source, problems, layout)));
  }
}

/**
 * The HTML of the marked document (see markers.ts), its markers kept as
 * comments, to trace a problem found in the HTML to a template line;
 * undefined when MJML refuses it.
 */
export function markedHtml(source: MjmlSource): string | undefined {
  try {
    return compile(source.marked(), MJML_OPTIONS).html;
  } catch {
    return undefined;
  }
}

function placeProblems(source: MjmlSource, original: readonly MjmlProblem[], layout: string): Diagnostic[] {
  let marked: string | undefined;
  let problems = original;
  try {
    marked = source.marked();
    compile(marked, { validationLevel: 'strict', fonts: {}, keepComments: false });
  } catch (error) {
    problems = validationProblems(error) ?? original;
  }
  return problems.map((p) => {
    const place = marked === undefined ? undefined : placeLine(marked, p.line, p.tagName);
    const file = place === undefined ? undefined : source.files[place.fileIndex];
    if (place === undefined || file === undefined) {
      return diagnostic(layout, 0, `MJML: ${p.message} (<${p.tagName}>, line ${p.line} of the MJML it rendered)`);
    }
    return diagnostic(file.file, place.line, `MJML: ${p.message} (<${p.tagName}>)`);
  });
}

/** The same problem at the same place (a partial rendered for every post) once, with how often. */
function once(problems: readonly Diagnostic[]): Diagnostic[] {
  const counts = new Map<string, { problem: Diagnostic; times: number }>();
  for (const problem of problems) {
    const key = `${problem.file}\0${problem.line}\0${problem.message}`;
    const seen = counts.get(key);
    if (seen) seen.times++;
    else counts.set(key, { problem, times: 1 });
  }
  return [...counts.values()].map(({ problem, times }) => (times === 1 ? problem : { ...problem, message: `${problem.message} (${times} times)` }));
}

function validationProblems(error: unknown): readonly MjmlProblem[] | undefined {
  const errors = (error as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  return errors.map((e: { line?: unknown; message?: unknown; tagName?: unknown }) => ({
    line: typeof e.line === 'number' ? e.line : 0,
    message: typeof e.message === 'string' ? e.message : String(e.message),
    tagName: typeof e.tagName === 'string' ? e.tagName : '?',
  }));
}
