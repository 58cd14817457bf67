/**
 * Reading dates as sources write them: a post date (front matter, ISO 8601)
 * and a feed date (RFC 822 or RFC 3339). Both keep the writer's offset.
 */
import { DateTime } from 'luxon';

export type DateReading = { ok: true; value: string } | { ok: false; reason: 'invalid' | 'no-offset' };

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?[ \t]*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Reads a post date as an author or a feed wrote it. `YYYY-MM-DD` stays as
 * it is (a calendar date); a date-time must carry an offset (`Z`, `+01:00`,
 * `+0100`) and comes back as ISO 8601 with that offset kept
 * (`2019-07-31 10:30:00 +0100` -> `2019-07-31T10:30:00+01:00`).
 * Impossible dates (`2019-02-31`) and free text (`yesterday`) are invalid.
 */
export function readPostDate(written: string): DateReading {
  const text = written.trim();
  const dateOnly = DATE_ONLY.exec(text);
  if (dateOnly) {
    const valid = DateTime.fromObject(
      { year: Number(dateOnly[1]), month: Number(dateOnly[2]), day: Number(dateOnly[3]) },
      { zone: 'utc' },
    ).isValid;
    return valid ? { ok: true, value: text } : { ok: false, reason: 'invalid' };
  }
  const dateTime = DATE_TIME.exec(text);
  if (!dateTime) return { ok: false, reason: 'invalid' };
  const [, day, hours, minutes, seconds, fraction, offset] = dateTime;
  if (offset === undefined) {
    const withoutOffset = DateTime.fromISO(`${day}T${hours}:${minutes}:${seconds ?? '00'}`, { zone: 'utc' });
    return { ok: false, reason: withoutOffset.isValid ? 'no-offset' : 'invalid' };
  }
  const iso = `${day}T${hours}:${minutes}:${seconds ?? '00'}${fraction ?? ''}${normaliseOffset(offset)}`;
  return DateTime.fromISO(iso, { setZone: true }).isValid ? { ok: true, value: iso } : { ok: false, reason: 'invalid' };
}

function normaliseOffset(offset: string): string {
  if (offset === 'Z' || offset === 'z') return 'Z';
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
