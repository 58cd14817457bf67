import { twoDigits, zoneFormat } from './zoned-day.js';

/**
 * An instant as RFC 3339 at a zone's offset, without a date library: what
 * luxon's `DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds:
 * true })` gives, from one cached Intl.DateTimeFormat per zone (en-US,
 * Gregorian, Latin digits, 24-hour). Undefined where luxon must be asked: a
 * zone Intl does not know or luxon reads its own way (zoned-day.ts), a year
 * outside 1000-9999, an offset that is not a whole number of minutes (local
 * mean time, before 1900). Pure.
 */
export function zonedRfc3339(ms: number, zone: string): string | undefined {
  const format = zoneFormat(zone, 'time');
  if (format === null || !Number.isFinite(ms)) return undefined;
  const m = US_TIME.exec(format.format(ms));
  if (m === null) return undefined;
  const [month, day, year, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (year < 1000 || year > 9999) return undefined;
  const millis = ((ms % 1000) + 1000) % 1000;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const offsetMs = wall - ms;
  if (offsetMs % 60_000 !== 0) return undefined;
  const offset = offsetMs / 60_000;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const fraction = millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`;
  const date = `${year}-${twoDigits(month)}-${twoDigits(day)}T${twoDigits(hour)}:${twoDigits(minute)}:${twoDigits(second)}${fraction}`;
  return offset === 0 ? `${date}Z` : `${date}${sign}${twoDigits(Math.floor(abs / 60))}:${twoDigits(abs % 60)}`;
}

/** "7/31/2019, 09:00:00". */
const US_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4}), (\d{2}):(\d{2}):(\d{2})$/;
