/** Where each feed item starts in the file, for diagnostics and `source.line`. */
import { linesAt } from '../shared/lines.js';

/**
 * The 1-based line of each item's opening tag, in document order, when the
 * count of <item>/<entry> tags (outside CDATA and comments) matches what the
 * parser found; otherwise zeros (the line is a convenience, not a promise).
 */
export function itemLines(text: string, expected: number): number[] {
  const pattern = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)(?=[\s/>])/g;
  const offsets: number[] = [];
  for (const match of text.matchAll(pattern)) {
    if (!match[0].startsWith('<!')) offsets.push(match.index);
  }
  if (offsets.length !== expected) return new Array<number>(expected).fill(0);
  return linesAt(text, offsets);
}
