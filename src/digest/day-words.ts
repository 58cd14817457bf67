/**
 * A calendar day (or two) in words, in a language, as luxon's
 * `toLocaleString(DateTime.DATE_FULL)` and its relatives word it: "31 July
 * 2019", "29 July – 4 August 2019". The day is given by its number (year,
 * month 1-12, day), already in the site's zone, so the words come from one
 * cached Intl.DateTimeFormat at UTC: no zone arithmetic, no date library
 * per call. Pure.
 */

export interface Day {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const FULL: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric' };
const DAY_MONTH: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long' };
const DAY_ONLY: Intl.DateTimeFormatOptions = { day: 'numeric' };
const MONTH_YEAR: Intl.DateTimeFormatOptions = { month: 'long', year: 'numeric' };

const formats = new Map<string, Intl.DateTimeFormat>();

function words(at: Day, locale: string, options: Intl.DateTimeFormatOptions, name: string): string {
  const key = `${locale}\u0000${name}`;
  let format = formats.get(key);
  if (format === undefined) formats.set(key, (format = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' })));
  const date = new Date(0);
  date.setUTCFullYear(at.year, at.month - 1, at.day);
  return format.format(date);
}

/** "2019-07-31" as a Day; undefined when it is not one. */
export function dayOfKey(key: string): Day | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (match === null) return undefined;
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/** "31 July 2019". */
export function dayWords(at: Day, locale: string): string {
  return words(at, locale, FULL, 'full');
}

/** "31 July": luxon's `toLocaleString({ day: 'numeric', month: 'long' })`. */
export function dayMonthWords(at: Day, locale: string): string {
  return words(at, locale, DAY_MONTH, 'day-month');
}

/** "July 2019": luxon's `toLocaleString({ month: 'long', year: 'numeric' })`. */
export function monthWords(at: Day, locale: string): string {
  return words(at, locale, MONTH_YEAR, 'month-year');
}

/** "29 July – 4 August 2019", "1 – 7 July 2019", "30 December 2019 – 5 January 2020", or one day. */
export function dayRangeWords(first: Day, last: Day, locale: string): string {
  const sameYear = first.year === last.year;
  const sameMonth = sameYear && first.month === last.month;
  if (sameMonth && first.day === last.day) return dayWords(first, locale);
  if (!sameYear) return `${dayWords(first, locale)} – ${dayWords(last, locale)}`;
  const from = sameMonth ? words(first, locale, DAY_ONLY, 'day') : words(first, locale, DAY_MONTH, 'day-month');
  return `${from} – ${dayWords(last, locale)}`;
}
