import { DateTime } from 'luxon';
import { zonedRfc3339 } from '../text/zoned-time.js';

/**
 * The two date formats feeds use, from the ISO 8601 instants the model
 * carries, in the site's time zone: a post published on Wednesday morning
 * in London says Wednesday and +01:00, as Hugo and jekyll-feed write it,
 * not Tuesday 23:00 GMT. Strict: an unreadable date is an error, never
 * "Invalid Date".
 */

function parseInstant(iso: string): Date {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 date-time: "${iso}"`);
  return new Date(ms);
}

/**
 * RFC 822 / RFC 2822, as RSS 2.0 wants, keeping the offset the date-time
 * carries: `Wed, 31 Jul 2019 09:00:00 +0100`; in UTC `Wed, 31 Jul 2019 08:00:00 GMT`.
 */
export function toRfc822(iso: string): string {
  const instant = parseInstant(iso);
  if (/(?:Z|[+-]00:?00)$/i.test(iso) || !/[+-]\d\d:?\d\d$/.test(iso)) return instant.toUTCString();
  return DateTime.fromISO(iso, { setZone: true }).toRFC2822() ?? instant.toUTCString();
}

/**
 * RFC 3339, as Atom and JSON Feed want, at the offset of `zone` (an IANA
 * zone; default UTC): `2019-07-31T09:00:00+01:00`, in UTC
 * `2019-07-31T08:00:00Z` (milliseconds only when non-zero).
 */
export function toRfc3339(iso: string, zone = 'UTC'): string {
  const instant = parseInstant(iso);
  if (zone !== 'UTC') {
    // Intl, cached per zone; luxon where Intl cannot say what luxon would (text/zoned-time.ts).
    const fast = zonedRfc3339(instant.getTime(), zone);
    if (fast !== undefined) return fast;
    const local = DateTime.fromMillis(instant.getTime(), { zone });
    if (local.isValid && local.offset !== 0) return local.toISO({ suppressMilliseconds: true }) ?? utcRfc3339(instant);
  }
  return utcRfc3339(instant);
}

function utcRfc3339(instant: Date): string {
  const text = instant.toISOString();
  return text.endsWith('.000Z') ? `${text.slice(0, -5)}Z` : text;
}

/** Milliseconds since the epoch; throws on an unreadable date. */
export function instantMs(iso: string): number {
  return parseInstant(iso).getTime();
}

/**
 * A post's published and updated dates in RFC 3339 (at the offset of
 * `zone`, default UTC). `updated` is never
 * earlier than `published`, and an unreadable `updated` falls back to it:
 * the post is still good. Throws only when `published` is unreadable.
 */
export function postDates(post: PostTimes, zone = 'UTC'): { published: string; updated: string } {
  const known = formatted.get(post);
  if (known !== undefined && known.zone === zone && known.from.published === post.published && known.from.updated === post.updated) return { ...known.dates };
  const { updatedIsPublished } = postInstants(post);
  const published = toRfc3339(post.published, zone);
  const dates = { published, updated: updatedIsPublished ? published : toRfc3339(post.updated, zone) };
  formatted.set(post, { from: { published: post.published, updated: post.updated }, zone, dates });
  return { ...dates };
}

type PostTimes = { readonly published: string; readonly updated: string };

/**
 * Each post's dates, with the dates and zone they were worked out from: a
 * build reads them several times a post (its feed entry, the roundups,
 * planned twice), and the preview again at every save. Used again only
 * while the post's dates and the zone are the same.
 */
const formatted = new WeakMap<PostTimes, { readonly from: PostTimes; readonly zone: string; readonly dates: { published: string; updated: string } }>();
const instants = new WeakMap<PostTimes, { readonly from: PostTimes; readonly instants: { publishedMs: number; updatedMs: number; updatedIsPublished: boolean } }>();

/**
 * A post's dates as instants, without formatting them: what postDates
 * decides (`updated` never earlier than `published`, an unreadable
 * `updated` read as `published`), for a caller that formats only the
 * dates it shows. Throws only when `published` is unreadable.
 */
export function postInstants(post: PostTimes): { publishedMs: number; updatedMs: number; updatedIsPublished: boolean } {
  const known = instants.get(post);
  if (known !== undefined && known.from.published === post.published && known.from.updated === post.updated) return { ...known.instants };
  const publishedMs = instantMs(post.published);
  const edited = Date.parse(post.updated);
  const updatedIsPublished = !(edited > publishedMs);
  const found = { publishedMs, updatedMs: updatedIsPublished ? publishedMs : edited, updatedIsPublished };
  instants.set(post, { from: { published: post.published, updated: post.updated }, instants: found });
  return { ...found };
}
