import Handlebars from 'handlebars';
import type { Diagnostic } from '../../model/diagnostic.js';
import { diagnostic } from '../../model/diagnostic.js';
import { TemplateError } from '../template-error.js';
import { checkTemplate, KNOWN_HELPERS } from './check.js';
import type { TemplateFile, TemplateSet } from './files.js';
import { templatesFingerprint } from './files.js';
import { markSource } from './markers.js';
import { checkMjmlTags } from './mjml-tags.js';

/** Compiled roundup templates, ready to turn a view into MJML. Pure from here on. */
export interface DigestTemplates {
  readonly set: TemplateSet;
  /** The layout first, then the partials by name: what source markers number. */
  readonly files: readonly TemplateFile[];
  /** sha256 of every template's name and text: changes when any template does. */
  readonly fingerprint: string;
  /** The MJML for a view. Throws TemplateError naming the template. */
  render(view: object): string;
  /** The same MJML with source markers (see markers.ts), to place an MJML error. */
  renderMarked(view: object): string;
}

const COMPILE_OPTIONS: CompileOptions = {
  knownHelpersOnly: true,
  knownHelpers: Object.fromEntries(KNOWN_HELPERS.map((h) => [h, true])),
  // Partials are not re-indented: MJML does not care, and data (an excerpt) is never touched.
  preventIndent: true,
};

/**
 * Compiles a template set. Every template is parsed now, so that a syntax
 * error, an unknown partial or helper, an unescaped value in a user's
 * template, or an MJML element or attribute that does not exist fails here
 * with the file and line, before any issue is rendered.
 */
export function compileTemplates(set: TemplateSet): DigestTemplates {
  const files = [set.layout, ...set.partials.values()];
  const names = new Set(set.partials.keys());
  const problems: Diagnostic[] = [];
  for (const file of files) {
    try {
      problems.push(...checkTemplate(file, Handlebars.parse(file.source), names));
    } catch (error) {
      problems.push(syntaxProblem(file, error));
    }
    problems.push(...checkMjmlTags(file));
  }
  if (problems.length > 0) throw new TemplateError(problems);

  const plain = environment(set, files, (file) => file.source);
  let marked: ((view: object) => string) | undefined;
  return {
    set,
    files,
    fingerprint: templatesFingerprint(set),
    render: (view) => run(plain, view, set.layout),
    renderMarked(view) {
      marked ??= environment(set, files, (file) => markSource(file.source, files.indexOf(file)));
      return run(marked, view, set.layout);
    },
  };
}

function environment(set: TemplateSet, files: readonly TemplateFile[], sourceOf: (file: TemplateFile) => string): (view: object) => string {
  const hb = Handlebars.create();
  for (const [name, file] of set.partials) hb.registerPartial(name, hb.compile(sourceOf(file), COMPILE_OPTIONS));
  const layout = files[0] ?? set.layout;
  return hb.compile(sourceOf(layout), COMPILE_OPTIONS);
}

function run(template: (view: object) => string, view: object, layout: TemplateFile): string {
  try {
    return template(view);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw TemplateError.at(layout.file, lineOf(error) ?? 0, `Handlebars: ${message}`, 'the error is in this template or one of its partials');
  }
}

/** "Parse error on line 3: Expecting 'CLOSE', got 'EOF'" rather than Handlebars' three-line picture. */
function syntaxProblem(file: TemplateFile, error: unknown): Diagnostic {
  const lines = (error instanceof Error ? error.message : String(error)).split('\n');
  const head = (lines[0] ?? '').replace(/:$/, '');
  const detail = lines.length > 1 ? (lines[lines.length - 1] ?? '') : '';
  const message = detail ? `${head}: ${detail.length > 200 ? `${detail.slice(0, 200)}…` : detail}` : head;
  return diagnostic(file.file, lineOf(error) ?? 0, `Handlebars syntax error: ${message}`);
}

function lineOf(error: unknown): number | undefined {
  const own = (error as { lineNumber?: unknown } | undefined)?.lineNumber;
  if (typeof own === 'number') return own;
  const message = error instanceof Error ? error.message : '';
  const m = /on line (\d+)|- (\d+):\d+$/.exec(message);
  const line = m?.[1] ?? m?.[2];
  return line === undefined ? undefined : Number(line);
}
