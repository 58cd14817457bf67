import { createTask } from 'node-cron';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse.js';
import { cronSchedule } from '../../src/schedule/cron-schedule.js';

const iso = (date: Date | null) => date?.toISOString() ?? null;
const LONDON = 'Europe/London';

describe('cronSchedule in Europe/London', () => {
  it('puts Monday 08:00 at 07:00Z in British Summer Time and at 08:00Z after the clocks go back (26 October 2025)', () => {
    const weekly = cronSchedule('0 8 * * 1', LONDON);
    expect(weekly.upcoming(new Date('2025-10-14T00:00:00Z'), 3).map(iso)).toEqual([
      '2025-10-20T07:00:00.000Z',
      '2025-10-27T08:00:00.000Z',
      '2025-11-03T08:00:00.000Z',
    ]);
    // the week of the change (Monday 20 to Sunday 26 October) is 7 days and 1 hour long in UTC
    expect(iso(weekly.previous(new Date('2025-10-27T07:59:59Z')))).toBe('2025-10-20T07:00:00.000Z');
    expect(iso(weekly.previous(new Date('2025-10-27T08:00:00Z')))).toBe('2025-10-27T08:00:00.000Z');
  });

  it('and at 08:00Z before the clocks go forward (30 March 2025), 07:00Z after', () => {
    const weekly = cronSchedule('0 8 * * 1', LONDON);
    expect(weekly.upcoming(new Date('2025-03-20T00:00:00Z'), 2).map(iso)).toEqual(['2025-03-24T08:00:00.000Z', '2025-03-31T07:00:00.000Z']);
  });

  it('moves 01:30 on the night the clocks go forward (it does not exist) on by the gap: 02:30 BST, 01:30Z, once', () => {
    const daily = cronSchedule('30 1 * * *', LONDON);
    expect(daily.upcoming(new Date('2025-03-28T12:00:00Z'), 4).map(iso)).toEqual([
      '2025-03-29T01:30:00.000Z', // 01:30 GMT
      '2025-03-30T01:30:00.000Z', // 01:30 does not exist: 02:30 BST
      '2025-03-31T00:30:00.000Z', // 01:30 BST
      '2025-04-01T00:30:00.000Z',
    ]);
    expect(iso(daily.previous(new Date('2025-03-30T01:29:59Z')))).toBe('2025-03-29T01:30:00.000Z');
    expect(iso(daily.previous(new Date('2025-03-30T01:30:00Z')))).toBe('2025-03-30T01:30:00.000Z');
  });

  it('runs 01:30 once on the night the clocks go back (it happens twice): at the first one, as node-cron does', () => {
    const daily = cronSchedule('30 1 * * *', LONDON);
    expect(daily.upcoming(new Date('2025-10-24T12:00:00Z'), 3).map(iso)).toEqual([
      '2025-10-25T00:30:00.000Z',
      '2025-10-26T00:30:00.000Z', // 01:30 BST; 01:30 GMT (01:30Z) is not a second slot
      '2025-10-27T01:30:00.000Z',
    ]);
    expect(iso(daily.previous(new Date('2025-10-26T01:45:00Z')))).toBe('2025-10-26T00:30:00.000Z');
    expect(iso(daily.next(new Date('2025-10-26T00:30:00Z')))).toBe('2025-10-27T01:30:00.000Z');
  });

  it('keeps a 20-minute schedule going through the spring gap, and pauses it in the repeated autumn hour', () => {
    const often = cronSchedule('*/20 * * * *', LONDON);
    expect(often.upcoming(new Date('2025-03-30T00:30:00Z'), 5).map(iso)).toEqual([
      '2025-03-30T00:40:00.000Z',
      '2025-03-30T01:00:00.000Z',
      '2025-03-30T01:20:00.000Z',
      '2025-03-30T01:40:00.000Z',
      '2025-03-30T02:00:00.000Z',
    ]);
    expect(often.upcoming(new Date('2025-10-26T00:30:00Z'), 2).map(iso)).toEqual(['2025-10-26T00:40:00.000Z', '2025-10-26T02:00:00.000Z']);
  });

  it.each([
    ['0 8 * * 1', '2025-03-01', '2025-04-15'],
    ['30 1 * * *', '2025-03-01', '2025-04-15'],
    ['30 1 * * *', '2025-10-01', '2025-11-15'],
    ['15 */6 * * 1-5', '2025-10-01', '2025-11-15'],
    ['0 9 L * *', '2025-03-01', '2025-04-15'],
    ['0 7 * * 1#1', '2025-10-01', '2025-11-15'],
  ])('agrees with node-cron minute by minute (%s from %s to %s) except the slot node-cron cannot fire', (expression, from, to) => {
    const schedule = cronSchedule(expression, LONDON);
    const task = createTask(expression, () => undefined, { timezone: LONDON });
    void task.destroy();
    const fromCron: string[] = [];
    const start = Date.parse(`${from}T00:00:00Z`);
    const end = Date.parse(`${to}T00:00:00Z`);
    let lastWall = '';
    for (let ms = start; ms < end; ms += 60_000) {
      const at = new Date(ms);
      if (!task.match(at)) continue;
      // node-cron matches a repeated wall time twice; it fires the first only
      const wall = at.toLocaleString('en-GB', { timeZone: LONDON });
      if (wall !== lastWall) fromCron.push(at.toISOString());
      lastWall = wall;
    }
    const ours: string[] = [];
    for (let slot = schedule.next(new Date(start - 1)); slot !== null && slot.getTime() < end; slot = schedule.next(slot)) ours.push(slot.toISOString());
    const gapOnly = ours.filter((slot) => !fromCron.includes(slot));
    expect(ours.filter((slot) => fromCron.includes(slot)), expression).toEqual(fromCron);
    // the only slots node-cron never matches are the ones moved out of the spring gap
    for (const slot of gapOnly) expect(slot.startsWith('2025-03-30T01:'), `${expression}: ${slot}`).toBe(true);
  });

  it('finds the latest slot from any moment, consistently with next', () => {
    const schedule = cronSchedule('0 8 * * 1', LONDON);
    for (let ms = Date.parse('2025-10-19T00:00:00Z'); ms < Date.parse('2025-11-04T00:00:00Z'); ms += 37 * 60_000) {
      const previous = schedule.previous(new Date(ms));
      expect(previous).not.toBeNull();
      expect(previous!.getTime()).toBeLessThanOrEqual(ms);
      expect(schedule.next(previous!)!.getTime()).toBeGreaterThan(ms);
    }
  });

  it('takes seconds (a 6-field expression), rare days, and refuses what node-cron refuses', () => {
    const everySecond = cronSchedule('* * * * * *', 'UTC');
    expect(iso(everySecond.previous(new Date('2025-01-01T00:00:00.500Z')))).toBe('2025-01-01T00:00:00.000Z');
    expect(iso(everySecond.next(new Date('2025-01-01T00:00:00.500Z')))).toBe('2025-01-01T00:00:01.000Z');
    expect(cronSchedule('0 0 29 2 1', 'UTC').upcoming(new Date('2020-01-01T00:00:00Z'), 2).map(iso)).toEqual([
      '2044-02-29T00:00:00.000Z',
      '2072-02-29T00:00:00.000Z',
    ]);
    expect(() => cronSchedule('0 25 * * *', 'UTC')).toThrow(/hour/);
    expect(() => cronSchedule('0 8 * * 1', 'Mars/Olympus')).toThrow(/time zone/);
  });
});

describe('the schedule config', () => {
  it('defaults to Mondays at 08:00, a 7-day catch-up window, on', () => {
    expect(parseConfig('', 'tidings.config.yaml').schedule).toEqual({ cron: '0 8 * * 1', catchUpDays: 7, enabled: true });
  });

  it('names the key and the field when the cron expression is wrong', () => {
    expect(() => parseConfig('schedule:\n  cron: "0 8 * * 8"\n', '/site/tidings.config.yaml')).toThrow(
      /tidings\.config\.yaml:2: error: schedule\.cron: not a cron expression: "0 8 \* \* 8" \(dayOfWeek: .*\)/,
    );
    expect(() => parseConfig('schedule:\n  catchUpDays: 0\n', 'c.yaml')).toThrow(/schedule\.catchUpDays/);
    expect(() => parseConfig('schedule:\n  when: monday\n', 'c.yaml')).toThrow(/unknown key "when" in schedule .*allowed: cron, catchUpDays, enabled/);
  });
});
