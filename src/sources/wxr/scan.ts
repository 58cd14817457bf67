/**
 * A WXR file cut into its channel head (everything before the first
 * `<item>`: site title, authors, terms) and its items, each with the offset
 * where it starts. Items are parsed one at a time, so one broken item is one
 * diagnostic, not a lost file, and each item's line is known.
 *
 * The cut skips CDATA sections and comments, so a post whose content holds
 * the text `</item>` is not cut in two.
 */

export interface Chunk {
  /** Offset of `<item` in the file's text. */
  at: number;
  text: string;
}

export interface Scanned {
  head: string;
  items: Chunk[];
  /** Offset where an `<item>` starts that never ends (the file was cut off); undefined when all end. */
  unterminated?: number;
}

const OPEN = /<item[\s>]/g;

export function scanWxr(text: string): Scanned {
  const items: Chunk[] = [];
  let head: string | undefined;
  let at = 0;
  for (;;) {
    const start = nextItem(text, at);
    if (start < 0) break;
    if (head === undefined) head = text.slice(0, start);
    const end = itemEnd(text, start);
    if (end < 0) return { head, items, unterminated: start };
    items.push({ at: start, text: text.slice(start, end) });
    at = end;
  }
  return { head: head ?? text, items };
}

/** Offset of the next `<item>` at or after `from` outside CDATA and comments; -1 when none. */
function nextItem(text: string, from: number): number {
  let at = from;
  for (;;) {
    OPEN.lastIndex = at;
    const m = OPEN.exec(text);
    if (m === null) return -1;
    const skip = skippedUntil(text, at, m.index);
    if (skip === null) return m.index;
    if (skip < 0) return -1;
    at = skip;
  }
}

/** Offset just after the `</item>` that closes the item at `start`; -1 when none. */
function itemEnd(text: string, start: number): number {
  let at = start;
  for (;;) {
    const close = text.indexOf('</item>', at);
    if (close < 0) return -1;
    const skip = skippedUntil(text, at, close);
    if (skip === null) return close + '</item>'.length;
    if (skip < 0) return -1;
    at = skip;
  }
}

/**
 * When a CDATA section or comment opens between `from` and `target` and is
 * still open at `target`, the offset where it ends (-1: never); null when
 * `target` is outside any.
 */
function skippedUntil(text: string, from: number, target: number): number | null {
  let at = from;
  for (;;) {
    const cdata = text.indexOf('<![CDATA[', at);
    const comment = text.indexOf('<!--', at);
    const open = cdata < 0 ? comment : comment < 0 ? cdata : Math.min(cdata, comment);
    if (open < 0 || open > target) return null;
    const closer = open === cdata ? ']]>' : '-->';
    const end = text.indexOf(closer, open + 4);
    if (end < 0) return -1;
    if (end + closer.length > target) return end + closer.length;
    at = end + closer.length;
  }
}
