/**
 * The Ghost export source adapter (Settings → Labs → Export, a JSON file of
 * Ghost's tables): one RawPost per published, public post; pages become posts
 * marked as pages, which normalisation skips unless `content.pages` asks for
 * them. Drafts, scheduled posts, newsletters sent by email only, and
 * members-only or paid posts are skipped and counted (one line per file).
 *
 * The parts are in ghost/: export.ts (the tables) and post.ts (one post).
 */
import { diagnostic } from '../model/diagnostic.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { RawPost, SourceFile, SourceResult } from '../model/raw-post.js';
import { ghostData } from './ghost/export.js';
import { ghostSlot, isPage, toRawPost } from './ghost/post.js';
import type { JsonObject } from './json-feed/json.js';
import { parseJsonFile } from './json-feed/positions.js';
import { lineAt, withoutBom } from './shared/lines.js';
import { fail, itemLabel, shortTag } from './shared/report.js';
import { SkipTally } from './wxr/skips.js';

export function readGhostExport(file: SourceFile): SourceResult {
  const text = withoutBom(file.text);
  const parsed = parseJsonFile(file.path, text, 'export the site again from Ghost (Settings → Labs → Export)');
  if ('error' in parsed) return fail(parsed.error);
  const root = parsed.root;
  const data = ghostData(root);
  if (data === null) {
    return fail(diagnostic(file.path, 0, 'not a Ghost export (no "db": [{ "data": … }])', 'export the site again from Ghost (Settings → Labs → Export)'));
  }
  const diagnostics: Diagnostic[] = [];
  const tally = new SkipTally();
  const posts: RawPost[] = [];
  const unpublished: { line: number; slot: string }[] = [];
  data.posts.forEach((row, index) => {
    const reason = skipReason(row);
    if (reason !== null) {
      tally.add(reason);
      // A post that is there but not (or no longer) public: one stored from an earlier export comes down.
      unpublished.push({ line: 0, slot: ghostSlot(row) });
      return;
    }
    const read = toRawPost(row, data, file.path, 0);
    if ('problem' in read) {
      const line = lineOf(text, row);
      diagnostics.push(diagnostic(file.path, line, `${itemLabel(index, typeof row.title === 'string' ? row.title : undefined).replace('item', 'post')} ${read.problem}`, read.hint));
      return;
    }
    if (read.removed.length > 0) {
      // The line of the post's row (a Ghost export holds its html on one line, often the whole file on one).
      const line = lineOf(text, row);
      const label = itemLabel(index, typeof row.title === 'string' ? row.title : undefined).replace('item', 'post');
      for (const tag of read.removed) {
        diagnostics.push(
          diagnostic(
            file.path,
            line,
            `${label}: shortcode ${shortTag(tag)} is removed (its inside is kept)`,
            'tidings renders [caption], [gallery], [embed], [video] and [audio]; write anything else as HTML in Ghost if it matters',
            'warning',
          ),
        );
      }
    }
    posts.push({ ...read.post, sequence: posts.length });
  });
  const note = tally.note(file.path);
  if (note !== undefined) diagnostics.push(note);
  return { posts, diagnostics, skipped: tally.total, unpublished };
}

function skipReason(row: JsonObject): string | null {
  const what = isPage(row) ? 'page' : 'post';
  const status = typeof row.status === 'string' ? row.status : 'published';
  if (status === 'draft') return what === 'page' ? 'unpublished page' : 'draft';
  if (status === 'scheduled') return what === 'page' ? 'unpublished page' : 'scheduled post';
  if (status === 'sent') return 'email-only newsletter';
  if (status !== 'published') return `${status} ${what}`;
  const visibility = typeof row.visibility === 'string' ? row.visibility : 'public';
  if (visibility !== 'public') return `members-only ${what}`;
  return null;
}

/** The line of the post's `"id"` in the text (1 for a one-line export): looked up only for a diagnostic, as it scans the text. */
function lineOf(text: string, row: JsonObject): number {
  const id = typeof row.id === 'string' ? JSON.stringify(row.id) : String(row.id);
  const at = text.search(new RegExp(`"id"\\s*:\\s*${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  return at < 0 ? 0 : lineAt(text, at);
}

