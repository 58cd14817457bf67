import { diagnostic, type Diagnostic } from '../model/diagnostic.js';
import type { SubscriberInput, SubscriberStatus } from '../store/store.js';
import { checkAddress } from './address.js';
import { readCsvRecords, type CsvRecord } from './csv-records.js';
import { checkName, parseStatus, parseThemeList } from './fields.js';

/**
 * A subscriber CSV (header `email,name,themes,status`, any order, only
 * email required) to the rows worth importing and one diagnostic per bad
 * row: malformed, a bad address or field, a duplicate, an injection
 * attempt. Pure: the caller reads the file and writes the store.
 */
export const CSV_COLUMNS = ['email', 'name', 'themes', 'status'] as const;
type Column = (typeof CSV_COLUMNS)[number];

export interface CsvRow {
  /** The line the row starts on (the header is line 1 when it comes first). */
  line: number;
  input: SubscriberInput;
}

export interface ParsedCsv {
  rows: CsvRow[];
  diagnostics: Diagnostic[];
}

export interface CsvOptions {
  /** Shown in diagnostics. */
  file: string;
  /** Theme slugs a subscriber may choose. */
  themes: readonly string[];
  /** Status of a row that gives none. */
  defaultStatus: SubscriberStatus;
}

export function parseSubscriberCsv(text: string, options: CsvOptions): ParsedCsv {
  const records = readCsvRecords(text);
  const diagnostics: Diagnostic[] = [];
  const headerIndex = records.findIndex((record) => record.kind === 'fields');
  const header = records[headerIndex];
  for (const record of records.slice(0, Math.max(headerIndex, 0))) diagnostics.push(recordError(options.file, record));
  if (header === undefined || header.kind !== 'fields') {
    diagnostics.push(diagnostic(options.file, 0, 'no header row', `start the file with the line: ${CSV_COLUMNS.join(',')}`));
    return { rows: [], diagnostics };
  }
  const columns = readHeader(header.fields);
  if (!columns.ok) {
    diagnostics.push(diagnostic(options.file, header.line, columns.problem, columns.hint));
    return { rows: [], diagnostics };
  }
  if (columns.unknown.length > 0) {
    diagnostics.push(
      diagnostic(
        options.file,
        header.line,
        `column${columns.unknown.length === 1 ? '' : 's'} ${columns.unknown.map((c) => JSON.stringify(c)).join(', ')} ignored`,
        `known columns: ${CSV_COLUMNS.join(', ')}`,
        'warning',
      ),
    );
  }

  const rows: CsvRow[] = [];
  const firstLine = new Map<string, number>();
  for (const record of records.slice(headerIndex + 1)) {
    if (record.kind === 'error') {
      diagnostics.push(recordError(options.file, record));
      continue;
    }
    const row = readRow(record.fields, columns.positions, header.fields.length, options);
    if (!row.ok) {
      diagnostics.push(diagnostic(options.file, record.line, row.problem, row.hint));
      continue;
    }
    const key = row.input.email.toLowerCase();
    const first = firstLine.get(key);
    if (first !== undefined) {
      diagnostics.push(diagnostic(options.file, record.line, `${row.input.email} is a duplicate of line ${first}`, 'keep one row per address; the first one was imported'));
      continue;
    }
    firstLine.set(key, record.line);
    rows.push({ line: record.line, input: row.input });
  }
  return { rows, diagnostics };
}

type HeaderCheck =
  | { ok: true; positions: Partial<Record<Column, number>>; unknown: string[] }
  | { ok: false; problem: string; hint: string };

function readHeader(fields: readonly string[]): HeaderCheck {
  const positions: Partial<Record<Column, number>> = {};
  const unknown: string[] = [];
  for (const [index, raw] of fields.entries()) {
    const name = raw.trim().toLowerCase();
    const column = CSV_COLUMNS.find((known) => known === name);
    if (column === undefined) {
      if (name !== '') unknown.push(raw.trim());
    } else if (positions[column] !== undefined) {
      return { ok: false, problem: `the header names the column "${column}" twice`, hint: 'keep one' };
    } else {
      positions[column] = index;
    }
  }
  if (positions.email === undefined) {
    return { ok: false, problem: 'the header has no "email" column', hint: `start the file with the line: ${CSV_COLUMNS.join(',')}` };
  }
  return { ok: true, positions, unknown };
}

type RowCheck = { ok: true; input: SubscriberInput } | { ok: false; problem: string; hint: string };

function readRow(
  fields: readonly string[],
  positions: Partial<Record<Column, number>>,
  width: number,
  options: CsvOptions,
): RowCheck {
  if (fields.length > width && fields.slice(width).some((field) => field.trim() !== '')) {
    return { ok: false, problem: `${fields.length} fields where the header has ${width}`, hint: 'quote a field that holds a comma' };
  }
  const field = (column: Column): string | undefined => {
    const index = positions[column];
    return index === undefined ? undefined : (fields[index] ?? '');
  };
  const address = checkAddress(field('email') ?? '');
  if (!address.ok) return address;
  const who = address.email;
  const input: SubscriberInput = { email: who, status: options.defaultStatus };

  const name = field('name');
  if (name !== undefined) {
    const checked = checkName(name);
    if (!checked.ok) return { ok: false, problem: `${who}: ${checked.problem}`, hint: checked.hint };
    input.name = checked.value;
  }
  const themes = field('themes');
  if (themes !== undefined) {
    const checked = parseThemeList(themes, options.themes);
    if (!checked.ok) return { ok: false, problem: `${who}: ${checked.problem}`, hint: checked.hint };
    input.themes = checked.value;
  }
  const status = field('status');
  if (status !== undefined && status.trim() !== '') {
    const checked = parseStatus(status);
    if (!checked.ok) return { ok: false, problem: `${who}: ${checked.problem}`, hint: checked.hint };
    input.status = checked.value;
  }
  return { ok: true, input };
}

function recordError(file: string, record: CsvRecord): Diagnostic {
  if (record.kind === 'fields') return diagnostic(file, record.line, 'unexpected row', 'check the file');
  const span = record.endLine > record.line ? ` (lines ${record.line}-${record.endLine})` : '';
  return diagnostic(file, record.line, `${record.problem}${span}`, record.hint);
}
