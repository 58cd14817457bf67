/**
 * Post dates, strictly: a calendar date `YYYY-MM-DD` (local midnight in the
 * site's time zone), an ISO 8601 date-time with an offset (`Z`, `+01:00`),
 * or a local date-time without one (what Jekyll and Hugo front matter
 * usually hold), read in the site's time zone as those generators do. A
 * local time that summer time skips (01:30 on the last Sunday of March in
 * London) moves forward by the gap; one that occurs twice is the later.
 * Anything else is an error for the user to fix, never a guess.
 */
import { DateTime } from 'luxon';

export type ParsedDate = { ok: true; iso: string } | { ok: false; message: string; hint: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:?\d{2})$/;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?$/;

const HINT = 'write a date as 2019-06-06 or a date-time with an offset as 2019-06-06T09:30:00+01:00';

function instant(dt: DateTime): string {
  return dt.toUTC().toISO({ suppressMilliseconds: true }) ?? '';
}

/** `value` as an ISO instant in UTC (`2019-06-05T23:00:00Z`), or why it cannot be read. */
export function parsePostDate(value: string, timeZone: string): ParsedDate {
  const text = value.trim();
  if (DATE.test(text)) {
    const dt = DateTime.fromISO(text, { zone: timeZone });
    if (dt.isValid) return { ok: true, iso: instant(dt) };
    return { ok: false, message: `"${text}" is not a date that exists (month 01-12, a day the month has)`, hint: HINT };
  }
  if (DATE_TIME.test(text)) {
    const dt = DateTime.fromISO(text.replace(' ', 'T'), { setZone: true });
    if (dt.isValid) return { ok: true, iso: instant(dt) };
    return { ok: false, message: `"${text}" is not a date-time that exists`, hint: HINT };
  }
  if (LOCAL_DATE_TIME.test(text)) {
    const dt = DateTime.fromISO(text.replace(' ', 'T'), { zone: timeZone });
    if (dt.isValid) return { ok: true, iso: instant(dt) };
    return { ok: false, message: `"${text}" is not a date-time that exists`, hint: HINT };
  }
  return { ok: false, message: `"${text}" is not a date`, hint: HINT };
}
