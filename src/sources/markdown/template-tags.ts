/**
 * Template code in a post's body (Jekyll's Liquid, Hugo's shortcodes) never
 * reaches a reader: tidings runs no templates, so each tag is rendered where
 * its meaning is standard and otherwise removed with a warning naming the
 * file, the line and the tag. Code (fenced blocks and inline code spans) is
 * left exactly as written.
 *
 * Rendered: `{% raw %}…{% endraw %}` (the inside, as written),
 * `{% highlight lang %}…{% endhighlight %}` and Hugo's `highlight` (a fenced
 * code block), `{% comment %}…{% endcomment %}` (nothing), Hugo `figure` and
 * `img` (a figure), `youtube`, `vimeo`, `gist` and `tweet` (a link),
 * `{{ site.url }}` / `{{ site.baseurl }}` (nothing: the path that follows is
 * the site's) and `{{ "/x" | relative_url }}` (the path). A link to another
 * post (`post_url`, `link`, `ref`, `relref`) becomes the path it names
 * (post-links.ts), which the build resolves to that post's address.
 *
 * Liquid output (`{{ page.title }}`) is only template code where Liquid runs
 * over posts (Jekyll, Eleventy): Hugo leaves `{{ … }}` in content alone, so
 * for a Hugo post (`liquid: false`) it stays text.
 */
import { diagnostic } from '../../model/diagnostic.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { escapeHtmlChars } from '../../text/html-escape.js';
import { linesAt } from '../shared/lines.js';
import { shortTag } from '../shared/report.js';
import { fencedBlocks } from './fences.js';
import { linkTagTarget } from './post-links.js';
import { renderShortcode } from './shortcodes.js';

/** A piece of the body: `text` may hold tags; `kept` is output as it is. */
interface Piece {
  kind: 'text' | 'kept';
  text: string;
  /** Offset of the piece in the original body (for the line of a tag). */
  at: number;
}

interface Found {
  at: number;
  tag: string;
  message: string;
}

