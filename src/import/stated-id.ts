/**
 * A feed item's id (guid, atom:id, rdf:about, JSON Feed id) is its identity:
 * two posts that each carry one, and not the same one, are two posts, however
 * alike their dates and opening words. The fingerprint (the duplicate rule of
 * exports without ids) only joins a post without a stated id to another.
 */
import type { SourceRef } from '../model/raw-post.js';

const FEED_FORMATS = new Set<SourceRef['format']>(['rss', 'atom', 'json-feed']);

/** True when one of the post's sources is a feed item that named its own id (its slot is `guid:…`). */
export function hasStatedId(sources: readonly Pick<SourceRef, 'format' | 'slot'>[]): boolean {
  return sources.some((s) => FEED_FORMATS.has(s.format) && s.slot.startsWith('guid:'));
}
