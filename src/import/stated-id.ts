/**
 * A feed item's id (guid, atom:id, rdf:about, JSON Feed id), and an export's
 * row id (a WordPress post's ID, a Ghost post's id), is its identity:
 * two posts that each carry one, and not the same one, are two posts, however
 * alike their dates and opening words. The fingerprint (the duplicate rule of
 * exports without ids) only joins a post without a stated id to another.
 */
import type { SourceRef } from '../model/raw-post.js';

const FEED_FORMATS = new Set<SourceRef['format']>(['rss', 'atom', 'json-feed']);
/** Exports whose every post carries the row id of the blog's database (slot `wp:…`, `guid:…`, `ghost:…`). */
const EXPORT_FORMATS = new Set<SourceRef['format']>(['wxr', 'ghost']);

/** True when one of the post's sources named its own id: a feed item whose slot is `guid:…`, or a post of a WordPress or Ghost export. */
export function hasStatedId(sources: readonly Pick<SourceRef, 'format' | 'slot'>[]): boolean {
  return sources.some((s) => EXPORT_FORMATS.has(s.format) || (FEED_FORMATS.has(s.format) && s.slot.startsWith('guid:')));
}
