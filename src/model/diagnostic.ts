/**
 * A problem found in user input, pinned to a place a user can open.
 * Sources, normalisation and config all report through this one shape;
 * the CLI prints them as `file:line: message (hint)`.
 */
/** `info` reports what was deliberately left out (a draft skipped, keys not read); it asks nothing of the user. */
export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  /** Path as the user gave it (or a URL for remote feeds). */
  file: string;
  /** 1-based line; 0 when the problem concerns the whole file. */
  line: number;
  severity: Severity;
  message: string;
  /** What the user can do about it. */
  hint?: string;
  /** How many items it stands for, when one diagnostic counts several with the same cause (absent: one). */
  count?: number;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}` : d.file;
  const hint = d.hint ? ` (${d.hint})` : '';
  return `${where}: ${d.severity}: ${d.message}${hint}`;
}

export function diagnostic(
  file: string,
  line: number,
  message: string,
  hint?: string,
  severity: Severity = 'error',
): Diagnostic {
  return hint === undefined ? { file, line, severity, message } : { file, line, severity, message, hint };
}
