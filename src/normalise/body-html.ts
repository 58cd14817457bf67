/**
 * A raw body as HTML (not yet sanitised): plain-text blocks are escaped and
 * their URLs and e-mail addresses linked; Markdown goes through markdown-it;
 * HTML is passed on as it is.
 */
import LinkifyIt from 'linkify-it';
import MarkdownIt from 'markdown-it';
import type { Block, RawBody } from '../model/raw-post.js';
import { escapeHtmlChars } from '../text/html-escape.js';

const linkify = new LinkifyIt(undefined, { fuzzyIP: false });
const markdown = new MarkdownIt({ html: true, linkify: true, typographer: false });

/**
 * Endings of file names that linkify takes for top-level domains (it takes
 * any two letters after a dot): `CLAUDE.md`, `setup.py`, `app.js`, `main.go`
 * in running text are file names, not the sites http://claude.md/ and
 * http://setup.py/. Only a bare name is left alone (no scheme, no `www.`,
 * no path); `.md` and `.py` are also real countries' domains, but far more
 * often files in a post. Real domains that look alike (`docs.rs`, `bun.sh`)
 * are not listed.
 */
const FILE_ENDINGS = new Set(['md', 'py', 'js', 'ts', 'go', 'rb', 'cs', 'hs', 'kt', 'jl', 'fs', 'vb', 'el', 'ex', 'rst']);

type Match = NonNullable<ReturnType<LinkifyIt['match']>>[number];

function isFileName(m: Match): boolean {
  if (m.schema !== '' || /^www\./i.test(m.text) || /[/?#:]/.test(m.text)) return false;
  return FILE_ENDINGS.has(m.text.slice(m.text.lastIndexOf('.') + 1).toLowerCase());
}

/** linkify's matches without file names taken for sites. */
function withoutFileNames(found: Match[] | null): Match[] | null {
  return found === null ? null : found.filter((m) => !isFileName(m));
}
// markdown-it's own linkify rule asks this instance: the same filter applies to Markdown.
const markdownMatch = markdown.linkify.match.bind(markdown.linkify);
markdown.linkify.match = (text: string) => withoutFileNames(markdownMatch(text));

/** A cheap test before linkify's own: a scheme, an `@`, or a dot followed by a letter or digit (`www.x`, `x.org`). */
const MAYBE_LINK = /:\/\/|@|\.[\p{L}\p{N}]/u;

/**
 * Plain text to HTML: escaped, with bare and parenthesised URLs and e-mail
 * addresses as links (`(http://x.org/a)` does not take the `)`, a final full
 * stop is not part of the URL), and line breaks as `<br>`.
 */
export function linkifyText(text: string): string {
  const matches = (MAYBE_LINK.test(text) && withoutFileNames(linkify.match(text))) || [];
  let html = '';
  let last = 0;
  for (const m of matches) {
    html += escapeHtmlChars(text.slice(last, m.index));
    html += `<a href="${escapeHtmlChars(m.url)}">${escapeHtmlChars(m.text)}</a>`;
    last = m.lastIndex;
  }
  html += escapeHtmlChars(text.slice(last));
  return html.replace(/\n/g, '<br>\n');
}

function blockHtml(block: Block): string {
  if (block.kind === 'paragraph') return `<p>${linkifyText(block.text)}</p>`;
  const items = block.items.map((item) => `<li>${linkifyText(item)}</li>`).join('\n');
  return `<ul>\n${items}\n</ul>`;
}

/** The body as HTML; the caller sanitises it. */
export function bodyHtml(body: RawBody): string {
  switch (body.kind) {
    case 'blocks':
      return body.blocks.map(blockHtml).join('\n');
    case 'markdown':
      return markdown.render(body.markdown);
    case 'html':
      return body.html;
  }
}
