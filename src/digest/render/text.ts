import { createRequire } from 'node:module';
import type * as HtmlToText from 'html-to-text';
import type { DomNode, FormatCallback } from 'html-to-text';
import { WIDTH, wrapText } from './wrap.js';

/**
 * The plain-text part, made from the HTML part so the two never disagree,
 * laid out for a reader of plain text:
 * - the title (h1) underlined with `=`, each section heading (h2)
 *   underlined with `-` after a wider gap, each post (h3) numbered "1. …"
 *   through the issue, so headings and post titles never look alike
 *   (nothing is upper-cased: that would garble other scripts);
 * - a link that is all its paragraph holds ("Read more: …", the footer's
 *   links) as its text, then its address on a line of its own; a link inside
 *   running text (an excerpt) as its text with a number, "ofsted.gov.uk [1]",
 *   the numbered addresses listed after the post, before the next heading;
 *   a post's title link once (its Read more line carries the address);
 * - lines of at most 78 characters, a web address never split (one longer
 *   than a line stands alone on its line);
 * - nothing the HTML hides (the preheader).
 */
let convert: ((html: string) => string) | undefined;
const state: State = { post: 0, refs: [] };

export function htmlToText(html: string): string {
  // Built once: compiling html-to-text's options cost a quarter of the conversion. State is per call (it is synchronous).
  convert ??= htmlToTextModule().compile({
    wordwrap: false,
    formatters: formatters(state),
    selectors: [
      { selector: 'div[style*="display:none"]', format: 'skip' },
      { selector: 'h1', format: 'tidingsHeading', options: { leadingLineBreaks: 2, trailingLineBreaks: 2, underline: '=' } },
      { selector: 'h2', format: 'tidingsHeading', options: { leadingLineBreaks: 3, trailingLineBreaks: 2, underline: '-' } },
      { selector: 'h3', format: 'tidingsPost', options: { leadingLineBreaks: 2, trailingLineBreaks: 1 } },
      { selector: 'p', format: 'tidingsBlock' },
      // A post's date and reading time right under its title (a section's description keeps its blank line after the heading).
      { selector: 'p.t-meta', format: 'tidingsBlock', options: { leadingLineBreaks: 1, trailingLineBreaks: 2 } },
      { selector: 'div', format: 'tidingsBlock', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
      { selector: 'a', format: 'tidingsAnchor' },
      { selector: 'table', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
      { selector: 'tbody', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
      { selector: 'tr', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
      { selector: 'td', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    ],
  });
  state.post = 0;
  state.refs = [];
  const body = convert(html);
  const rest = state.refs.length > 0 ? `\n\n${referenceLines(state.refs.splice(0)).join('\n')}` : '';
  return wrapText(body + rest);
}

interface State {
  /** Posts numbered so far. */
  post: number;
  /** Addresses of the links in running text since the last heading, numbered from 1. */
  refs: string[];
}

function formatters(state: State): Record<string, FormatCallback> {
  const flush: FormatCallback = (_elem, _walk, builder) => {
    if (state.refs.length === 0) return;
    builder.openBlock({ leadingLineBreaks: 2 });
    builder.addLiteral(referenceLines(state.refs.splice(0)).join('\n'));
    builder.closeBlock({ trailingLineBreaks: 2 });
  };
  return {
    tidingsHeading(elem, walk, builder, options) {
      flush(elem, walk, builder, options);
      const mark = typeof options['underline'] === 'string' ? options['underline'] : '-';
      builder.openBlock({ leadingLineBreaks: options.leadingLineBreaks ?? 2 });
      walk(elem.children, builder);
      builder.closeBlock({ trailingLineBreaks: options.trailingLineBreaks ?? 2, blockTransform: (s) => underline(s, mark) });
    },
    tidingsPost(elem, walk, builder, options) {
      flush(elem, walk, builder, options);
      state.post += 1;
      builder.openBlock({ leadingLineBreaks: options.leadingLineBreaks ?? 2 });
      builder.addInline(`${state.post}.`);
      builder.addWordBreakOpportunity();
      builder.addInline(' ');
      walk(elem.children, builder);
      builder.closeBlock({ trailingLineBreaks: options.trailingLineBreaks ?? 1 });
    },
    tidingsBlock(elem, walk, builder, options) {
      builder.openBlock({ leadingLineBreaks: options.leadingLineBreaks ?? 2 });
      const links = linkList(elem);
      if (links === null) walk(elem.children, builder);
      else
        links.forEach((a, i) => {
          if (i > 0) builder.addLineBreak();
          ownLine(a, walk, builder);
        });
      builder.closeBlock({ trailingLineBreaks: options.trailingLineBreaks ?? 2 });
    },
    tidingsAnchor(elem, walk, builder) {
      const href = hrefOf(elem);
      const label = textOf(elem).trim();
      if (href === '' || classes(elem).includes('t-title') || label === '') {
        walk(elem.children, builder);
        if (label === '' && href !== '') builder.addInline(href, { noWordTransform: true });
      } else if (label === href) builder.addInline(href, { noWordTransform: true });
      else if (elem.parent && linkList(elem.parent) !== null) ownLine(elem, walk, builder);
      else {
        walk(elem.children, builder);
        state.refs.push(href);
        builder.addInline(`\u00a0[${state.refs.length}]`, { noWordTransform: true });
      }
    },
  };
}

/** A link as its text, then its address alone on the next line. */
function ownLine(a: DomNode, walk: (nodes: DomNode[], builder: Parameters<FormatCallback>[2]) => void, builder: Parameters<FormatCallback>[2]): void {
  const href = hrefOf(a);
  const label = textOf(a).trim();
  if (href === '' || label === href) {
    walk(a.children, builder);
    return;
  }
  walk(a.children, builder);
  if (!/[:.!?…]$/u.test(label) && !label.includes(':')) builder.addInline(':');
  builder.addLineBreak();
  builder.addInline(href, { noWordTransform: true });
}

/** The links of an element that holds nothing but links and separators ("·", "|"), else null. */
function linkList(elem: DomNode): DomNode[] | null {
  const links: DomNode[] = [];
  for (const child of elem.children) {
    if (child.type === 'text') {
      if (!/^[\s·•|,–—-]*$/u.test(child.data ?? '')) return null;
    } else if (child.type === 'tag' && child.name === 'a' && hrefOf(child) !== '') links.push(child);
    else if (child.type !== 'comment') return null;
  }
  return links.length > 0 ? links : null;
}

function referenceLines(refs: readonly string[]): string[] {
  return refs.map((href, i) => `[${i + 1}] ${href}`);
}

function underline(text: string, mark: string): string {
  const lines = text.split('\n');
  const widest = Math.max(...lines.map((l) => [...l].length));
  return `${text}\n${mark.repeat(Math.min(widest, WIDTH))}`;
}

function hrefOf(elem: DomNode): string {
  const href: unknown = (elem.attribs as Record<string, unknown> | undefined)?.['href'];
  return typeof href === 'string' ? href.replace(/^mailto:/i, '').trim() : '';
}

function classes(elem: DomNode): string[] {
  const value: unknown = (elem.attribs as Record<string, unknown> | undefined)?.['class'];
  return typeof value === 'string' ? value.split(/\s+/) : [];
}

function textOf(node: DomNode): string {
  if (node.type === 'text') return node.data ?? '';
  return (node.children ?? []).map(textOf).join('');
}

let loaded: typeof HtmlToText | undefined;

/** html-to-text required at the first roundup made, not with this file: a build whose roundups are all current never loads it. */
function htmlToTextModule(): typeof HtmlToText {
  loaded ??= createRequire(import.meta.url)('html-to-text') as typeof HtmlToText;
  return loaded;
}
