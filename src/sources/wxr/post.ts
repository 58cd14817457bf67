/**
 * One published WXR post (or page) as a RawPost: its GMT date
 * (`wp:post_date_gmt`; the local `wp:post_date` read in the site's zone when
 * the GMT one is WordPress's empty `0000-00-00 00:00:00`), categories and
 * tags (not WordPress's default "Uncategorized"), excerpt, the author's
 * display name (the `wp:author` whose login `dc:creator` names), the
 * permalink, the featured image (`_thumbnail_id`) and the content as
 * WordPress shows it.
 */
import { diagnostic } from '../../model/diagnostic.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { RawPost } from '../../model/raw-post.js';
import { sha256 } from '../shared/hash.js';
import { plainText } from '../shared/html-text.js';
import { lineAt } from '../shared/lines.js';
import { shortTag } from '../shared/report.js';
import { renderContent } from './content.js';
import type { WxrEntry } from './entry.js';
import type { Attachment } from './shortcodes.js';

export interface PostContext {
  file: string;
  line: number;
  chunk: string;
  authors: ReadonlyMap<string, string>;
  attachments: ReadonlyMap<string, Attachment>;
}

type Read = { post: Omit<RawPost, 'sequence'>; diagnostics: Diagnostic[] } | { problem: string; hint: string };

const MYSQL_DATE = /^(\d{4}-\d{2}-\d{2}) (\d{1,2}:\d{2}(?::\d{2})?)$/;
const TERM_DOMAINS = new Set(['category', 'post_tag']);

export function toRawPost(entry: WxrEntry, ctx: PostContext): Read {
  const published = dateOf(entry.dateGmt, entry.date) ?? rfc822(entry.pubDate);
  if (published === undefined) {
    return { problem: 'has no date (no wp:post_date_gmt, wp:post_date or pubDate) and is skipped', hint: 'export the site again' };
  }
  const updated = dateOf(entry.modifiedGmt, entry.modified);
  const { html, removed, text } = renderContent(entry.content, { postId: entry.id, attachments: ctx.attachments });
  const contentLine = ctx.line + lineAt(ctx.chunk, ctx.chunk.indexOf('<content:encoded')) - 1;
  const diagnostics = removed.map((r) =>
    diagnostic(
      ctx.file,
      contentLine + lineAt(text, r.at) - 1,
      `shortcode ${shortTag(r.tag)} is removed (its inside is kept)`,
      'tidings renders [caption], [gallery], [embed], [video] and [audio]; write anything else as HTML if it matters',
      'warning',
    ),
  );
  const title = asText(entry.title);
  const creator = entry.creator;
  const author = ctx.authors.get(creator) || creator;
  const tags = entry.terms.filter((t) => TERM_DOMAINS.has(t.domain) && t.name !== '' && !(t.domain === 'category' && t.slug === 'uncategorized'));
  const thumbnail = ctx.attachments.get(entry.meta.get('_thumbnail_id')?.trim() ?? '');
  const slot = wxrSlot(entry);
  const post: Omit<RawPost, 'sequence'> = {
    source: { file: ctx.file, format: 'wxr', line: ctx.line, slot, hash: sha256(ctx.chunk) },
    title: title === '' ? null : title,
    published,
    body: { kind: 'html', html },
  };
  if (entry.guid !== '') post.explicitId = entry.guid;
  if (updated !== undefined) post.updated = updated;
  if (author !== '') post.author = author;
  if (entry.name !== '') post.slug = decodeSlug(entry.name);
  if (tags.length > 0) post.themes = [...new Set(tags.map((t) => t.name))];
  const excerpt = asText(entry.excerpt);
  if (excerpt !== '') post.summary = excerpt;
  if (/^https?:\/\//i.test(entry.link)) post.url = entry.link;
  if (thumbnail !== undefined) post.image = thumbnail.url;
  if (entry.type === 'page') post.kind = 'page';
  return { post, diagnostics };
}

/** A title or excerpt as WordPress stores it (HTML: `&amp;`, `<em>`) as plain text. */
function asText(html: string): string {
  return /[&<]/.test(html) ? plainText(html).replace(/\s+/g, ' ').trim() : html.trim();
}

/** The GMT date as an instant, else the local one as a local date-time; undefined when neither is set. */
function dateOf(gmt: string, local: string): string | undefined {
  const g = MYSQL_DATE.exec(gmt);
  if (g && !gmt.startsWith('0000')) return `${g[1]}T${pad(g[2] ?? '')}Z`;
  const l = MYSQL_DATE.exec(local);
  if (l && !local.startsWith('0000')) return `${l[1]}T${pad(l[2] ?? '')}`;
  return undefined;
}

/** `9:05` -> `09:05:00`. */
function pad(time: string): string {
  const [h = '0', m = '00', s = '00'] = time.split(':');
  return `${h.padStart(2, '0')}:${m}:${s}`;
}

function rfc822(text: string): string | undefined {
  if (text === '') return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

/** WordPress stores a non-ASCII slug percent-encoded (`%e6%97%a5`). */
function decodeSlug(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}


/** Where a WordPress post sits in the export, whatever its status: its post id (else its guid). */
export function wxrSlot(entry: Pick<WxrEntry, 'id' | 'guid'>): string {
  return entry.id !== '' ? `wp:${entry.id}` : `guid:${entry.guid}`;
}
