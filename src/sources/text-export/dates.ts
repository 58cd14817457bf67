/**
 * Date header lines: a line that is wholly a date. Shapes read:
 *   Wednesday, 31 July 2019   31 July 2019   31st Jul 2019
 *   Wednesday, July 31, 2019  July 31 2019   2019-07-31
 * (weekday optional, comma optional, English month and weekday names or their
 * usual abbreviations, any letter case).
 */
import { cleanText } from './lines.js';

export type DateHeader =
  | { valid: true; date: string; weekdayMismatch?: { stated: string; actual: string } }
  | { valid: false; text: string; reason: string };

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WEEKDAY_ABBREVIATIONS: Record<string, number> = {
  sun: 0, mon: 1, tue: 2, tues: 2, wed: 3, thu: 4, thur: 4, thurs: 4, fri: 5, sat: 6,
};
const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];

const WEEKDAY = '(?<weekday>[a-z]+)\\.?,?\\s+';
const MONTH = '(?<month>[a-z]+)\\.?';
const DAY = '(?<day>\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '(?<year>\\d{4})';

const DAY_MONTH_YEAR = new RegExp(`^(?:${WEEKDAY})?${DAY}\\s+${MONTH},?\\s+${YEAR}$`, 'i');
const MONTH_DAY_YEAR = new RegExp(`^(?:${WEEKDAY})?${MONTH}\\s+${DAY},?\\s+${YEAR}$`, 'i');
const ISO = /^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})$/;

function weekdayIndex(name: string): number | undefined {
  const lower = name.toLowerCase();
  const full = WEEKDAYS.indexOf(lower);
  return full >= 0 ? full : WEEKDAY_ABBREVIATIONS[lower];
}

function monthIndex(name: string): number | undefined {
  const lower = name.toLowerCase();
  const full = MONTHS.indexOf(lower);
  if (full >= 0) return full + 1;
  if (lower === 'sept') return 9;
  const short = MONTHS.findIndex((m) => m.slice(0, 3) === lower);
  return short >= 0 ? short + 1 : undefined;
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

function actualWeekday(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCDay();
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

interface DateParts {
  year: number;
  month: number;
  day: number;
  weekday?: number;
}

/** Match the shape of a date line; names that are not month or weekday names do not match. */
function matchShape(text: string): DateParts | undefined {
  const iso = ISO.exec(text)?.groups;
  if (iso) return { year: Number(iso.year), month: Number(iso.month), day: Number(iso.day) };
  const named = (DAY_MONTH_YEAR.exec(text) ?? MONTH_DAY_YEAR.exec(text))?.groups;
  if (!named?.month || !named.day || !named.year) return undefined;
  const month = monthIndex(named.month);
  if (month === undefined) return undefined;
  const parts: DateParts = { year: Number(named.year), month, day: Number(named.day) };
  if (named.weekday !== undefined) {
    const weekday = weekdayIndex(named.weekday);
    if (weekday === undefined) return undefined;
    parts.weekday = weekday;
  }
  return parts;
}

/**
 * Read a line as a date header. Returns undefined when the line is not wholly
 * a date (it is body text then), `valid: false` for a date that cannot exist.
 */
export function parseDateHeader(line: string): DateHeader | undefined {
  const text = cleanText(line);
  if (text.length > 40) return undefined;
  const parts = matchShape(text);
  if (!parts) return undefined;
  const { year, month, day } = parts;
  if (month < 1 || month > 12) {
    return { valid: false, text, reason: `there is no month ${month}` };
  }
  if (day < 1 || day > daysInMonth(year, month)) {
    const name = MONTHS[month - 1] ?? '';
    const label = name.charAt(0).toUpperCase() + name.slice(1);
    return { valid: false, text, reason: `${label} ${year} has no day ${day}` };
  }
  const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  const actual = actualWeekday(year, month, day);
  if (parts.weekday !== undefined && parts.weekday !== actual) {
    const stated = WEEKDAYS[parts.weekday] ?? '';
    return { valid: true, date, weekdayMismatch: { stated, actual: WEEKDAYS[actual] ?? '' } };
  }
  return { valid: true, date };
}
