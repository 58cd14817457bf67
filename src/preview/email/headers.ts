/** One header as written in a message: its name and its value, unfolded (still encoded, as sent). */
export interface HeaderLine {
  readonly name: string;
  readonly value: string;
}

/** The header block of a message (everything before the first empty line), one entry per header. Pure. */
export function headerLines(message: Buffer | string): HeaderLine[] {
  const text = typeof message === 'string' ? message : message.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const block = end === -1 ? text : text.slice(0, end);
  return block
    .replace(/\r?\n[ \t]+/g, ' ')
    .split(/\r?\n/)
    .flatMap((line) => {
      const colon = line.indexOf(':');
      return colon > 0 ? [{ name: line.slice(0, colon), value: line.slice(colon + 1).trim() }] : [];
    });
}
