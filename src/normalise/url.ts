/** The address of a post's archive page: `${baseUrl}posts/yyyy/mm/slug/`, month in the site's time zone. */
import { DateTime } from 'luxon';

export function postUrl(baseUrl: string, publishedIso: string, slug: string, timeZone: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const local = DateTime.fromISO(publishedIso, { zone: 'utc' }).setZone(timeZone);
  if (!local.isValid) throw new RangeError(`postUrl: "${publishedIso}" is not an ISO instant in time zone "${timeZone}"`);
  return `${base}posts/${local.toFormat('yyyy')}/${local.toFormat('MM')}/${encodeURIComponent(slug)}/`;
}
