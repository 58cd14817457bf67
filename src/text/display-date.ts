import { DateTime } from 'luxon';
import type { Config } from '../config/schema.js';
import { instantOf, intlZone } from './zoned-day.js';

/**
 * A date as readers of the site read it: in the site's time zone and
 * language, e.g. "31 July 2019". The words are luxon's
 * `toLocaleString(DateTime.DATE_FULL)`, which is Intl.DateTimeFormat with
 * the zone's name: for the common ISO instant (zoned-day.ts) that format,
 * cached per language and zone, words the instant directly; any other
 * input goes through luxon (displayDateByLuxon), as before.
 */
export function displayDate(iso: string, config: Config): string {
  const ms = instantOf(iso);
  const format = ms === undefined ? null : fullDateFormat(config.site.language, config.site.timeZone);
  if (ms === undefined || format === null) return displayDateByLuxon(iso, config);
  // In UTC ("UTC", "GMT": a fixed zone to luxon) luxon joins formatToParts, which differs from format in places (ru: "1847\u202fг.").
  return format.parts ? format.intl.formatToParts(ms).map((part) => part.value).join('') : format.intl.format(ms);
}

/** displayDate through luxon: the reference the fast path is checked against, and its fallback. */
export function displayDateByLuxon(iso: string, config: Config): string {
  const date = DateTime.fromISO(iso, { zone: config.site.timeZone }).setLocale(config.site.language);
  return date.isValid ? date.toLocaleString(DateTime.DATE_FULL) : iso;
}

interface FullDate {
  readonly intl: Intl.DateTimeFormat;
  /** Worded by joining formatToParts, as luxon does in a fixed zone. */
  readonly parts: boolean;
}

const formats = new Map<string, FullDate | null>();

function fullDateFormat(language: string, zone: string): FullDate | null {
  const key = `${language}\u0000${zone}`;
  let format = formats.get(key);
  if (format === undefined) {
    const name = intlZone(zone);
    try {
      format = name === undefined ? null : { intl: new Intl.DateTimeFormat(language, { ...DateTime.DATE_FULL, timeZone: name }), parts: isFixedUtc(zone) };
    } catch {
      format = null; // luxon says what an unknown zone or language gives
    }
    formats.set(key, format);
  }
  return format;
}

/** luxon reads these as its fixed UTC zone, not as an IANA zone (see zoned-day.ts intlZone). */
function isFixedUtc(zone: string): boolean {
  const lowered = zone.toLowerCase();
  return lowered === 'utc' || lowered === 'gmt';
}
