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
  const wall = wallClockOf(ms, zone);
  if (wall === undefined) return undefined;
  const { year, month, day, hour, minute, second, millis, offset } = wall;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const fraction = millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`;
  const date = `${year}-${twoDigits(month)}-${twoDigits(day)}T${twoDigits(hour)}:${twoDigits(minute)}:${twoDigits(second)}${fraction}`;
  return offset === 0 ? `${date}Z` : `${date}${sign}${twoDigits(Math.floor(abs / 60))}:${twoDigits(abs % 60)}`;
}

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millis: number;
  /** Minutes east of UTC. */
  readonly offset: number;
}

function wallClockOf(ms: number, zone: string): WallClock | undefined {
  const format = zoneFormat(zone, 'time');
  if (format === null || !Number.isFinite(ms)) return undefined;
  const m = US_TIME.exec(format.format(ms));
  if (m === null) return undefined;
  const [month, day, year, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (year < 1000 || year > 9999) return undefined;
  const millis = ((ms % 1000) + 1000) % 1000;
  const offsetMs = Date.UTC(year, month - 1, day, hour, minute, second, millis) - ms;
  if (offsetMs % 60_000 !== 0) return undefined;
  return { year, month, day, hour, minute, second, millis, offset: offsetMs / 60_000 };
}

/**
 * The offset of `zone` at `ms`, in minutes east of UTC: what luxon's
 * `IANAZone.offset(ms)` gives, under the same conditions as zonedRfc3339
 * (else undefined: ask luxon). Pure.
 */
export function zoneOffsetMinutes(ms: number, zone: string): number | undefined {
  return wallClockOf(ms, zone)?.offset;
}

/** "7/31/2019, 09:00:00". */
const US_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4}), (\d{2}):(\d{2}):(\d{2})$/;
