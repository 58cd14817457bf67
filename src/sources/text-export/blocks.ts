/**
 * Body text into blocks: paragraphs and bullet lists, with the facts the
 * title rules need (was the paragraph one line standing on its own?).
 */
import type { Block } from '../../model/raw-post.js';
import { parseDateHeader } from './dates.js';
import { cleanText, endsSentence, startsLowerCase } from './lines.js';

/** One line of a date's section, classified. Markup lines arrive as 'blank'. */
export interface SectionLine {
  /** 1-based line number in the file. */
  line: number;
  kind: 'blank' | 'text';
  /** The line with white space collapsed and trimmed ('' for blank). */
  text: string;
}

/** A block plus where it ends and whether it stands alone as a one-line paragraph. */
export interface Piece {
  block: Block;
  lastLine: number;
  /** A paragraph of one line with a blank line (or the date line) before and a blank line after. */
  standalone: boolean;
}

const BULLET = /^(?:[•·▪◦‣●]|[-*](?=\s))\s*/u;

export function isBullet(text: string): boolean {
  return BULLET.test(text);
}

function bulletText(text: string): string {
  return cleanText(text.replace(BULLET, ''));
}

/**
 * A line that a hard wrap cut short: the next line continues it. A date that
 * reaches here as text stood inside a paragraph (see sections.ts), so it
 * continues the sentence before it like a lower-case word would.
 */
function continuesOnNext(current: string, next: SectionLine | undefined): boolean {
  return (
    next !== undefined &&
    next.kind === 'text' &&
    !isBullet(next.text) &&
    (startsLowerCase(next.text) || parseDateHeader(next.text) !== undefined) &&
    !endsSentence(current) &&
    !current.endsWith(':')
  );
}

interface Taken {
  piece: Piece;
  next: number;
}

function takeParagraph(lines: SectionLine[], start: number): Taken {
  const first = lines[start] as SectionLine;
  let text = first.text;
  let index = start;
  let next = lines[index + 1];
  while (next !== undefined && continuesOnNext(lines[index]?.text ?? '', next)) {
    text = `${text} ${next.text}`;
    index += 1;
    next = lines[index + 1];
  }
  const before = lines[start - 1];
  const standalone =
    index === start && (before === undefined || before.kind === 'blank') && next?.kind === 'blank';
  return {
    piece: {
      block: { kind: 'paragraph', text, line: first.line },
      lastLine: lines[index]?.line ?? first.line,
      standalone,
    },
    next: index + 1,
  };
}

function takeList(lines: SectionLine[], start: number): Taken {
  const items: string[] = [];
  let index = start;
  let lastLine = (lines[start] as SectionLine).line;
  for (;;) {
    const current = lines[index];
    if (current === undefined) break;
    if (current.kind === 'blank') {
      let ahead = index;
      while (lines[ahead]?.kind === 'blank') ahead += 1;
      const after = lines[ahead];
      if (after === undefined || !isBullet(after.text)) break;
      index = ahead;
      continue;
    }
    if (!isBullet(current.text)) break;
    let item = bulletText(current.text);
    lastLine = current.line;
    index += 1;
    let next = lines[index];
    while (next !== undefined && continuesOnNext(item, next)) {
      item = `${item} ${next.text}`;
      lastLine = next.line;
      index += 1;
      next = lines[index];
    }
    if (item !== '') items.push(item);
  }
  const line = (lines[start] as SectionLine).line;
  return { piece: { block: { kind: 'list', items, line }, lastLine, standalone: false }, next: index };
}

/** Paragraphs and lists of a section, in order. Empty lists (a lone bullet sign) are left out. */
export function readBlocks(lines: SectionLine[]): Piece[] {
  const pieces: Piece[] = [];
  let index = 0;
  while (index < lines.length) {
    const current = lines[index] as SectionLine;
    if (current.kind === 'blank') {
      index += 1;
      continue;
    }
    const taken = isBullet(current.text) ? takeList(lines, index) : takeParagraph(lines, index);
    const { block } = taken.piece;
    if (block.kind === 'paragraph' || block.items.length > 0) pieces.push(taken.piece);
    index = taken.next;
  }
  return pieces;
}

/** The last words of a block: its text, or its last list item. */
export function closingText(block: Block): string {
  return block.kind === 'paragraph' ? block.text : (block.items[block.items.length - 1] ?? '');
}
