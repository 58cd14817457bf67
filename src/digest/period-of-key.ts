import { zoneOffsetMinutes } from '../text/zoned-time.js';
import { dayMonthWords, dayRangeWords, dayWords, monthWords, type Day } from './day-words.js';
import type { Period, PeriodKind } from './model.js';
import { isoWeek } from './period-keys.js';

/**
 * The period a stored key names (`2020-W53`, `2020-12-31`, `2020-12`: the
 * ids periods.ts gives), without a date library: what periodOf gives for
 * an instant in it, from integer arithmetic on the key and the zone's
 * offset at a few instants (Intl, cached per zone, text/zoned-time.ts).
 *
 * Its bounds are found as luxon finds them (`startOf`, then `plus` one
 * period: its fixOffset, guessing from the offset at `guessMs`, the instant
 * luxon would start from). Undefined where this cannot say what luxon
 * would: a key of another form, a zone Intl does not know or luxon reads
 * its own way, a year outside 1000-9999, and a bound that is not a local
 * midnight (a DST gap over midnight): the caller then asks periodOf. Pure.
 */
export function periodOfKey(key: string, kind: PeriodKind, zone: string, locale: string, guessMs: number): Period | undefined {
  const span = spanOf(key, kind);
  if (span === undefined) return undefined;
  const guess = zoneOffsetMinutes(guessMs, zone);
  if (guess === undefined) return undefined;
  const start = midnight(span.first, guess, zone);
  if (start === undefined) return undefined;
  const end = midnight(span.next, start.offset, zone);
  if (end === undefined) return undefined;
  // The last day is the day before the next period's first: end.minus({ days: 1 }) lands on it, or later that day in a gap.
  const last = dayFromUtcMs(Date.UTC(span.next.year, span.next.month - 1, span.next.day) - DAY_MS);
  return {
    kind,
    id: key,
    start: utcText(start.ms),
    end: utcText(end.ms),
    label: kind === 'weekly' ? `Week ${span.week}, ${span.weekYear}` : kind === 'daily' ? dayWords(span.first, locale) : monthWords(span.first, locale),
    range: dayRangeWords(span.first, last, locale),
    short: kind === 'weekly' ? `week ${span.week}` : kind === 'daily' ? dayMonthWords(span.first, locale) : monthWords(span.first, locale),
  };
}

const DAY_MS = 86_400_000;

interface Span {
  /** The period's first day and the next period's first day, on the zone's calendar. */
  readonly first: Day;
  readonly next: Day;
  /** ISO week and week-year (weekly only). */
  readonly week?: number;
  readonly weekYear?: number;
}

const WEEK = /^(\d{4})-W(\d{2})$/;
const DAILY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTHLY = /^(\d{4})-(\d{2})$/;

function spanOf(key: string, kind: PeriodKind): Span | undefined {
  switch (kind) {
    case 'weekly': {
      const m = WEEK.exec(key);
      if (m === null) return undefined;
      const [weekYear, week] = [Number(m[1]), Number(m[2])];
      const jan4 = Date.UTC(weekYear, 0, 4);
      const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS + (week - 1) * 7 * DAY_MS;
      const first = dayFromUtcMs(monday);
      // A week 53 in a year of 52 (or week 0) is not a key periods.ts gives.
      if (week < 1 || isoWeekOf(monday) !== week) return undefined;
      return checked({ first, next: dayFromUtcMs(monday + 7 * DAY_MS), week, weekYear });
    }
    case 'daily': {
      const m = DAILY.exec(key);
      if (m === null) return undefined;
      const at = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
      const first = dayFromUtcMs(at);
      if (first.month !== Number(m[2]) || first.day !== Number(m[3])) return undefined;
      return checked({ first, next: dayFromUtcMs(at + DAY_MS) });
    }
    case 'monthly': {
      const m = MONTHLY.exec(key);
      if (m === null) return undefined;
      const [year, month] = [Number(m[1]), Number(m[2])];
      if (month < 1 || month > 12) return undefined;
      return checked({ first: { year, month, day: 1 }, next: dayFromUtcMs(Date.UTC(year, month, 1)) });
    }
  }
}

function checked(span: Span): Span | undefined {
  return span.first.year >= 1000 && span.next.year <= 9999 ? span : undefined;
}

/** The ISO week number of a UTC day (ms at its midnight). */
function isoWeekOf(ms: number): number {
  return isoWeek(ms).week;
}

function dayFromUtcMs(ms: number): Day {
  const at = new Date(ms);
  return { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() };
}

/**
 * The instant of 00:00 on `day` in `zone`, as luxon's fixOffset finds it
 * from the offset guess `guess` (minutes), with the offset it settles on;
 * undefined when that instant's wall clock is not 00:00 (a gap) or Intl
 * cannot say an offset.
 */
function midnight(day: Day, guess: number, zone: string): { ms: number; offset: number } | undefined {
  const local = Date.UTC(day.year, day.month - 1, day.day);
  let ms = local - guess * 60_000;
  const o2 = zoneOffsetMinutes(ms, zone);
  if (o2 === undefined) return undefined;
  if (o2 === guess) return { ms, offset: guess };
  ms -= (o2 - guess) * 60_000;
  const o3 = zoneOffsetMinutes(ms, zone);
  // o3 differing from o2 is luxon's "hole": its answer is not a midnight.
  return o3 === o2 ? { ms, offset: o2 } : undefined;
}

/** The instant in UTC, `...Z`, without milliseconds when they are zero (periods.ts utc). */
function utcText(ms: number): string {
  const text = new Date(ms).toISOString();
  return text.endsWith('.000Z') ? `${text.slice(0, -5)}Z` : text;
}
