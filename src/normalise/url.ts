/** The address of a post's archive page: `${baseUrl}posts/yyyy/mm/slug/`, month in the site's time zone. */
import { DateTime } from 'luxon';
import { localDayOf, twoDigits } from '../text/zoned-day.js';

export function postUrl(baseUrl: string, publishedIso: string, slug: string, timeZone: string): string {
  const local = localDayOf(publishedIso, timeZone);
  if (local === undefined) return postUrlByLuxon(baseUrl, publishedIso, slug, timeZone);
  return `${withSlash(baseUrl)}posts/${local.year}/${twoDigits(local.month)}/${encodeURIComponent(slug)}/`;
}

/** postUrl through luxon: the reference the Intl path (text/zoned-day.ts) is checked against, and what any other input gets. */
export function postUrlByLuxon(baseUrl: string, publishedIso: string, slug: string, timeZone: string): string {
  const local = DateTime.fromISO(publishedIso, { zone: 'utc' }).setZone(timeZone);
  if (!local.isValid) throw new RangeError(`postUrl: "${publishedIso}" is not an ISO instant in time zone "${timeZone}"`);
  return `${withSlash(baseUrl)}posts/${local.toFormat('yyyy')}/${local.toFormat('MM')}/${encodeURIComponent(slug)}/`;
}

function withSlash(baseUrl: string): string {
  return baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
}
