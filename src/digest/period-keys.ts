import type { LocalDay } from '../text/zoned-day.js';
import { localDayOf, twoDigits } from '../text/zoned-day.js';

/**
 * The ids of the week, day and month a local calendar day is in: what
 * periods.ts periodKeysAt gives through luxon, by integer arithmetic. The
 * ISO week of a day is the ISO week of its Monday, so the day alone decides
 * all three (a zone's DST at midnight moves where a period starts, never
 * which one a day is in). Pure.
 */

export interface DayPeriodKeys {
  readonly weekly: string;
  readonly daily: string;
  readonly monthly: string;
}

const DAY_MS = 86_400_000;

/** The keys of the periods `iso` falls in, in `zone`, when the day is found without luxon (zoned-day.ts); else undefined. */
export function fastPeriodKeys(iso: string, zone: string): DayPeriodKeys | undefined {
  const day = localDayOf(iso, zone);
  return day === undefined ? undefined : periodKeysOfDay(day);
}

export function periodKeysOfDay(day: LocalDay): DayPeriodKeys {
  const { weekYear, week } = isoWeek(Date.UTC(day.year, day.month - 1, day.day));
  const month = `${day.year}-${twoDigits(day.month)}`;
  return { weekly: `${weekYear}-W${twoDigits(week)}`, daily: `${month}-${twoDigits(day.day)}`, monthly: month };
}

/** The ISO week and week-year of a UTC day (ms at its midnight): the week of its Thursday. */
export function isoWeek(ms: number): { weekYear: number; week: number } {
  const thursday = ms + (3 - ((new Date(ms).getUTCDay() + 6) % 7)) * DAY_MS;
  const weekYear = new Date(thursday).getUTCFullYear();
  return { weekYear, week: Math.floor((thursday - Date.UTC(weekYear, 0, 1)) / (7 * DAY_MS)) + 1 };
}
