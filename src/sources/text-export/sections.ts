/**
 * Split an export into date sections: each valid date line and the lines
 * under it up to the next date line. Reports what cannot be read (text before
 * the first date, impossible dates, weekday slips, stray markup).
 */
import { diagnostic, type Diagnostic } from '../../model/diagnostic.js';
import type { SectionLine } from './blocks.js';
import { parseDateHeader } from './dates.js';
import { cleanText, isBlank } from './lines.js';
import { closesComment, isStrayMarkup, opensComment } from './markup.js';

export interface Section {
  /** `YYYY-MM-DD` */
  date: string;
  /** Line of the date header. */
  line: number;
  lines: SectionLine[];
}

export interface Scan {
  sections: Section[];
  diagnostics: Diagnostic[];
  /** At least one line was a date header (valid or not). */
  sawDateHeader: boolean;
}

export const DATE_HEADER_EXAMPLES =
  'a post starts under a line that is only a date, e.g. ' +
  '`Wednesday, 31 July 2019`, `31 July 2019`, `July 31, 2019` or `2019-07-31`';

const NO_MARKUP = 'plain-text exports carry no markup; delete it to silence this';

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function quote(text: string): string {
  return text.length > 60 ? `\`${text.slice(0, 57)}...\`` : `\`${text}\``;
}

/** Index of the line that closes a comment opened at `start`, if it closes before the next date line. */
function commentEnd(lines: string[], start: number): number | undefined {
  for (let i = start + 1; i < lines.length; i += 1) {
    const raw = lines[i] ?? '';
    if (parseDateHeader(raw) !== undefined) return undefined;
    if (closesComment(raw)) return i;
  }
  return undefined;
}

/**
 * A line with text right above and right below it sits inside a paragraph
 * (a hard wrap put a date on a line of its own): it is running text, even
 * when it is wholly a date. A date header has a blank line (or the start or
 * end of the file) on at least one side.
 */
function wedgedInText(lines: string[], index: number): boolean {
  const before = lines[index - 1];
  const after = lines[index + 1];
  return before !== undefined && after !== undefined && !isBlank(before) && !isBlank(after);
}

export function scanLines(file: string, lines: string[]): Scan {
  const sections: Section[] = [];
  const diagnostics: Diagnostic[] = [];
  let current: Section | undefined;
  let skipping = false;
  let sawDateHeader = false;
  let preamble: { first: number; last: number } | undefined;

  const keep = (entry: SectionLine): void => {
    if (current) {
      current.lines.push(entry);
    } else if (!skipping && entry.kind === 'text') {
      preamble = { first: preamble?.first ?? entry.line, last: entry.line };
    }
  };

  for (let i = 0; i < lines.length; i += 1) {
    const raw = lines[i] ?? '';
    const line = i + 1;
    const header = wedgedInText(lines, i) ? undefined : parseDateHeader(raw);
    if (header !== undefined) {
      sawDateHeader = true;
      if (!header.valid) {
        current = undefined;
        skipping = true;
        const message = `impossible date ${quote(header.text)} (${header.reason}); the posts under it are skipped`;
        diagnostics.push(diagnostic(file, line, message, 'correct the date line and import the file again'));
        continue;
      }
      skipping = false;
      current = { date: header.date, line, lines: [] };
      sections.push(current);
      if (header.weekdayMismatch) {
        const { stated, actual } = header.weekdayMismatch;
        const message = `${header.date} is a ${capitalise(actual)}, not a ${capitalise(stated)}; the date is used`;
        diagnostics.push(diagnostic(file, line, message, 'correct the weekday or the date', 'warning'));
      }
      continue;
    }
    if (opensComment(raw)) {
      const end = commentEnd(lines, i);
      if (end !== undefined) {
        diagnostics.push(diagnostic(file, line, `HTML comment dropped (lines ${line}-${end + 1})`, NO_MARKUP, 'warning'));
        for (let j = i; j <= end; j += 1) keep({ line: j + 1, kind: 'blank', text: '' });
        i = end;
        continue;
      }
    }
    if (isStrayMarkup(raw)) {
      diagnostics.push(diagnostic(file, line, `stray markup ${quote(cleanText(raw))} dropped`, NO_MARKUP, 'warning'));
      keep({ line, kind: 'blank', text: '' });
      continue;
    }
    keep(isBlank(raw) ? { line, kind: 'blank', text: '' } : { line, kind: 'text', text: cleanText(raw) });
  }

  if (preamble && sawDateHeader) {
    const { first, last } = preamble;
    const span = first === last ? `line ${first}` : `lines ${first}-${last}`;
    const hint = `put a date line above it or delete it: ${DATE_HEADER_EXAMPLES}`;
    diagnostics.push(diagnostic(file, first, `text before the first date line is skipped (${span})`, hint));
  }
  return { sections, diagnostics, sawDateHeader };
}
