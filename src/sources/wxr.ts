/**
 * The WordPress export (WXR) source adapter: what Tools → Export writes, an
 * RSS 2.0 document whose items are rows of WordPress's posts table
 * (wp-admin/includes/export.php). One RawPost per published post
 * (`wp:post_type` post, `wp:status` publish, no password); pages become
 * posts marked as pages, which normalisation skips unless `content.pages`
 * asks for them. Everything else (drafts, pending, scheduled, private and
 * password-protected posts, attachments, menu items, revisions, reusable
 * blocks, templates, custom post types) is skipped and counted, with one
 * line per file saying what.
 *
 * The parts are in wxr/: scan.ts (items cut out with their offsets),
 * entry.ts (one item's fields), content.ts with autop.ts and shortcodes.ts
 * (the content as WordPress shows it), post.ts (an entry as a RawPost).
 */
import { diagnostic } from '../model/diagnostic.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { RawPost, SourceFile, SourceResult } from '../model/raw-post.js';
import { lineAt, linesAt, withoutBom } from './shared/lines.js';
import { fail, itemLabel } from './shared/report.js';
import { parseChannel, parseEntry } from './wxr/entry.js';
import type { WxrEntry } from './wxr/entry.js';
import { toRawPost, wxrSlot } from './wxr/post.js';
import { scanWxr } from './wxr/scan.js';
import type { Attachment } from './wxr/shortcodes.js';
import { skipReason, SkipTally } from './wxr/skips.js';

/**
 * A guid that two different posts carry (a post copied with a plugin that
 * kept it) names neither: those posts keep their own slots and are told
 * apart by their content, not merged as one.
 */
function sharedGuids(posts: RawPost[], file: string): Diagnostic[] {
  const count = new Map<string, number>();
  for (const p of posts) if (p.explicitId !== undefined) count.set(p.explicitId, (count.get(p.explicitId) ?? 0) + 1);
  const out: Diagnostic[] = [];
  for (const p of posts) {
    if (p.explicitId === undefined || (count.get(p.explicitId) ?? 0) < 2) continue;
    out.push(diagnostic(file, p.source.line, `the guid ${p.explicitId} is shared with another post; this post is identified by its content instead`, undefined, 'info'));
    delete p.explicitId;
  }
  return out;
}

export function readWxr(file: SourceFile): SourceResult {
  const text = withoutBom(file.text);
  const scanned = scanWxr(text);
  const channel = parseChannel(scanned.head);
  if (channel.wxrVersion === '' && !/wordpress\.org\/export\//.test(scanned.head)) {
    return fail(diagnostic(file.path, 0, 'not a WordPress export (no <wp:wxr_version>)', 'export the site again with Tools → Export in WordPress'));
  }
  const diagnostics: Diagnostic[] = [];
  if (scanned.unterminated !== undefined) {
    diagnostics.push(
      diagnostic(file.path, lineAt(text, scanned.unterminated), 'the export ends inside an <item>: the file is cut off; the items before it are read', 'download the export again', 'error'),
    );
  }
  const lines = linesAt(text, scanned.items.map((c) => c.at));
  const authors = new Map(channel.authors.map((a) => [a.login, a.displayName]));

  const entries: { entry: WxrEntry; line: number; chunk: string; index: number }[] = [];
  scanned.items.forEach((chunk, index) => {
    const line = lines[index] ?? 0;
    try {
      entries.push({ entry: parseEntry(chunk.text), line, chunk: chunk.text, index });
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      diagnostics.push(diagnostic(file.path, line, `${itemLabel(index, undefined)} is not well-formed XML (${reason}) and is skipped`, 'export the site again, or repair the item'));
    }
  });

  const attachments = new Map<string, Attachment>();
  for (const { entry } of entries) {
    if (entry.type !== 'attachment' || entry.attachmentUrl === '') continue;
    attachments.set(entry.id, {
      url: entry.attachmentUrl,
      alt: entry.meta.get('_wp_attachment_image_alt')?.trim() ?? '',
      caption: entry.excerpt,
      parent: entry.parent,
      isImage: /\.(?:avif|gif|jpe?g|png|svg|webp)(?:[?#]|$)/i.test(entry.attachmentUrl),
    });
  }

  const tally = new SkipTally();
  const posts: RawPost[] = [];
  const unpublished: { line: number; slot: string }[] = [];
  const seen = new Set<string>();
  let sequence = 0;
  for (const { entry, line, chunk, index } of entries) {
    const reason = skipReason(entry);
    if (reason !== null) {
      tally.add(reason);
      // A post (or page) that is there but not published: one stored from an earlier export comes down.
      if ((entry.type === 'post' || entry.type === 'page') && entry.status !== 'publish') unpublished.push({ line, slot: wxrSlot(entry) });
      continue;
    }
    const label = itemLabel(index, entry.title.trim());
    const read = toRawPost(entry, { file: file.path, line, chunk, authors, attachments });
    if ('problem' in read) {
      diagnostics.push(diagnostic(file.path, line, `${label} ${read.problem}`, read.hint));
      continue;
    }
    if (seen.has(read.post.source.slot)) {
      diagnostics.push(diagnostic(file.path, line, `${label} repeats the post id ${entry.id} of an earlier item; it is skipped`, 'export the site again', 'warning'));
      continue;
    }
    seen.add(read.post.source.slot);
    diagnostics.push(...read.diagnostics);
    posts.push({ ...read.post, sequence: sequence++ });
  }
  diagnostics.push(...sharedGuids(posts, file.path));
  const note = tally.note(file.path);
  if (note !== undefined) diagnostics.push(note);
  return { posts, diagnostics, skipped: tally.total, unpublished };
}
