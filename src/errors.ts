import type { Diagnostic } from './model/diagnostic.js';
import { formatDiagnostic } from './model/diagnostic.js';

/** Exit codes every command uses: 0 success, 1 failure, 2 bad usage or bad input. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

/** Base error: a message a user can act on, an exit code, and the cause. */
export class TidingsError extends Error {
  readonly exitCode: number;
  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode ?? EXIT_FAILURE;
  }
}

/** Bad command-line usage (unknown flag, missing argument). Exit 2. */
export class UsageError extends TidingsError {
  constructor(message: string) {
    super(message, { exitCode: EXIT_BAD_INPUT });
  }
}

/** Input that cannot be used as it is: a config file, an import. Carries file:line diagnostics. Exit 2. */
export class InputError extends TidingsError {
  readonly diagnostics: Diagnostic[];
  constructor(message: string, diagnostics: Diagnostic[] = []) {
    super(diagnostics.length ? `${message}\n${diagnostics.map((d) => `  ${formatDiagnostic(d)}`).join('\n')}` : message, {
      exitCode: EXIT_BAD_INPUT,
    });
    this.diagnostics = diagnostics;
  }
}
