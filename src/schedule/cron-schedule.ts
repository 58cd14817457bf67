import { createTask, parse, type ScheduledTask } from 'node-cron';
import { cronProblem } from './cron-check.js';
import { DAY, dayStart, LOOK_AROUND, MINUTE, SECOND, secondOfDay, transitionBetween, zoneNamed } from './wall-clock.js';

/**
 * The instants a cron expression names in a time zone: the scheduler's
 * idea of when runs are due, computed from any clock (tests pass a fake
 * one; node-cron only wakes the daemon up).
 *
 * Wall-clock times follow node-cron (same expression syntax and matching,
 * day fields included) with one rule for each daylight-saving change:
 * - clocks go back (a wall time happens twice): the slot is the first
 *   occurrence only, as node-cron fires it;
 * - clocks go forward (a wall time never happens): the slot is moved on by
 *   the length of the gap: 01:30 on 30 March 2025 in Europe/London is
 *   02:30 BST (01:30Z). node-cron skips it; the daemon's minute watch runs
 *   it (see daemon.ts), so a daily 01:30 roundup still goes out that day,
 *   once.
 * Slots are whole seconds. Offset changes are assumed to be at least a
 * week apart (true of every zone's DST rules).
 */
export interface CronSchedule {
  readonly expression: string;
  readonly timeZone: string;
  /** The latest slot at or before `at`, or null when there is none in the last 30 years. */
  previous(at: Date): Date | null;
  /** The first slot after `after` (strictly), or null when there is none in the next 30 years. */
  next(after: Date): Date | null;
  /** The next `count` slots after `after`. */
  upcoming(after: Date, count: number): Date[];
}

const WINDOW = 7 * DAY;
/** The rarest schedules (29 February on a Monday) come round every 28 years. */
const HORIZON = 30 * 366 * DAY;

export function cronSchedule(expression: string, timeZone: string): CronSchedule {
  const problem = cronProblem(expression);
  if (problem !== null) throw new RangeError(`not a cron expression: "${expression}" (${problem})`);
  const zone = zoneNamed(timeZone);
  const walls = wallMatcher(expression);
  const offsetMs = (ms: number): number => zone.offset(ms) * MINUTE;

  /** [a, b] split where the offset changes: each piece has one offset. */
  const pieces = (a: number, b: number): Piece[] => {
    const oa = offsetMs(a);
    const ob = offsetMs(b);
    if (oa === ob) return [{ a, b, offset: oa }];
    const t = transitionBetween(zone, a, b);
    return [
      { a, b: t - SECOND, offset: oa },
      { a: t, b, offset: ob },
    ];
  };

  /** A recent change of offset before `a` that still shapes the walls after it. */
  const before = (piece: Piece): { at: number; offset: number } | null => {
    const earlier = piece.a - LOOK_AROUND;
    const offset = offsetMs(earlier);
    if (offset === piece.offset) return null;
    return { at: transitionBetween(zone, earlier, piece.a), offset };
  };

  /** Where the slots of a piece can be: its walls, and (after clocks went forward) the walls that were skipped, moved on. */
  const ranges = (piece: Piece): WallRange[] => {
    const { a, b, offset } = piece;
    const change = before(piece);
    if (change === null) return [{ lo: a + offset, hi: b + offset, offset }];
    if (change.offset > offset) {
      // Clocks went back: walls up to the change's end already happened before it.
      return [{ lo: Math.max(a + offset, change.at + change.offset), hi: b + offset, offset }];
    }
    // Clocks went forward: the skipped walls [change + before, change + after) happen at wall - before.
    return [
      { lo: a + offset, hi: b + offset, offset },
      { lo: Math.max(change.at + change.offset, a + change.offset), hi: Math.min(change.at + offset - SECOND, b + change.offset), offset: change.offset },
    ];
  };

  const previous = (at: Date): Date | null => {
    let hi = Math.floor(at.getTime() / SECOND) * SECOND;
    const stop = hi - HORIZON;
    while (hi > stop) {
      const lo = hi - WINDOW + SECOND;
      for (const piece of pieces(lo, hi).reverse()) {
        let best: number | null = null;
        for (const range of ranges(piece)) {
          const wall = range.lo <= range.hi ? walls.latest(range.lo, range.hi) : null;
          if (wall !== null && (best === null || wall - range.offset > best)) best = wall - range.offset;
        }
        if (best !== null) return new Date(best);
      }
      hi = lo - SECOND;
    }
    return null;
  };

  const next = (after: Date): Date | null => {
    let lo = Math.floor(after.getTime() / SECOND) * SECOND + SECOND;
    const stop = lo + HORIZON;
    while (lo < stop) {
      const hi = lo + WINDOW - SECOND;
      for (const piece of pieces(lo, hi)) {
        let best: number | null = null;
        for (const range of ranges(piece)) {
          const wall = range.lo <= range.hi ? walls.earliest(range.lo, range.hi) : null;
          if (wall !== null && (best === null || wall - range.offset < best)) best = wall - range.offset;
        }
        if (best !== null) return new Date(best);
      }
      lo = hi + SECOND;
    }
    return null;
  };

  return {
    expression,
    timeZone,
    previous,
    next,
    upcoming(after, count) {
      const slots: Date[] = [];
      let from: Date | null = after;
      while (slots.length < count && from !== null) {
        from = next(from);
        if (from !== null) slots.push(from);
      }
      return slots;
    },
  };
}

