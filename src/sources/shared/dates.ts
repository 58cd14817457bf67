/**
 * Reading dates as sources write them: a post date (front matter, ISO 8601
 * and the forms Jekyll and Hugo accept) and a feed date (RFC 822 or RFC
 * 3339). Both keep the writer's offset; only front matter may name none.
 */
import { DateTime } from 'luxon';

export type DateReading = { ok: true; value: string } | { ok: false; reason: 'invalid' | 'no-offset' };

const DATE_ONLY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?[ \t]*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/;

export interface PostDateOptions {
  /**
   * Accept a date-time without an offset, returned without one
   * (`2011-04-27T22:00:00`) for normalisation to read in the site's time
   * zone, as Jekyll and Hugo do. Feeds leave it off: a feed's date-time
   * names its offset.
   */
  allowLocal?: boolean;
}

/**
 * Reads a post date as an author or a feed wrote it. `YYYY-MM-DD` is a
 * calendar date (`2019-7-3` is written back as `2019-07-03`); a date-time
 * carries an offset (`Z`, `UTC`, `+01:00`, `+0100`, `+01`) and comes back as
 * ISO 8601 with that offset kept (`2019-07-31 10:30:00 +0100` ->
 * `2019-07-31T10:30:00+01:00`). Seconds may be left out and the hour may be
 * one digit (`2019-04-25 9:00`). Without an offset it is `no-offset`, or,
 * with `allowLocal`, a local ISO date-time. Impossible dates (`2019-02-31`,
 * `25:00`) and free text (`yesterday`) are invalid.
 */
export function readPostDate(written: string, options: PostDateOptions = {}): DateReading {
  const text = written.trim();
  const dateOnly = DATE_ONLY.exec(text);
  if (dateOnly) {
    const [, year, month, date] = dateOnly;
    if (!dayExists(Number(year), Number(month), Number(date))) return { ok: false, reason: 'invalid' };
    return { ok: true, value: `${year}-${pad(month)}-${pad(date)}` };
  }
  const dateTime = DATE_TIME.exec(text);
  if (!dateTime) return { ok: false, reason: 'invalid' };
  const [, year, month, date, hours, minutes, seconds, fraction, offset] = dateTime;
  const timeExists = Number(hours) <= 23 && Number(minutes) <= 59 && Number(seconds ?? 0) <= 59;
  if (!timeExists || !dayExists(Number(year), Number(month), Number(date))) return { ok: false, reason: 'invalid' };
  const zeroFraction = fraction === undefined || /^\.0+$/.test(fraction);
  const local = `${year}-${pad(month)}-${pad(date)}T${pad(hours)}:${minutes}:${seconds ?? '00'}${zeroFraction ? '' : fraction}`;
  if (offset === undefined) return options.allowLocal === true ? { ok: true, value: local } : { ok: false, reason: 'no-offset' };
  const zone = normaliseOffset(offset);
  if (zone !== 'Z' && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(4, 6)) > 59)) return { ok: false, reason: 'invalid' };
  return { ok: true, value: `${local}${zone}` };
}

/** Whether the calendar has this day (month 1-12, a day the month has, leap years counted). */
function dayExists(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

function pad(digits: string | undefined): string {
  return (digits ?? '').padStart(2, '0');
}

function normaliseOffset(offset: string): string {
  if (/^(?:Z|UTC|GMT)$/i.test(offset)) return 'Z';
  const digits = offset.slice(1).replace(':', '');
  return `${offset.charAt(0)}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
}

/**
 * A feed date as ISO 8601 with its offset kept: RFC 822 (RSS; also with a
 * wrong or missing weekday, a full month name, `UTC`, or `+01:00`, as real
 * feeds have) or RFC 3339 (Atom, dc:date). undefined when it is not a date
 * or names no offset (a local time would depend on the reader's machine).
 */
export function readFeedDate(text: string): string | undefined {
  const iso = readPostDate(text);
  if (iso.ok) return iso.value;
  const rfc822 = DateTime.fromRFC2822(tidyRfc822(text), { setZone: true });
  return rfc822.isValid ? (rfc822.toISO({ suppressMilliseconds: true }) ?? undefined) : undefined;
}

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/** "july", "Jul", "JUL", "sept" -> "Jul" (RFC 822 wants three letters, capitalised). */
const MONTH_WORDS = new Map<string, string>(
  MONTH_NAMES.flatMap((name) => {
    const short = name.charAt(0).toUpperCase() + name.slice(1, 3);
    return [[name, short], [name.slice(0, 3), short], ...(name === 'september' ? [['sept', short] as const] : [])];
  }),
);

function tidyRfc822(text: string): string {
  return text
    .trim()
    .replace(/^[A-Za-z]+,?\s*(?=\d)/, '')
    .replace(/\b[A-Za-z]{3,9}\b/g, (word) => MONTH_WORDS.get(word.toLowerCase()) ?? word)
    .replace(/\bUTC$/i, 'GMT')
    .replace(/([+-]\d{2}):(\d{2})$/, '$1$2');
}
