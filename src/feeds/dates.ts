/**
 * The two date formats feeds use, from the ISO 8601 instants the model
 * carries. Strict: an unreadable date is an error, never "Invalid Date".
 */

function parseInstant(iso: string): Date {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 date-time: "${iso}"`);
  return new Date(ms);
}

/** RFC 822 / RFC 2822 in GMT, as RSS 2.0 wants: `Wed, 31 Jul 2019 09:00:00 GMT`. */
export function toRfc822(iso: string): string {
  return parseInstant(iso).toUTCString();
}

/** RFC 3339 in UTC, as Atom and JSON Feed want: `2019-07-31T09:00:00Z` (milliseconds only when non-zero). */
export function toRfc3339(iso: string): string {
  const text = parseInstant(iso).toISOString();
  return text.endsWith('.000Z') ? `${text.slice(0, -5)}Z` : text;
}

/** Milliseconds since the epoch; throws on an unreadable date. */
export function instantMs(iso: string): number {
  return parseInstant(iso).getTime();
}

/**
 * A post's published and updated dates in RFC 3339. `updated` is never
 * earlier than `published`, and an unreadable `updated` falls back to it:
 * the post is still good. Throws only when `published` is unreadable.
 */
export function postDates(post: { published: string; updated: string }): { published: string; updated: string } {
  const published = toRfc3339(post.published);
  try {
    const edited = toRfc3339(post.updated);
    return { published, updated: Date.parse(edited) > Date.parse(published) ? edited : published };
  } catch {
    return { published, updated: published };
  }
}