const HAS_TAG = /\{[{%]/;
const BLOCK =
  /\{%-?\s*raw\s*-?%\}([\s\S]*?)\{%-?\s*endraw\s*-?%\}|\{%-?\s*comment\s*-?%\}[\s\S]*?\{%-?\s*endcomment\s*-?%\}|\{%-?\s*highlight\s+([\w+#.-]+)[^%]*%\}\n?([\s\S]*?)\{%-?\s*endhighlight\s*-?%\}|\{\{([<%])\s*highlight\s+"?([\w+#.-]+)"?[^\n]*?[>%]\}\}\n?([\s\S]*?)\{\{[<%]\s*\/\s*highlight\s*[>%]\}\}/g;
/** A code span: a run of backticks to the next run of the same length, within one paragraph (no blank line between). */
const INLINE_CODE = /(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n)[\s\S])*?(?<!`)\1(?!`)/g;
/** A Liquid tag, on one line or several (`{% include figure.html` with its attributes on the lines below, as Liquid reads it). */
const LIQUID_TAG = String.raw`\{%-?[\s\S]{0,2000}?-?%\}`;
const HUGO_SHORTCODE = String.raw`\{\{[<%][\s\S]{0,2000}?[>%]\}\}`;
/** A link whose address is a template tag (`[text]({% post_url x %})`, `[text]( {% ref "x.md" %}#part )`). */
const LINK_TO_POST = new RegExp(String.raw`\[([^\]\n]*)\]\(\s*(${LIQUID_TAG}|${HUGO_SHORTCODE})([^\s()<>]*)\s*\)`, 'g');
const TAG = new RegExp(String.raw`${LIQUID_TAG}|${HUGO_SHORTCODE}|\{\{[^{}]{0,500}\}\}`, 'g');
/** TAG without Liquid output (`{{ … }}`), for Hugo posts. */
const SHORTCODE = new RegExp(`${LIQUID_TAG}|${HUGO_SHORTCODE}`, 'g');
/** What stands before a tag whose text is an address: a link's `](`, an attribute's `="`, a reference definition's `[x]: `. */
const URL_POSITION = /(?:\]\(\s*|=\s*["']?|<|(?:^|\n)[ \t]{0,3}\[[^\]\n]+\]:[ \t]*)$/;

export function renderTemplateTags(
  path: string,
  markdown: string,
  firstLine: number,
  options: { liquid: boolean } = { liquid: true },
): { markdown: string; diagnostics: Diagnostic[] } {
  if (!HAS_TAG.test(markdown)) return { markdown, diagnostics: [] };
  const found: Found[] = [];
  let pieces = keepRanges(markdown, fencedBlocks(markdown));
  pieces = split(pieces, BLOCK, (m) => ({ kind: 'kept', text: block(m) }));
  pieces = split(pieces, INLINE_CODE, (m) => ({ kind: 'kept', text: m[0] }));
  pieces = split(pieces, LINK_TO_POST, (m, at) => {
    const target = linkTagTarget(m[2] ?? '');
    if (target !== undefined) return { kind: 'kept', text: `[${m[1] ?? ''}](${target}${m[3] ?? ''})` };
    found.push({ at: at + Math.max(0, m[0].indexOf(m[2] ?? '')), tag: m[2] ?? '', message: 'names no post tidings can read; the link text is kept' });
    return { kind: 'kept', text: m[1] ?? '' };
  });
  pieces = split(pieces, options.liquid ? TAG : SHORTCODE, (m, at) => {
    const target = linkTagTarget(m[0]);
    // A link tag where an address is written becomes the address; in running text, a link to it (the build shows the post's address).
    if (target !== undefined) {
      const asText = !URL_POSITION.test(markdown.slice(Math.max(0, at - 200), at));
      return { kind: 'kept', text: asText ? `<a href="${escapeHtmlChars(target)}">${escapeHtmlChars(target)}</a>` : target };
    }
    const rendered = renderTag(m[0]);
    if (rendered.message !== undefined) found.push({ at, tag: m[0], message: rendered.message });
    return { kind: 'kept', text: rendered.text };
  });

  found.sort((a, b) => a.at - b.at);
  const lines = linesAt(markdown, found.map((f) => f.at));
  const diagnostics = found.map((f, i) =>
    diagnostic(
      path,
      (lines[i] ?? 1) + firstLine - 1,
      `template tag ${shortTag(f.tag)} ${f.message}`,
      'tidings runs no Liquid or Hugo templates: write it as Markdown or HTML if its content matters',
      'warning',
    ),
  );
  return { markdown: pieces.map((p) => p.text).join(''), diagnostics };
}

/** The body as pieces: the ranges given (fenced code) kept as written, the rest text. */
function keepRanges(markdown: string, ranges: readonly [number, number][]): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const [start, end] of ranges) {
    if (start > last) pieces.push({ kind: 'text', text: markdown.slice(last, start), at: last });
    pieces.push({ kind: 'kept', text: markdown.slice(start, end), at: start });
    last = end;
  }
  if (last < markdown.length) pieces.push({ kind: 'text', text: markdown.slice(last), at: last });
  return pieces;
}

/** The text pieces cut at each match of `pattern`, the match replaced by what `replace` makes of it. */
function split(
  pieces: readonly Piece[],
  pattern: RegExp,
  replace: (match: RegExpExecArray, at: number) => Omit<Piece, 'at'>,
): Piece[] {
  const out: Piece[] = [];
  for (const piece of pieces) {
    if (piece.kind === 'kept') {
      out.push(piece);
      continue;
    }
    let last = 0;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(piece.text); m !== null; m = pattern.exec(piece.text)) {
      if (m[0] === '') {
        pattern.lastIndex += 1;
        continue;
      }
      if (m.index > last) out.push({ kind: 'text', text: piece.text.slice(last, m.index), at: piece.at + last });
      out.push({ ...replace(m, piece.at + m.index), at: piece.at + m.index });
      last = m.index + m[0].length;
    }
    if (last < piece.text.length) out.push({ kind: 'text', text: piece.text.slice(last), at: piece.at + last });
  }
  return out;
}

/** A raw block's inside, nothing for a comment, a fenced code block for a highlight. */
function block(m: RegExpExecArray): string {
  if (m[1] !== undefined) return m[1];
  const language = m[2] ?? m[5];
  const code = m[3] ?? m[6];
  if (language === undefined || code === undefined) return '';
  return `\n\`\`\`${language}\n${code.replace(/\n?$/, '\n')}\`\`\`\n`;
}

/** What one tag becomes, and the warning when it is removed (undefined when it is rendered). */
function renderTag(tag: string): { text: string; message?: string } {
  if (tag.startsWith('{{<') || tag.startsWith('{{%')) return renderShortcode(tag.slice(3, -3));
  if (tag.startsWith('{%')) return { text: '', message: 'is removed' };
  const inner = tag.slice(2, -2).trim();
  if (/^site\.(?:url|baseurl)$/.test(inner)) return { text: '' };
  const filtered = /^(["'])(.*?)\1\s*\|\s*(?:relative_url|absolute_url)$/.exec(inner);
  if (filtered) return { text: filtered[2] ?? '' };
  return { text: '', message: 'is removed' };
}

