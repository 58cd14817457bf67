import { IANAZone } from 'luxon';

/**
 * Wall-clock arithmetic in one IANA time zone, without the machine's zone.
 *
 * A *wall time* is a local date and time written as if it were UTC
 * milliseconds (`Date.UTC(y, m - 1, d, h, mi, s)`), so that walls can be
 * compared and stepped like numbers. An instant `t` reads as the wall
 * `t + offset(t)`.
 */

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * How far before an instant a change of offset can still matter to it: the
 * largest jump of any zone's clocks (DST moves them by 30 minutes to 2 hours;
 * a zone that changed its standard offset jumped by up to a day).
 */
export const LOOK_AROUND = 26 * HOUR;

export interface Zone {
  readonly name: string;
  /** Minutes ahead of UTC at instant `ms`. */
  offset(ms: number): number;
}

export function zoneNamed(name: string): Zone {
  const zone = IANAZone.create(name);
  if (!zone.isValid) throw new RangeError(`not an IANA time zone: "${name}" (e.g. "Europe/London" or "UTC")`);
  return { name, offset: (ms) => zone.offset(ms) };
}

/** The first whole second in (from, to] whose offset is that of `to`: the moment the clocks changed. Needs offset(from) ≠ offset(to). */
export function transitionBetween(zone: Zone, from: number, to: number): number {
  const target = zone.offset(to);
  let lo = Math.floor(from / SECOND); // offset differs here
  let hi = Math.ceil(to / SECOND); // offset is the target here
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (zone.offset(mid * SECOND) === target) hi = mid;
    else lo = mid;
  }
  return hi * SECOND;
}

/** The local calendar date of a wall time. */
export function wallDate(wall: number): { year: number; month: number; day: number } {
  const d = new Date(wall);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Seconds since local midnight of a wall time. */
export function secondOfDay(wall: number): number {
  return Math.floor((((wall % DAY) + DAY) % DAY) / SECOND);
}

/** Local midnight (as a wall time) of the day a wall time falls on. */
export function dayStart(wall: number): number {
  return Math.floor(wall / DAY) * DAY;
}
