/**
 * Reading dates as sources write them: a post date (front matter, ISO 8601
 * and the forms Jekyll and Hugo accept) and a feed date (RFC 822 or RFC
 * 3339). Both keep the writer's offset; only front matter may name none.
 */
import { DateTime } from 'luxon';

export type DateReading = { ok: true; value: string } | { ok: false; reason: 'invalid' | 'no-offset' };

const DATE_ONLY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ \t]*[Tt][ \t]*|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?[ \t]*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/;

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
 * one digit (`2019-04-25 9:00`); spaces around the `T` are read as Jekyll
 * (Ruby's Time.parse) reads them (`2019-09-29 T18:00:00-07:00`). Without an offset it is `no-offset`, or,
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

/** What a feed date needed to be read, reported once per file and cause (never per item). */
export type FeedDateNote = 'no-offset' | 'weekday';

export interface FeedDate {
  /**
   * ISO 8601: with the feed's offset kept (`2019-07-31T10:30:00+01:00`), or,
   * when the feed names none, a local date-time (`2018-01-06T08:00:00`) or a
   * calendar date (`2018-01-06`) for normalisation to read in the site's
   * time zone.
   */
  value: string;
  notes: FeedDateNote[];
}

/**
 * A feed date read as leniently as the major readers read it (browsers'
 * `Date.parse`, which @rowanmanning/feed-parser uses, and the readers built
 * on it): RFC 3339 / ISO 8601 (seconds optional, `T` or a space, `/` for
 * `-` in the date) and RFC 822
 * with its real-world variants: a missing or wrong weekday, a single-digit
 * day or hour, missing seconds, a two-digit year (00-49 -> 20xx, as RFC 2822
 * says), a full month name, `-` between the parts, `AM`/`PM`, the named
 * zones of RFC 822 (`GMT`, `UT`, `Z`, `EST`, `EDT`, `CST`, `CDT`, `MST`, `MDT`,
 * `PST`, `PDT`) and a few common others (`UTC`, `CET`, `CEST`, `BST`, …),
 * `+0100`, `+01:00`, `GMT+0100`, and a trailing `(comment)`; month and
 * weekday words in German, Spanish, French, Italian, Dutch or Portuguese. A date-time
 * with no zone at all is returned local (note `no-offset`); a wrong weekday
 * is ignored (note `weekday`). undefined when it is not a date, names a day
 * or time that does not exist, or names a zone tidings does not know.
 */
export function readFeedDate(written: string): FeedDate | undefined {
  // `2020/1/10 14:33:00`, as some generators write it, reads as `2020-1-10 14:33:00`.
  const text = written.trim().replace(/\s+/g, ' ').replace(/^(\d{4})\/(\d{1,2})\/(\d{1,2})(?=$|[ T])/, '$1-$2-$3');
  const iso = readPostDate(text, { allowLocal: true });
  if (iso.ok) return { value: iso.value, notes: hasOffset(iso.value) ? [] : iso.value.includes('T') ? ['no-offset'] : [] };
  return readRfc822(text);
}

function hasOffset(iso: string): boolean {
  return /(?:Z|[+-]\d{2}:\d{2})$/.test(iso);
}

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WEEKDAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** Named zones, in minutes east of UTC: RFC 822's, and the few others feeds write that mean one thing. */
const ZONES: Record<string, number> = {
  z: 0, ut: 0, utc: 0, gmt: 0, wet: 0,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  akst: -540, akdt: -480, hst: -600,
  bst: 60, cet: 60, met: 60, west: 60, cest: 120, mest: 120, eet: 120, eest: 180, msk: 180,
  jst: 540, kst: 540, aest: 600, aedt: 660, awst: 480, nzst: 720, nzdt: 780,
};

const WEEKDAY_PART = '(?:(?<weekday>\\p{L}{2,12})\\.?,?\\s*)?';
const TIME_PART =
  '(?:(?:,?\\s+|\\s*T)(?<hours>\\d{1,2}):(?<minutes>\\d{2})(?::(?<seconds>\\d{2})(?:\\.\\d+)?)?\\s*(?<meridiem>[AaPp]\\.?[Mm]\\.?)?' +
  '(?:\\s*(?<zone>[A-Za-z]{1,5}(?:\\s*[+-]\\d{1,2}(?::?\\d{2})?)?|[+-]\\d{1,2}(?::?\\d{2})?))?)?';
const TAIL = '\\s*(?:\\([^)]*\\))?$';
const DAY_FIRST = new RegExp(
  `^${WEEKDAY_PART}(?<day>\\d{1,2})(?:st|nd|rd|th)?[\\s-]+(?<month>\\p{L}{3,9})\\.?,?[\\s-]+(?<year>\\d{4}|\\d{2})${TIME_PART}${TAIL}`,
  'u',
);
const MONTH_FIRST = new RegExp(
  `^${WEEKDAY_PART}(?<month>\\p{L}{3,9})\\.?[\\s-]+(?<day>\\d{1,2})(?:st|nd|rd|th)?,?[\\s-]+(?<year>\\d{4}|\\d{2})${TIME_PART}${TAIL}`,
  'u',
);

/**
 * Month words feeds in other languages write where RFC 822 wants English
 * (a Brazilian portal's `Seg, 24 Set 2018`): German, Spanish, French,
 * Italian, Dutch and Portuguese abbreviations and names that are not English.
 */
const OTHER_MONTHS: Record<string, number> = Object.fromEntries(
  [
    ['ene', 'gen', 'janv', 'janvier', 'januar', 'enero', 'gennaio', 'januari', 'janeiro'],
    ['fev', 'fév', 'févr', 'février', 'februar', 'febrero', 'febbraio', 'februari', 'fevereiro'],
    ['mär', 'mrz', 'mrt', 'mars', 'märz', 'marzo', 'maart', 'março'],
    ['abr', 'avr', 'avril', 'abril', 'aprile'],
    ['mai', 'mei', 'mag', 'maggio', 'mayo', 'maio'],
    ['giu', 'juin', 'juni', 'junio', 'giugno', 'junho'],
    ['lug', 'juil', 'juillet', 'juli', 'julio', 'luglio', 'julho'],
    ['ago', 'août', 'agosto', 'augustus'],
    ['set', 'septembre', 'septiembre', 'settembre', 'setembro'],
    ['okt', 'ott', 'out', 'octobre', 'oktober', 'octubre', 'ottobre', 'outubro'],
    ['novembre', 'noviembre', 'novembro'],
    ['dez', 'déc', 'dic', 'décembre', 'dezember', 'diciembre', 'dicembre', 'dezembro'],
  ].flatMap((words, index) => words.map((word) => [word, index + 1] as const)),
);

/** Weekday words of those languages: read, but not checked against the day. */
const OTHER_WEEKDAYS = new Set(
  'mo di mi do fr sa so ma wo vr za zo lun mar mié mer jue jeu gio vie ven sáb sab sam dom dim seg ter qua qui sex mon die mit don fre son'.split(' '),
);

function monthNumber(word: string): number | undefined {
  const lower = word.toLowerCase();
  const index = MONTH_NAMES.findIndex((name) => name === lower || name.slice(0, 3) === lower || (lower === 'sept' && name === 'september'));
  return index >= 0 ? index + 1 : OTHER_MONTHS[lower];
}

/** 0-6 for an English weekday, 'other' for one of another language, undefined for a word that is none. */
function weekdayNumber(word: string): number | 'other' | undefined {
  const lower = word.toLowerCase();
  const index = WEEKDAY_NAMES.findIndex((name) => name === lower || (lower.length >= 3 && name.startsWith(lower)));
  if (index >= 0) return index;
  return OTHER_WEEKDAYS.has(lower) ? 'other' : undefined;
}

/** Minutes east of UTC for `GMT`, `EST`, `+0100`, `+01:00`, `+1`, `GMT+0100`; undefined when unknown. */
function zoneMinutes(zone: string): number | undefined {
  const compact = zone.replace(/\s+/g, '');
  const numeric = /^(?<name>[A-Za-z]*)(?<sign>[+-])(?<hours>\d{1,2})(?::?(?<minutes>\d{2}))?$/.exec(compact)?.groups;
  if (numeric) {
    const base = numeric.name === '' ? 0 : ZONES[(numeric.name ?? '').toLowerCase()];
    const hours = Number(numeric.hours);
    const minutes = Number(numeric.minutes ?? 0);
    if (base === undefined || hours > 23 || minutes > 59) return undefined;
    return base + (numeric.sign === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  return ZONES[compact.toLowerCase()];
}

function offsetText(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function readRfc822(text: string): FeedDate | undefined {
  const parts = (DAY_FIRST.exec(text) ?? MONTH_FIRST.exec(text))?.groups;
  if (!parts) return undefined;
  const month = monthNumber(parts.month ?? '');
  if (month === undefined) return undefined;
  const writtenYear = Number(parts.year);
  const year = (parts.year ?? '').length === 2 ? (writtenYear < 50 ? 2000 + writtenYear : 1900 + writtenYear) : writtenYear;
  const day = Number(parts.day);
  if (!dayExists(year, month, day)) return undefined;

  const notes: FeedDateNote[] = [];
  if (parts.weekday !== undefined) {
    const weekday = weekdayNumber(parts.weekday);
    if (weekday === undefined) return undefined;
    const actual = DateTime.utc(year, month, day).weekday % 7;
    if (weekday !== 'other' && weekday !== actual) notes.push('weekday');
  }
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (parts.hours === undefined) return { value: date, notes };

  let hours = Number(parts.hours);
  if (parts.meridiem !== undefined) {
    if (hours < 1 || hours > 12) return undefined;
    const pm = /^p/i.test(parts.meridiem);
    hours = (hours % 12) + (pm ? 12 : 0);
  }
  const minutes = Number(parts.minutes);
  const seconds = Number(parts.seconds ?? 0);
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  const local = `${date}T${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  if (parts.zone === undefined) return { value: local, notes: [...notes, 'no-offset'] };
  const zone = zoneMinutes(parts.zone);
  if (zone === undefined) return undefined;
  return { value: `${local}${offsetText(zone)}`, notes };
}
