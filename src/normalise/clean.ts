/**
 * The first step for every piece of source text: mojibake repaired, then
 * white space and invisible characters tidied. Nothing else changes.
 */
import type { Block, RawBody } from '../model/raw-post.js';
import { repairMojibake } from './mojibake.js';
import { tidyInline, tidyMarkup, tidyText } from './whitespace.js';

/** A one-line value (title, author, summary, list item). */
export function cleanInline(text: string): string {
  return tidyInline(repairMojibake(text));
}

function cleanBlock(block: Block): Block | undefined {
  if (block.kind === 'paragraph') {
    const text = tidyText(repairMojibake(block.text));
    return text === '' ? undefined : { ...block, text };
  }
  const items = block.items.map(cleanInline).filter((item) => item !== '');
  return items.length === 0 ? undefined : { ...block, items };
}

/** The body repaired and tidied; empty paragraphs and lists are dropped. */
export function cleanBody(body: RawBody): RawBody {
  switch (body.kind) {
    case 'blocks':
      return { kind: 'blocks', blocks: body.blocks.map(cleanBlock).filter((b): b is Block => b !== undefined) };
    case 'markdown':
      return { kind: 'markdown', markdown: tidyMarkup(repairMojibake(body.markdown)) };
    case 'html':
      return { kind: 'html', html: tidyMarkup(repairMojibake(body.html)) };
  }
}
