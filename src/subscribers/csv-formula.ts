/**
 * Cells a spreadsheet would run as a formula (OWASP's CSV injection rule:
 * a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return) are
 * written with a leading `'`, which spreadsheets show as text; the import
 * takes that one quote off again. A value that already starts with quotes
 * before such a character gets one more, so export -> import gives back
 * every value exactly. Pure.
 */
const GUARDED = /^'*[=+\-@\t\r]/;
const UNGUARD = /^'+[=+\-@\t\r]/;

/** A cell as export writes it. */
export function guardFormula(cell: string): string {
  return GUARDED.test(cell) ? `'${cell}` : cell;
}

/** A field as import reads it. */
export function unguardFormula(field: string): string {
  return UNGUARD.test(field) ? field.slice(1) : field;
}
