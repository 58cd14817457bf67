/**
 * Reads CSV text (RFC 4180: comma-separated, fields quoted with `"`, `""`
 * for a quote) into records that know the lines they came from, a chunk at
 * a time: memory holds one record, never the file. Pure.
 *
 * Written for bad input rather than taken from a CSV library (see
 * docs/architecture.md): a malformed record becomes an error record and
 * reading carries on, so one stray quote never swallows or silently drops
 * the rows after it. A quoted field that runs over a line break is a stray
 * quote when the next line reads on its own as a plausible record (see
 * `plausible`): the quote's line is the bad record and reading resumes on
 * the next line. Otherwise it is a multi-line field: legal CSV but never a
 * legal subscriber field (it is how header injection is spelled), so such
 * a record is an error too, reported once for all the lines it spans.
 */
export type CsvRecord =
  | { kind: 'fields'; line: number; fields: string[] }
  | { kind: 'error'; line: number; endLine: number; problem: string; hint: string };

/** A record longer than this is taken for an unclosed quote (it keeps one bad record from holding the file in memory). */
export const MAX_RECORD_CHARS = 64 * 1024;

/** All records of a whole text (tests, small inputs). */
export function readCsvRecords(text: string): CsvRecord[] {
  const reader = new CsvRecordReader();
  return [...reader.push(text), ...reader.end()];
}

/** The records of text arriving in chunks. */
export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord[]> {
  const reader = new CsvRecordReader();
  for await (const chunk of chunks) yield reader.push(chunk);
  yield reader.end();
}

const FIELD_END = /[,\r\n]/g;
const LINE_END = /[\r\n]/g;
const UNCLOSED = { problem: 'a quoted field is not closed', hint: 'close the quote, and write a quote inside a quoted field as ""' };
const STRAY = { problem: 'a quoted field is not closed on its line', hint: 'remove the stray quote, or close it and write a quote inside a quoted field as ""' };

/** Reading ran into the end of the text received so far: wait for more. */
const MORE = Symbol('more');
type Field = { kind: 'value'; value: string } | { kind: 'unclosed' } | { kind: 'junk' };

export class CsvRecordReader {
  private text = '';
  private at = 0;
  private line = 1;
  private final = false;
  private started = false;
  /** Fields of the first record (the header): the width a plausible record has at most. */
  private width: number | undefined;

  push(chunk: string): CsvRecord[] {
    this.text = this.text.slice(this.at) + chunk;
    this.at = 0;
    if (!this.started && this.text.length > 0) {
      this.started = true;
      if (this.text.startsWith('\uFEFF')) this.at = 1;
    }
    return this.drain();
  }

  end(): CsvRecord[] {
    this.final = true;
    return this.drain();
  }

  private drain(): CsvRecord[] {
    const records: CsvRecord[] = [];
    while (this.at < this.text.length) {
      const start = { at: this.at, line: this.line };
      const record = this.record();
      if (record === MORE) {
        this.at = start.at;
        this.line = start.line;
        break;
      }
      if (record === undefined) continue;
      if (record.kind === 'fields') this.width ??= record.fields.length;
      records.push(record);
    }
    return records;
  }

