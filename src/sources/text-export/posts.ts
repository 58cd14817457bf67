/**
 * One date section into its posts: the first post may have a title right
 * under the date line; a later one-line paragraph that reads as a title
 * starts the next post under the same date.
 */
import type { Block } from '../../model/raw-post.js';
import { readBlocks, closingText, type Piece } from './blocks.js';
import type { Section } from './sections.js';
import { isTitleAfterDate, isTitleMidDate } from './titles.js';

export interface PostDraft {
  title: string | null;
  /** First line of the post: its title, or its first body line when it has none. */
  line: number;
  /** Last line of its body. */
  lastLine: number;
  blocks: Block[];
}

function draftFrom(piece: Piece, asTitle: boolean): PostDraft {
  const { block } = piece;
  if (asTitle && block.kind === 'paragraph') {
    return { title: block.text, line: block.line, lastLine: piece.lastLine, blocks: [] };
  }
  return { title: null, line: block.line, lastLine: piece.lastLine, blocks: [block] };
}

export function sectionPosts(section: Section): PostDraft[] {
  const pieces = readBlocks(section.lines);
  const drafts: PostDraft[] = [];
  let current: PostDraft | undefined;
  pieces.forEach((piece, index) => {
    const hasBodyAfter = index < pieces.length - 1;
    const { block } = piece;
    if (current === undefined) {
      const titled = piece.standalone && hasBodyAfter && block.kind === 'paragraph' && isTitleAfterDate(block.text);
      current = draftFrom(piece, titled);
      drafts.push(current);
      return;
    }
    const previous = current.blocks[current.blocks.length - 1];
    const startsPost =
      previous !== undefined &&
      piece.standalone &&
      hasBodyAfter &&
      block.kind === 'paragraph' &&
      isTitleMidDate(block.text, closingText(previous));
    if (startsPost) {
      current = draftFrom(piece, true);
      drafts.push(current);
      return;
    }
    current.blocks.push(block);
    current.lastLine = piece.lastLine;
  });
  return drafts;
}