interface Piece {
  a: number;
  b: number;
  offset: number;
}

/** Walls [lo, hi] (inclusive) whose instants are wall - offset. */
interface WallRange {
  lo: number;
  hi: number;
  offset: number;
}

interface WallMatcher {
  /** The latest wall time in [lo, hi] the expression matches, or null. */
  latest(lo: number, hi: number): number | null;
  /** The earliest wall time in [lo, hi] the expression matches, or null. */
  earliest(lo: number, hi: number): number | null;
}

const LAST_SECOND_OF_DAY = DAY / SECOND - 1;

/**
 * Matches wall times against the expression. Times of day come from
 * node-cron's parse; whether a day matches (month, day of month with L and
 * W, day of week with # and L) is asked of node-cron itself, through a task
 * that is never started and reads walls as UTC.
 */
function wallMatcher(expression: string): WallMatcher {
  const fields = parse(expression);
  const asc = (values: number[]) => [...new Set(values)].sort((x, y) => x - y);
  const hours = asc(fields.hour);
  const minutes = asc(fields.minute);
  const seconds = asc(fields.second);
  const hoursDesc = [...hours].reverse();
  const minutesDesc = [...minutes].reverse();
  const secondsDesc = [...seconds].reverse();
  const firstTime = ((hours[0] ?? 0) * 60 + (minutes[0] ?? 0)) * 60 + (seconds[0] ?? 0);

  const probe: ScheduledTask = createTask(expression, () => undefined, { timezone: 'UTC' });
  void probe.destroy(); // out of node-cron's registry; match() still works
  const days = new Map<number, boolean>();
  const dayMatches = (day: number): boolean => {
    let known = days.get(day);
    if (known === undefined) {
      if (days.size > 4_096) days.clear();
      known = probe.match(new Date(day + firstTime * SECOND));
      days.set(day, known);
    }
    return known;
  };

  /** The largest time of day (in seconds) at or before `upper` that the expression names. */
  const latestTime = (upper: number): number | null => {
    const H = Math.floor(upper / 3600);
    const M = Math.floor(upper / 60) % 60;
    const S = upper % 60;
    for (const h of hoursDesc) {
      if (h > H) continue;
      for (const m of minutesDesc) {
        if (h === H && m > M) continue;
        for (const s of secondsDesc) {
          if (h === H && m === M && s > S) continue;
          return (h * 60 + m) * 60 + s;
        }
      }
    }
    return null;
  };

  /** The smallest time of day (in seconds) at or after `lower` that the expression names. */
  const earliestTime = (lower: number): number | null => {
    const H = Math.floor(lower / 3600);
    const M = Math.floor(lower / 60) % 60;
    const S = lower % 60;
    for (const h of hours) {
      if (h < H) continue;
      for (const m of minutes) {
        if (h === H && m < M) continue;
        for (const s of seconds) {
          if (h === H && m === M && s < S) continue;
          return (h * 60 + m) * 60 + s;
        }
      }
    }
    return null;
  };

  return {
    latest(lo, hi) {
      const first = dayStart(lo);
      for (let day = dayStart(hi); day >= first; day -= DAY) {
        if (!dayMatches(day)) continue;
        const time = latestTime(day === dayStart(hi) ? secondOfDay(hi) : LAST_SECOND_OF_DAY);
        const lower = day === first ? Math.ceil((lo - first) / SECOND) : 0;
        if (time !== null && time >= lower) return day + time * SECOND;
      }
      return null;
    },
    earliest(lo, hi) {
      const last = dayStart(hi);
      for (let day = dayStart(lo); day <= last; day += DAY) {
        if (!dayMatches(day)) continue;
        const time = earliestTime(day === dayStart(lo) ? Math.ceil((lo - day) / SECOND) : 0);
        const upper = day === last ? secondOfDay(hi) : LAST_SECOND_OF_DAY;
        if (time !== null && time <= upper) return day + time * SECOND;
      }
      return null;
    },
  };
}