  /** The next record, undefined for a blank line, MORE when the text so far ends inside it. */
  private record(): CsvRecord | undefined | typeof MORE {
    const start = { at: this.at, line: this.line };
    const fields: string[] = [];
    for (;;) {
      const beforeField = this.line;
      const field = this.text[this.at] === '"' ? this.quoted(start.at) : this.plain();
      if (field === MORE) return MORE;
      if (beforeField === start.line && this.line > start.line) {
        const stray = this.strayQuote(start);
        if (stray !== undefined) return stray;
      }
      if (field.kind === 'unclosed') {
        if (this.restartAfter(start) === MORE) return MORE;
        return { kind: 'error', line: start.line, endLine: start.line, ...UNCLOSED };
      }
      if (field.kind === 'junk') {
        if (this.skipLine() === MORE) return MORE;
        return { kind: 'error', line: start.line, endLine: this.line - 1, problem: 'text after the closing quote of a field', hint: 'quote the whole field, and write a quote inside it as ""' };
      }
      fields.push(field.value);
      if (this.text[this.at] === ',') {
        this.at += 1;
        continue;
      }
      const endLine = this.line;
      if (this.endOfLine() === MORE) return MORE;
      if (endLine > start.line) {
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

  /**
   * A quoted field of the record at `start` ran over a line break: when the
   * line after the record's first one is a plausible record, the quote was
   * a stray one: the first line is the bad record, reading resumes after it.
   */
  private strayQuote(start: { at: number; line: number }): CsvRecord | undefined | typeof MORE {
    LINE_END.lastIndex = start.at;
    const firstEnd = LINE_END.exec(this.text)?.index ?? this.text.length;
    const nextStart = firstEnd + (this.text.startsWith('\r\n', firstEnd) ? 2 : 1);
    LINE_END.lastIndex = nextStart;
    const nextEnd = LINE_END.exec(this.text)?.index;
    if (nextEnd === undefined && !this.final) return MORE;
    if (!plausible(this.text.slice(nextStart, nextEnd ?? this.text.length), this.width)) return undefined;
    this.at = nextStart;
    this.line = start.line + 1;
    return { kind: 'error', line: start.line, endLine: start.line, ...STRAY };
  }

  private quoted(recordStart: number): Field | typeof MORE {
    let value = '';
    let from = this.at + 1;
    for (;;) {
      const close = this.text.indexOf('"', from);
      if (close === -1 || close + 1 >= this.text.length) {
        if (!this.final && this.text.length - recordStart <= MAX_RECORD_CHARS) return MORE;
        if (close === -1) return { kind: 'unclosed' };
      }
      if (close - recordStart > MAX_RECORD_CHARS) return { kind: 'unclosed' };
      const piece = this.text.slice(from, close);
      const breaks = piece.match(/\r\n|\r|\n/g)?.length ?? 0;
      this.line += breaks;
      value += piece;
      from = close + 1;
      if (this.text[from] === '"') {
        value += '"';
        from += 1;
        continue;
      }
      this.at = from;
      const next = this.text[from];
      if (next === undefined || next === ',' || next === '\r' || next === '\n') return { kind: 'value', value };
      return { kind: 'junk' };
    }
  }

  private plain(): Field | typeof MORE {
    const end = this.find(FIELD_END);
    if (end === undefined && !this.final) return MORE;
    const stop = end ?? this.text.length;
    const value = this.text.slice(this.at, stop);
    this.at = stop;
    return { kind: 'value', value };
  }

  /** Where `pattern` (global) next matches from here; undefined: not in the text so far. */
  private find(pattern: RegExp): number | undefined {
    pattern.lastIndex = this.at;
    return pattern.exec(this.text)?.index;
  }

  /** Consumes one line break, if there is one here (a lone `\r` at the end of the text so far may be half of `\r\n`). */
  private endOfLine(): void | typeof MORE {
    if (this.text[this.at] === '\r' && this.at + 1 >= this.text.length && !this.final) return MORE;
    if (this.text.startsWith('\r\n', this.at)) this.at += 2;
    else if (this.text[this.at] === '\r' || this.text[this.at] === '\n') this.at += 1;
    else return;
    this.line += 1;
  }

  /** Moves to the end of the current line, then past its line break. */
  private skipLine(): void | typeof MORE {
    const end = this.find(LINE_END);
    if (end === undefined && !this.final) return MORE;
    this.at = end ?? this.text.length;
    return this.endOfLine();
  }

  /** An unclosed quote: carry on at the line after the record's first one. */
  private restartAfter(start: { at: number; line: number }): void | typeof MORE {
    this.at = start.at;
    this.line = start.line;
    return this.skipLine();
  }
}

/**
 * A line that reads on its own as a record: every quote closed on the line
 * and followed by a comma or the line's end, no quote inside an unquoted
 * field, and at least two fields (one when the header has one) and no more
 * than the header's.
 */
function plausible(line: string, width: number | undefined): boolean {
  let count = 0;
  let at = 0;
  for (;;) {
    count += 1;
    if (line[at] === '"') {
      let from = at + 1;
      for (;;) {
        const close = line.indexOf('"', from);
        if (close === -1) return false;
        if (line[close + 1] === '"') {
          from = close + 2;
          continue;
        }
        at = close + 1;
        break;
      }
      if (at < line.length && line[at] !== ',') return false;
    } else {
      const comma = line.indexOf(',', at);
      const end = comma === -1 ? line.length : comma;
      if (line.slice(at, end).includes('"')) return false;
      at = end;
    }
    if (at >= line.length) break;
    at += 1; // the comma
  }
  return count >= Math.min(2, width ?? 2) && count <= (width ?? Infinity);
}
