import { diagnostic, type Diagnostic } from '../model/diagnostic.js';
import type { SubscriberInput, SubscriberStatus } from '../store/store.js';
import { checkAddress } from './address.js';
import { unguardFormula } from './csv-formula.js';
import { readCsvRecords, type CsvRecord } from './csv-records.js';
import { SeenAddresses } from './csv-seen.js';
import { checkName, parseStatus, parseThemeList } from './fields.js';

/**
 * A subscriber CSV (header `email,name,themes,status`, any order, only
 * email required) to the rows worth importing and one diagnostic per bad
 * row: malformed, a bad address or field, a character the file's encoding
 * could not read, a duplicate, an injection attempt. Records arrive in
 * batches (SubscriberCsvParser) so that a file of any size streams through;
 * only a hash of each address seen is kept, to find duplicates. Pure: the
 * caller reads the file and writes the store.
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
  /** The file's encoding, named when a line holds U+FFFD (default: UTF-8). */
  encoding?: () => string;
}

/** A whole CSV text at once (tests and small inputs). */
export function parseSubscriberCsv(text: string, options: CsvOptions): ParsedCsv {
  const diagnostics: Diagnostic[] = [];
  const parser = new SubscriberCsvParser(options, (d) => diagnostics.push(d));
  const rows = [...parser.read(readCsvRecords(text))];
  parser.end();
  return { rows, diagnostics };
}

export class SubscriberCsvParser {
  private header: { positions: Partial<Record<Column, number>>; width: number } | 'refused' | undefined;
  private readonly seen = new SeenAddresses();

  constructor(
    private readonly options: CsvOptions,
    private readonly report: (d: Diagnostic) => void,
  ) {}

  /** The rows worth importing among these records, one by one (a bad one is reported when it is reached). */
  *read(records: readonly CsvRecord[]): Generator<CsvRow> {
    for (const record of records) {
      if (this.header === 'refused') return;
      if (this.header === undefined) {
        if (record.kind === 'error') this.report(recordError(this.options.file, record));
        else this.readHeader(record);
        continue;
      }
      const row = this.readRecord(record, this.header);
      if (row !== undefined) yield row;
    }
  }

  end(): void {
    if (this.header === undefined) {
      this.report(diagnostic(this.options.file, 0, 'no header row', `start the file with the line: ${CSV_COLUMNS.join(',')}`));
    }
  }

  private readHeader(record: Extract<CsvRecord, { kind: 'fields' }>): void {
    const { file } = this.options;
    const columns = readHeader(record.fields);
    if (!columns.ok) {
      this.report(diagnostic(file, record.line, columns.problem, columns.hint));
      this.header = 'refused';
      return;
    }
    if (columns.unknown.length > 0) {
      this.report(
        diagnostic(
          file,
          record.line,
          `column${columns.unknown.length === 1 ? '' : 's'} ${columns.unknown.map((c) => JSON.stringify(c)).join(', ')} ignored`,
          `known columns: ${CSV_COLUMNS.join(', ')}`,
          'warning',
        ),
      );
    }
    this.header = { positions: columns.positions, width: record.fields.length };
  }

  private readRecord(record: CsvRecord, header: { positions: Partial<Record<Column, number>>; width: number }): CsvRow | undefined {
    const { file } = this.options;
    if (record.kind === 'error') {
      this.report(recordError(file, record));
      return undefined;
    }
    // Only the columns imported: bytes the encoding cannot read in an ignored column harm nothing.
    if (Object.values(header.positions).some((index) => record.fields[index]?.includes('\uFFFD'))) {
      const encoding = this.options.encoding?.() ?? 'UTF-8';
      this.report(diagnostic(file, record.line, `this line holds bytes that are not ${encoding} (read as U+FFFD)`, 'save the file as "CSV UTF-8" and import it again'));
      return undefined;
    }
    const row = readRow(record.fields, header.positions, header.width, this.options);
    if (!row.ok) {
      this.report(diagnostic(file, record.line, row.problem, row.hint));
      return undefined;
    }
    const first = this.seen.firstLine(row.input.email.toLowerCase(), record.line);
    if (first !== undefined) {
      this.report(diagnostic(file, record.line, `${row.input.email} is a duplicate of line ${first}`, 'keep one row per address; the first one was imported'));
      return undefined;
    }
    return { line: record.line, input: row.input };
  }
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
    return index === undefined ? undefined : unguardFormula(fields[index] ?? '');
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
