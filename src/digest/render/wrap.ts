/**
 * Plain-text lines of at most WIDTH characters that never split a web
 * address: words move to the next line whole; an address longer than the
 * line goes on a line of its own; only a word that is not an address and
 * alone is longer than the line (text in a script without spaces) is cut.
 */

/** Longest line of the text part, as RFC 5322 recommends (78 characters before CRLF). */
export const WIDTH = 78;

/** A web address, or a per-recipient placeholder that stands for one. */
export function isUrlWord(word: string): boolean {
  return /^(?:https?:\/\/|mailto:|%%TIDINGS_)\S+$/i.test(word);
}

/** Every line of `text` wrapped at `width`; lines already short enough are left as they are. */
export function wrapText(text: string, width = WIDTH): string {
  return text
    .split('\n')
    .flatMap((line) => (length(line) <= width ? [line] : wrapLine(line, width)))
    .join('\n');
}

function wrapLine(line: string, width: number): string[] {
  const indent = /^ */.exec(line)?.[0] ?? '';
  const words = line.slice(indent.length).split(' ').filter((w) => w !== '');
  const lines: string[] = [];
  let current = '';
  const push = (): void => {
    if (current !== '') lines.push(current);
    current = '';
  };
  for (const word of words) {
    const url = isUrlWord(word);
    if (url && length(word) > width - indent.length) {
      // Too long for any line: alone, whole and unindented, so that it is a lone URL.
      push();
      lines.push(word);
      continue;
    }
    for (const piece of url ? [word] : pieces(word, width - indent.length)) {
      const next = current === '' ? indent + piece : `${current} ${piece}`;
      if (current !== '' && length(next) > width) {
        push();
        current = indent + piece;
      } else current = next;
    }
  }
  push();
  return lines;
}

/** A word longer than the line, cut into pieces that fit (never inside a surrogate pair). */
function pieces(word: string, width: number): string[] {
  const chars = [...word];
  if (chars.length <= width) return [word];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += width) out.push(chars.slice(i, i + width).join(''));
  return out;
}

/** Length in code points (what a reader counts as characters, near enough). */
export function length(text: string): number {
  return [...text].length;
}
