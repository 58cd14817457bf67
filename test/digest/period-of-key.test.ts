import { describe, expect, it } from 'vitest';
import type { PeriodKind } from '../../src/digest/model.js';
import { periodOfKey } from '../../src/digest/period-of-key.js';
import { periodKeysAt, periodOf } from '../../src/digest/periods.js';
import { instants, ZONES } from './zone-instants.js';

/**
 * A period made from its stored key (Intl and integer arithmetic) is the
 * one luxon makes from an instant in it, field for field, or none at all
 * (then planning asks luxon): across DST changes at 01:00, at midnight
 * (Santiago, Havana, Beirut, São Paulo in 2018), a skipped day (Apia,
 * 2011), half-hour DST (Lord Howe), odd offsets (Kathmandu, St John's),
 * negative DST (Dublin) and ISO week 53.
 */

const KINDS: readonly PeriodKind[] = ['weekly', 'daily', 'monthly'];

describe('periodOfKey', () => {
  it.each(ZONES)('makes the period luxon makes, or none, in %s', (zone) => {
    let made = 0;
    let asked = 0;
    for (const ms of instants(zone)) {
      const iso = new Date(ms).toISOString().replace('.000Z', 'Z');
      const keys = periodKeysAt(iso, zone);
      expect(keys).toBeDefined();
      if (keys === undefined) continue;
      for (const kind of KINDS) {
        for (const locale of kind === 'weekly' || zone !== 'Europe/London' ? ['en-GB'] : ['en-GB', 'de']) {
          asked += 1;
          const fast = periodOfKey(keys[kind], kind, zone, locale, ms);
          if (fast === undefined) continue;
          made += 1;
          expect(fast).toEqual(periodOf(iso, kind, zone, locale));
        }
      }
    }
    // Luxon is asked only about periods next to a DST gap at midnight (a tenth of these, in Santiago).
    expect(made / asked).toBeGreaterThan(0.85);
  });

  it('makes none from a key periods.ts does not give', () => {
    expect(periodOfKey('2021-W53', 'weekly', 'UTC', 'en-GB', 0)).toBeUndefined();
    expect(periodOfKey('2020-W53', 'weekly', 'UTC', 'en-GB', 0)?.range).toBe('28 December 2020 – 3 January 2021');
    expect(periodOfKey('2021-02-29', 'daily', 'UTC', 'en-GB', 0)).toBeUndefined();
    expect(periodOfKey('2021-13', 'monthly', 'UTC', 'en-GB', 0)).toBeUndefined();
    expect(periodOfKey('2021-02', 'weekly', 'UTC', 'en-GB', 0)).toBeUndefined();
    expect(periodOfKey('2021-02', 'monthly', 'UTC+3', 'en-GB', 0)).toBeUndefined();
  });
});
