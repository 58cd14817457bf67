/**
 * The calendar day an instant falls on in a time zone, without a date
 * library: what luxon's `DateTime.fromISO(iso, { zone })` gives for the
 * common ISO 8601 instant (`2019-07-31T09:00:00Z`, `…+01:00`, fractions of
 * a second), from one cached Intl.DateTimeFormat per zone. Anything else
 * (no offset, a week or ordinal date, hour 24, a year before 1000, a zone
 * luxon reads its own way such as `UTC+3` or `local`) is undefined here:
 * the caller then asks luxon, so the answer is luxon's either way. Pure.
 */

export interface LocalDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,30}))?)?(?:Z|([+-])(\d{2})(?::?(\d{2}))?)$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Milliseconds since the epoch of `iso`, as luxon reads it, when it is the common form; else undefined. */
export function instantOf(iso: string): number | undefined {
  const m = INSTANT.exec(iso);
  if (m === null) return undefined;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  // As luxon rounds a fraction: down to the millisecond, through a float.
  const ms = m[7] === undefined ? 0 : Math.floor(Number.parseFloat(`0.${m[7]}`) * 1000);
  const offHours = m[9] === undefined ? 0 : Number(m[9]);
  const offMinutes = m[10] === undefined ? 0 : Number(m[10]);
  if (offHours > 23 || offMinutes > 59) return undefined;
  const offset = (m[8] === '-' ? -1 : 1) * (offHours * 60 + offMinutes);
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000;
}

/** The name Intl knows `zone` by, when luxon reads it as that IANA zone (or as UTC); else undefined. */
export function intlZone(zone: string): string | undefined {
  const lowered = zone.toLowerCase();
  if (lowered === 'utc' || lowered === 'gmt') return 'UTC';
  if (lowered === 'default' || lowered === 'local' || lowered === 'system' || /^utc[+-]/.test(lowered)) return undefined;
  return zone;
}

const formats = new Map<string, Intl.DateTimeFormat | null>();

/** What a cached format says: the day, or the day and the time (24-hour, to the second). */
export type ZoneFormatKind = 'day' | 'time';

/**
 * One en-US, Gregorian, Latin-digit Intl.DateTimeFormat per zone and kind,
 * made once: "7/31/2019", or "7/31/2019, 09:00:00". null for a zone luxon
 * reads its own way (intlZone) or Intl does not know: luxon's answer is the
 * caller's then.
 */
export function zoneFormat(zone: string, kind: ZoneFormatKind): Intl.DateTimeFormat | null {
  const key = `${kind}\u0000${zone}`;
  let format = formats.get(key);
  if (format === undefined) {
    const name = intlZone(zone);
    const time = kind === 'time' ? ({ hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' } as const) : {};
    try {
      format = name === undefined ? null : new Intl.DateTimeFormat('en-US', { timeZone: name, calendar: 'gregory', numberingSystem: 'latn', year: 'numeric', month: 'numeric', day: 'numeric', ...time });
    } catch {
      format = null;
    }
    formats.set(key, format);
  }
  return format;
}

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * The days found, by zone and instant as written: a build asks for the
 * same post's day several times (its address, its archive folder, its
 * page). Cleared when it grows large; only a cache.
 */
const days = new Map<string, LocalDay | null>();
const MAX_DAYS = 100_000;

/** The day `iso` falls on in `zone` (years 1000 to 9999), or undefined when luxon must be asked. */
export function localDayOf(iso: string, zone: string): LocalDay | undefined {
  const key = `${zone}\u0000${iso}`;
  let day = days.get(key);
  if (day === undefined) {
    day = dayOf(iso, zone);
    if (days.size >= MAX_DAYS) days.clear();
    days.set(key, day);
  }
  return day ?? undefined;
}

function dayOf(iso: string, zone: string): LocalDay | null {
  const ms = instantOf(iso);
  const format = ms === undefined ? null : zoneFormat(zone, 'day');
  if (ms === undefined || format === null) return null;
  // "7/31/2019": en-US, Gregorian, Latin digits, numeric (formatToParts says the same, slower).
  const m = US_DATE.exec(format.format(ms));
  if (m === null) return null;
  const [month, day, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return year >= 1000 && month >= 1 && month <= 12 && day >= 1 ? { year, month, day } : null;
}

/** `7` as `07`. */
export function twoDigits(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
