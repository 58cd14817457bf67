import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { toRfc3339 } from '../../src/feeds/dates.js';
import { rng } from '../../bench/generate.js';

/** toRfc3339 as it was, through luxon alone: what the Intl path must give, character for character. */
function byLuxon(iso: string, zone: string): string {
  const instant = new Date(Date.parse(iso));
  const utc = (): string => {
    const text = instant.toISOString();
    return text.endsWith('.000Z') ? `${text.slice(0, -5)}Z` : text;
  };
  if (zone === 'UTC') return utc();
  const local = DateTime.fromMillis(instant.getTime(), { zone });
  return local.isValid && local.offset !== 0 ? (local.toISO({ suppressMilliseconds: true }) ?? utc()) : utc();
}

const ZONES = [
  'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/St_Johns', 'America/Sao_Paulo', 'Asia/Kathmandu', 'Asia/Kolkata', 'Asia/Tokyo',
  'Australia/Lord_Howe', 'Pacific/Chatham', 'Pacific/Apia', 'Pacific/Kiritimati', 'Antarctica/Troll', 'Africa/Casablanca', 'Etc/GMT+5', 'Etc/GMT-14',
  'GMT', 'utc', 'Europe/Dublin', 'America/Santiago', 'Not/AZone', 'UTC+3',
];

describe('feed dates at the site zone, without luxon', () => {
  it('are what luxon wrote, across DST changes, year ends, fractions of a second, centuries and odd offsets', () => {
    const r = rng(19);
    const instants: string[] = [];
    // Every 131 minutes across two years with DST changes both ways in both hemispheres.
    for (let ms = Date.UTC(2019, 9, 1); ms < Date.UTC(2021, 3, 30); ms += 131 * 60_000) instants.push(new Date(ms).toISOString());
    // Anywhere from 1000 to 9999, some with milliseconds, and the edges of the years luxon and Intl agree on.
    for (let i = 0; i < 1000; i++) instants.push(new Date(Date.UTC(1000, 0, 1) + Math.floor(r() * (Date.UTC(9999, 11, 31) - Date.UTC(1000, 0, 1))) + (i % 3 === 0 ? Math.floor(r() * 1000) : 0)).toISOString());
    instants.push('1000-01-01T00:00:00.000Z', '0999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z', '1883-11-18T17:00:00.000Z', '1900-01-01T00:00:00.000Z');
    let compared = 0;
    for (const zone of ZONES) {
      for (const iso of instants) {
        expect(toRfc3339(iso, zone), `${iso} in ${zone}`).toBe(byLuxon(iso, zone));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(150_000);
  });
});
