import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { fastPeriodKeys } from '../../src/digest/period-keys.js';
import { periodKeysAt } from '../../src/digest/periods.js';
import { fingerprint } from '../../src/normalise/identity.js';
import { instants, ZONES } from './zone-instants.js';

/**
 * The import works out each new post's week, day and month keys, and its
 * fingerprint's local date, from the post's local day (Intl and integer
 * arithmetic) rather than through luxon. Either way the keys are luxon's:
 * they name the roundup a post goes to and the id a post keeps.
 */

/** What periodKeysAt gave through luxon alone. */
function luxonKeys(iso: string, zone: string): { weekly: string; daily: string; monthly: string } {
  const at = DateTime.fromISO(iso, { zone });
  return { weekly: at.startOf('week').toFormat("kkkk-'W'WW"), daily: at.startOf('day').toFormat('yyyy-MM-dd'), monthly: at.startOf('month').toFormat('yyyy-MM') };
}

/** The instant as a post may carry it: in UTC, and at other offsets with milliseconds. */
function written(ms: number): string[] {
  return [
    new Date(ms).toISOString().replace('.000Z', 'Z'),
    DateTime.fromMillis(ms, { zone: 'Asia/Kolkata' }).toISO() ?? '',
    DateTime.fromMillis(ms, { zone: 'America/Sao_Paulo' }).toISO({ suppressMilliseconds: true }) ?? '',
  ];
}

describe('period keys without luxon', () => {
  it.each(ZONES)("are luxon's keys in %s, DST changes and week 53 included", (zone) => {
    let fast = 0;
    let asked = 0;
    for (const ms of instants(zone)) {
      for (const iso of written(ms)) {
        asked += 1;
        const keys = fastPeriodKeys(iso, zone);
        if (keys !== undefined) fast += 1;
        expect(keys ?? luxonKeys(iso, zone), iso).toEqual(luxonKeys(iso, zone));
        expect(periodKeysAt(iso, zone)).toEqual(luxonKeys(iso, zone));
      }
    }
    expect(fast).toBe(asked);
  });

  it('leaves what it cannot read the same way to luxon', () => {
    // A fixed-offset zone luxon names its own way, a date-time without an offset, and hour 24.
    expect(fastPeriodKeys('2020-12-31T22:00:00Z', 'UTC+3')).toBeUndefined();
    expect(periodKeysAt('2020-12-31T22:00:00Z', 'UTC+3')).toEqual({ weekly: '2020-W53', daily: '2021-01-01', monthly: '2021-01' });
    expect(fastPeriodKeys('2021-01-03T23:30', 'Europe/London')).toBeUndefined();
    expect(periodKeysAt('2021-01-03T23:30', 'Europe/London')).toEqual(luxonKeys('2021-01-03T23:30', 'Europe/London'));
    expect(periodKeysAt('not a date', 'Europe/London')).toBeUndefined();
  });
});

describe("a fingerprint's local date", () => {
  it.each(ZONES)("is luxon's in %s", (zone) => {
    for (const ms of instants(zone)) {
      for (const iso of written(ms)) {
        const date = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).toISODate();
        expect(fingerprint(iso, 'Opening words here', zone), iso).toBe(`${date}:opening words here`);
      }
    }
  });

  it('falls back to luxon, then to the date as written', () => {
    expect(fingerprint('2021-01-03T23:30', 'first words', 'Asia/Tokyo')).toBe('2021-01-04:first words');
    expect(fingerprint('2021-01-03T23:30:00Z', 'first words', 'Not/AZone')).toBe('2021-01-03T23:30:00Z:first words');
  });
});
