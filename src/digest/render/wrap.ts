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
    .flatMap((line) => (line.length <= width || length(line) <= width ? [line] : wrapLine(line, width)))
    .join('\n');
}

function wrapLine(line: string, width: number): string[] {
  const indent = /^ */.exec(line)?.[0] ?? '';
  const words = line.slice(indent.length).split(' ').filter((w) => w !== '');
  const lines: string[] = [];
  let current = '';
  // Code points in `current`, kept as it grows (counting the line again for every word made long posts slow).
  let currentLength = 0;
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
      const pieceLength = length(piece);
      if (current !== '' && currentLength + 1 + pieceLength > width) push();
      if (current === '') {
        current = indent + piece;
        currentLength = indent.length + pieceLength;
      } else {
        current = `${current} ${piece}`;
        currentLength += 1 + pieceLength;
      }
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
  let n = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}
