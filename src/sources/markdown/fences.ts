/**
 * Where a Markdown body's fenced code blocks are, by CommonMark's rule, as
 * the renderer (markdown-it) will read them: an opening fence is three or
 * more backticks or tildes indented at most three spaces (relative to its
 * list item or quote), a backtick fence's info string holds no backtick (so
 * "```DateTime.Now``` returns …" is inline code, not a fence), it closes at a
 * fence of the same character at least as long with nothing after it but
 * spaces, and an unclosed one runs to the end of its container. Only the
 * block structure is parsed (no inline rules), and only when the body has
 * something that could open a fence.
 */
import MarkdownIt from 'markdown-it';

// The renderer's own options (normalise/body-html.ts), so the blocks are the ones it will see.
const blocks = new MarkdownIt({ html: true });
blocks.core.ruler.disable(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join']);

const MAYBE_FENCE = /```|~~~/;

/** [start, end) offsets of each fenced code block in `markdown`, in order. */
export function fencedBlocks(markdown: string): [number, number][] {
  if (!MAYBE_FENCE.test(markdown)) return [];
  const tokens = blocks.parse(markdown, {});
  let starts: number[] | undefined;
  const ranges: [number, number][] = [];
  for (const token of tokens) {
    if (token.type !== 'fence' || token.map === null) continue;
    starts ??= lineStarts(markdown);
    const [first, last] = token.map;
    ranges.push([starts[first] ?? markdown.length, starts[last] ?? markdown.length]);
  }
  return ranges;
}

/** The offset where each line starts, counting lines as markdown-it does (CRLF, CR or LF). */
function lineStarts(text: string): number[] {
  const starts = [0];
  const newline = /\r\n?|\n/g;
  for (let m = newline.exec(text); m !== null; m = newline.exec(text)) starts.push(m.index + m[0].length);
  return starts;
}
