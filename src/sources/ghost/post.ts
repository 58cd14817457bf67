/**
 * One Ghost post row as a RawPost: its html (else the Markdown of a legacy
 * export or of the post's Mobiledoc markdown card, else its plaintext), title,
 * slug, `published_at`, `updated_at`, tags (public ones: not Ghost's
 * internal `#tags`), authors, `custom_excerpt`, `feature_image` and address
 * (`canonical_url` when set; Ghost's default `/slug/` as its path on the
 * site). `__GHOST_URL__`, Ghost's placeholder for the site's own address, is
 * removed, so that such links and images are paths on the site.
 */
import type { JsonObject } from '../json-feed/json.js';
import type { RawBody, RawPost } from '../../model/raw-post.js';
import { sha256 } from '../shared/hash.js';
import { renderShortcodes, type ShortcodeContext } from '../wxr/shortcodes.js';
import type { GhostData } from './export.js';
import { idOf } from './export.js';

/** The post, and the shortcodes (left by a move from WordPress) removed from its html, which the caller warns about. */
type Read = { post: Omit<RawPost, 'sequence'>; removed: string[] } | { problem: string; hint: string };

const PLACEHOLDER = /__GHOST_URL__/g;
/** A Ghost export has no WordPress media library: a gallery by ids finds no image. */
const NO_ATTACHMENTS: ShortcodeContext = { postId: '', attachments: new Map() };

export function toRawPost(row: JsonObject, data: GhostData, file: string, line: number): Read {
  const published = dateOf(row.published_at) ?? dateOf(row.created_at);
  if (published === undefined) return { problem: 'has no published_at date and is skipped', hint: 'export the site again' };
  const { body, removed } = bodyOf(row);
  if (body === undefined) return { problem: 'has no html, markdown or plaintext and is skipped', hint: 'export the site again from a recent Ghost' };
  const id = idOf(row.id);
  const title = str(row.title).trim();
  const slug = str(row.slug).trim();
  const post: Omit<RawPost, 'sequence'> = {
    source: { file, format: 'ghost', line, slot: ghostSlot(row), hash: sha256(JSON.stringify(row)) },
    title: title === '' ? null : title,
    published,
    body,
  };
  const explicit = /^[0-9a-f]{24}$/.test(id) ? id : str(row.uuid);
  if (explicit !== '') post.explicitId = explicit;
  const updated = dateOf(row.updated_at);
  if (updated !== undefined) post.updated = updated;
  if (slug !== '') {
    post.slug = slug;
    post.permalink = `/${slug}/`;
  }
  const canonical = str(row.canonical_url).replace(PLACEHOLDER, '').trim();
  if (/^https?:\/\//i.test(canonical)) post.url = canonical;
  const tags = tagNames(id, data);
  if (tags.length > 0) post.themes = tags;
  const authors = authorNames(row, id, data);
  if (authors.length > 0) post.author = authors.join(', ');
  const excerpt = str(row.custom_excerpt).trim();
  if (excerpt !== '') post.summary = excerpt;
  const image = str(row.feature_image ?? row.image).replace(PLACEHOLDER, '').trim();
  if (image !== '') post.image = image;
  if (isPage(row)) post.kind = 'page';
  return { post, removed };
}

/** Ghost ≥ 2 has `type: "page"`; older exports `page: true` (or 1). */
export function isPage(row: JsonObject): boolean {
  if (typeof row.type === 'string' && row.type !== '') return row.type === 'page';
  return row.page === true || row.page === 1;
}

function bodyOf(row: JsonObject): { body: RawBody | undefined; removed: string[] } {
  const html = str(row.html);
  if (html.trim() !== '') {
    // A blog moved from WordPress to Ghost keeps WordPress's shortcodes as text in its html: rendered as the WXR reader renders them.
    const rendered = renderShortcodes(html.replace(PLACEHOLDER, ''), NO_ATTACHMENTS);
    return { body: { kind: 'html', html: rendered.html }, removed: rendered.removed.map((r) => r.tag) };
  }
  const markdown = str(row.markdown) || mobiledocMarkdown(str(row.mobiledoc));
  if (markdown.trim() !== '') return { body: { kind: 'markdown', markdown: markdown.replace(PLACEHOLDER, '') }, removed: [] };
  const plaintext = str(row.plaintext);
  if (plaintext.trim() !== '') {
    const blocks = plaintext.split(/\n\s*\n/).map((text) => ({ kind: 'paragraph' as const, text: text.trim(), line: 0 })).filter((b) => b.text !== '');
    return { body: { kind: 'blocks', blocks }, removed: [] };
  }
  return { body: undefined, removed: [] };
}

/** The Markdown of a Mobiledoc document whose content is markdown cards (Ghost 1.x), joined. */
function mobiledocMarkdown(mobiledoc: string): string {
  if (mobiledoc === '') return '';
  try {
    const doc = JSON.parse(mobiledoc) as { cards?: unknown };
    if (!Array.isArray(doc.cards)) return '';
    return doc.cards
      .map((card: unknown) => {
        if (!Array.isArray(card) || (card[0] !== 'markdown' && card[0] !== 'card-markdown')) return '';
        const payload = card[1] as { markdown?: unknown } | undefined;
        return typeof payload?.markdown === 'string' ? payload.markdown : '';
      })
      .filter((m: string) => m !== '')
      .join('\n\n');
  } catch {
    return '';
  }
}

function tagNames(postId: string, data: GhostData): string[] {
  const names: string[] = [];
  for (const tagId of data.postTags.get(postId) ?? []) {
    const tag = data.tags.get(tagId);
    const name = str(tag?.name).trim();
    if (name === '' || name.startsWith('#') || tag?.visibility === 'internal') continue;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

function authorNames(row: JsonObject, postId: string, data: GhostData): string[] {
  const ids = data.postAuthors.get(postId) ?? [idOf(row.author_id)].filter((a) => a !== '');
  return ids.map((a) => str(data.users.get(a)?.name).trim()).filter((n) => n !== '');
}

/** An ISO string, Ghost's SQL `YYYY-MM-DD HH:MM:SS` (UTC) or epoch milliseconds (Ghost 0.x), as an ISO instant. */
function dateOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value).toISOString().replace(/\.000Z$/, 'Z');
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  const sql = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.\d+)?$/.exec(text);
  if (sql) return `${sql[1]}T${sql[2]}Z`;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Where a Ghost post sits in the export, whatever its status: its id (else its uuid). */
export function ghostSlot(row: JsonObject): string {
  const id = idOf(row.id);
  return `ghost:${id !== '' ? id : str(row.uuid)}`;
}
