/**
 * A raw body as HTML (not yet sanitised): plain-text blocks are escaped and
 * their URLs and e-mail addresses linked; Markdown goes through markdown-it;
 * HTML is passed on as it is.
 */
import LinkifyIt from 'linkify-it';
import MarkdownIt from 'markdown-it';
import type { Block, RawBody } from '../model/raw-post.js';

const linkify = new LinkifyIt(undefined, { fuzzyIP: false });
const markdown = new MarkdownIt({ html: true, linkify: true, typographer: false });

/** A cheap test before linkify's own: a scheme, an `@`, or a dot followed by a letter or digit (`www.x`, `x.org`). */
const MAYBE_LINK = /:\/\/|@|\.[\p{L}\p{N}]/u;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/**
 * Plain text to HTML: escaped, with bare and parenthesised URLs and e-mail
 * addresses as links (`(http://x.org/a)` does not take the `)`, a final full
 * stop is not part of the URL), and line breaks as `<br>`.
 */
export function linkifyText(text: string): string {
  const matches = (MAYBE_LINK.test(text) && linkify.match(text)) || [];
  let html = '';
  let last = 0;
  for (const m of matches) {
    html += escapeHtml(text.slice(last, m.index));
    html += `<a href="${escapeHtml(m.url)}">${escapeHtml(m.text)}</a>`;
    last = m.lastIndex;
  }
  html += escapeHtml(text.slice(last));
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
