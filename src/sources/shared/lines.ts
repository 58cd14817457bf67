/**
 * Positions in a source file's text, for diagnostics: lines are 1-based and
 * counted by LF, so a CRLF file gives the same lines as its LF copy.
 */

/** The text without a leading UTF-8 byte order mark. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The 1-based line of `offset` (an offset past the end gives the last line). */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let at = 0; at < offset && at < text.length; at += 1) if (text.charCodeAt(at) === 10) line += 1;
  return line;
}

/** The 1-based lines of ascending offsets, in one pass. */
export function linesAt(text: string, offsets: readonly number[]): number[] {
  const lines: number[] = [];
  let line = 1;
  let at = 0;
  for (const offset of offsets) {
    for (; at < offset && at < text.length; at += 1) if (text.charCodeAt(at) === 10) line += 1;
    lines.push(line);
  }
  return lines;
}

/** The 1-based line of the first occurrence of `needle`, 0 when absent. */
export function lineOfFirst(text: string, needle: string): number {
  const at = text.indexOf(needle);
  return at < 0 ? 0 : lineAt(text, at);
}

/** The number of lines, not counting white space at the end of the text. */
export function lineCount(text: string): number {
  const trimmed = text.replace(/\s+$/, '');
  return trimmed.split('\n').length;
}
