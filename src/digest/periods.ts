import { DateTime } from 'luxon';
import type { Post } from '../model/post.js';
import { periodKeysOf } from '../model/post-periods.js';
import { dayRangeWords } from './day-words.js';
import { fastPeriodKeys, type DayPeriodKeys } from './period-keys.js';
import type { Period, PeriodKind } from './model.js';

/**
 * Which period an instant falls in, in the site's time zone: an ISO week
 * (Monday to Sunday, numbered in its ISO week-year, so 31 December 2019 is
 * in `2020-W01`), a day or a calendar month. Pure.
 */

const UNIT = { weekly: 'week', daily: 'day', monthly: 'month' } as const;

/** The period of `iso` (an ISO 8601 instant); throws RangeError on an unreadable date. */
export function periodOf(iso: string, kind: PeriodKind, zone: string, locale: string): Period {
  const at = DateTime.fromISO(iso, { zone });
  if (!at.isValid) throw new RangeError(`not an ISO 8601 date-time: "${iso}"`);
  const start = at.startOf(UNIT[kind]);
  const end = start.plus({ [`${UNIT[kind]}s`]: 1 });
  return {
    kind,
    id: periodId(start, kind),
    start: utc(start),
    end: utc(end),
    label: periodLabel(start, kind, locale),
    range: dayRange(start, end.minus({ days: 1 }), locale),
    short: shortLabel(start, kind, locale),
  };
}

/**
 * The ids of the week, day and month `iso` falls in, in `zone`: what
 * periodOf(iso, kind, zone, …).id gives for each kind, worked out together
 * (for the store's post_periods, once per post). Undefined for an unreadable date.
 */
export function periodKeysAt(iso: string, zone: string): DayPeriodKeys | undefined {
  // The common instant in a zone Intl knows: from its local day, without luxon (period-keys.ts; a third of a cold import's date work).
  const fast = fastPeriodKeys(iso, zone);
  if (fast !== undefined) return fast;
  const at = DateTime.fromISO(iso, { zone });
  if (!at.isValid) return undefined;
  return {
    weekly: periodId(at.startOf('week'), 'weekly'),
    daily: periodId(at.startOf('day'), 'daily'),
    monthly: periodId(at.startOf('month'), 'monthly'),
  };
}

/** The id of the period `post` falls in: its stored key when fresh, else periodOf's; throws RangeError on an unreadable date. */
export function postPeriodId(post: Post, kind: PeriodKind, zone: string, locale: string): string {
  return periodKeysOf(post, zone)?.[kind] ?? periodOf(post.published, kind, zone, locale).id;
}

function periodId(start: DateTime, kind: PeriodKind): string {
  switch (kind) {
    case 'weekly':
      return start.toFormat("kkkk-'W'WW");
    case 'daily':
      return start.toFormat('yyyy-MM-dd');
    case 'monthly':
      return start.toFormat('yyyy-MM');
  }
}

function periodLabel(start: DateTime, kind: PeriodKind, locale: string): string {
  switch (kind) {
    case 'weekly':
      return `Week ${start.weekNumber}, ${start.weekYear}`;
    case 'daily':
      return start.setLocale(locale).toLocaleString(DateTime.DATE_FULL);
    case 'monthly':
      return start.setLocale(locale).toLocaleString({ month: 'long', year: 'numeric' });
  }
}

/** "week 31", "31 July", "July 2019": the period at the end of a subject. */
function shortLabel(start: DateTime, kind: PeriodKind, locale: string): string {
  switch (kind) {
    case 'weekly':
      return `week ${start.weekNumber}`;
    case 'daily':
      return start.setLocale(locale).toLocaleString({ day: 'numeric', month: 'long' });
    case 'monthly':
      return start.setLocale(locale).toLocaleString({ month: 'long', year: 'numeric' });
  }
}

/** "29 July – 4 August 2019", "1 – 7 July 2019", or one day (day-words.ts: Intl, not luxon's formatter). */
function dayRange(first: DateTime, last: DateTime, locale: string): string {
  return dayRangeWords({ year: first.year, month: first.month, day: first.day }, { year: last.year, month: last.month, day: last.day }, locale);
}

/** The instant in UTC, `...Z`, without milliseconds when they are zero. */
function utc(date: DateTime): string {
  const text = date.toUTC().toISO() ?? '';
  return text.endsWith('.000Z') ? `${text.slice(0, -5)}Z` : text;
}
