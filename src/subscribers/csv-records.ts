/**
 * Reads CSV text (RFC 4180: comma-separated, fields quoted with `"`, `""`
 * for a quote) into records that know the lines they came from. Pure.
 *
 * Written for bad input rather than taken from a CSV library: a malformed
 * record becomes an error record and reading carries on at the next line,
 * so one stray quote never swallows or silently drops the rows after it.
 * A line break inside a quoted field is legal CSV but never a legal
 * subscriber field (it is how header injection is spelled), so such a
 * record is an error too, reported once for all the lines it spans.
 */
export type CsvRecord =
  | { kind: 'fields'; line: number; fields: string[] }
  | { kind: 'error'; line: number; endLine: number; problem: string; hint: string };

export function readCsvRecords(text: string): CsvRecord[] {
  const reader = new Reader(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const records: CsvRecord[] = [];
  while (!reader.done()) {
    const record = reader.record();
    if (record !== undefined) records.push(record);
  }
  return records;
}

const FIELD_END = /[,\r\n]/g;
const LINE_END = /[\r\n]/g;

class Reader {
  private at = 0;
  private line = 1;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.at >= this.text.length;
  }

  /** The next record, or undefined for a blank line. */
  record(): CsvRecord | undefined {
    const start = { at: this.at, line: this.line };
    const fields: string[] = [];
    let lineBreak = false;
    for (;;) {
      const field = this.text[this.at] === '"' ? this.quoted() : this.plain();
      if (field.kind === 'unclosed') {
        this.restartAfter(start);
        return { kind: 'error', line: start.line, endLine: start.line, problem: 'a quoted field is not closed', hint: 'close the quote, and write a quote inside a quoted field as ""' };
      }
      if (field.kind === 'junk') {
        this.skipLine();
        return { kind: 'error', line: start.line, endLine: this.line - 1, problem: 'text after the closing quote of a field', hint: 'quote the whole field, and write a quote inside it as ""' };
      }
      lineBreak ||= field.lineBreak;
      fields.push(field.value);
      if (this.text[this.at] === ',') {
        this.at += 1;
        continue;
      }
      const endLine = this.line;
      this.endOfLine();
      if (lineBreak) {
        return {
          kind: 'error',
          line: start.line,
          endLine,
          problem: 'a field holds a line break, which could inject mail headers',
          hint: 'put each record on one line; check for a stray quote',
        };
      }
      if (fields.length === 1 && fields[0]?.trim() === '') return undefined;
      return { kind: 'fields', line: start.line, fields };
    }
  }

  private quoted(): { kind: 'value'; value: string; lineBreak: boolean } | { kind: 'unclosed' } | { kind: 'junk' } {
    let value = '';
    let lineBreak = false;
    this.at += 1;
    for (;;) {
      const close = this.text.indexOf('"', this.at);
      if (close === -1) return { kind: 'unclosed' };
      const piece = this.text.slice(this.at, close);
      const breaks = piece.match(/\r\n|\r|\n/g)?.length ?? 0;
      this.line += breaks;
      lineBreak ||= breaks > 0;
      value += piece;
      this.at = close + 1;
      if (this.text[this.at] === '"') {
        value += '"';
        this.at += 1;
        continue;
      }
      const next = this.text[this.at];
      if (next === undefined || next === ',' || next === '\r' || next === '\n') return { kind: 'value', value, lineBreak };
      return { kind: 'junk' };
    }
  }

  private plain(): { kind: 'value'; value: string; lineBreak: false } {
    const end = this.find(FIELD_END);
    const value = this.text.slice(this.at, end);
    this.at = end;
    return { kind: 'value', value, lineBreak: false };
  }

  /** Where `pattern` (global) next matches from here, or the end of the text. */
  private find(pattern: RegExp): number {
    pattern.lastIndex = this.at;
    return pattern.exec(this.text)?.index ?? this.text.length;
  }

  /** Consumes one line break, if there is one here. */
  private endOfLine(): void {
    if (this.text.startsWith('\r\n', this.at)) this.at += 2;
    else if (this.text[this.at] === '\r' || this.text[this.at] === '\n') this.at += 1;
    else return;
    this.line += 1;
  }

  /** Moves to the end of the current line, then past its line break. */
  private skipLine(): void {
    this.at = this.find(LINE_END);
    this.endOfLine();
  }

  /** An unclosed quote: carry on at the line after the record's first one. */
  private restartAfter(start: { at: number; line: number }): void {
    this.at = start.at;
    this.line = start.line;
    this.skipLine();
  }
}
