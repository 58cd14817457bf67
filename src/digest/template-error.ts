import { InputError } from '../errors.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { diagnostic } from '../model/diagnostic.js';

/**
 * A roundup template that cannot be used: a Handlebars syntax error, an
 * unknown partial or helper, MJML that does not validate, a missing
 * unsubscribe link. Names the template file and line (exit code 2).
 */
export class TemplateError extends InputError {
  /** The first problem's template file (absolute path) and line (0 when unknown). */
  readonly file: string;
  readonly line: number;

  constructor(problems: readonly Diagnostic[]) {
    const first = problems[0] ?? diagnostic('(templates)', 0, 'unknown template problem');
    super(`the roundup templates cannot be used (${problems.length === 1 ? 'one problem' : `${problems.length} problems`}):`, [...problems]);
    this.file = first.file;
    this.line = first.line;
  }

  /** One problem at `file`:`line`. */
  static at(file: string, line: number, message: string, hint?: string): TemplateError {
    return new TemplateError([diagnostic(file, line, message, hint)]);
  }
}
