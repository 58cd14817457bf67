/**
 * Identifiers readers use to recognise an item they have already seen.
 *
 * An entry's id is a tag URI (RFC 4151) built from a fixed authority and the
 * post's own id, and nothing else: not the title, slug, URL, base URL or
 * even the publication date (a corrected date must not turn an old post
 * into a new one). The date part is the fixed year tidings adopted the
 * scheme. Readers scope ids per feed, so a fixed authority is enough; what
 * they need is that the id never changes, which this guarantees as long as
 * Post.id does.
 */
const AUTHORITY = 'tidings,2024';

/** Percent-encodes everything outside the unreserved characters, so any id makes a valid tag URI. */
function encodeSpecific(text: string): string {
  return encodeURIComponent(text);
}

/** What an entry stands for: a post now; a roundup (issue) once roundups exist. */
export type EntryKind = 'post' | 'issue';

/** `tag:tidings,2024:post/<post id>`: guid, atom:id and JSON Feed id of an entry, forever. */
export function entryId(kind: EntryKind, id: string): string {
  return `tag:${AUTHORITY}:${kind}/${encodeSpecific(id)}`;
}

/**
 * The atom:id of a feed (the same for its subscription document and its
 * archive pages): the address of its Atom subscription document. Unlike an
 * entry id it must be unique to this site, and a reader that follows a feed
 * to a new address re-subscribes anyway.
 */
export function feedId(atomSubscriptionUrl: string): string {
  return atomSubscriptionUrl;
}
