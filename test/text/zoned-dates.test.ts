import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/schema.js';
import { postUrl, postUrlByLuxon } from '../../src/normalise/url.js';
import { displayDate, displayDateByLuxon } from '../../src/text/display-date.js';
import { instantOf, localDayOf } from '../../src/text/zoned-day.js';
import { random } from '../helpers/random.js';

/**
 * The dates of posts worded and placed without luxon (text/zoned-day.ts)
 * against luxon itself, over many instants, zones and languages: the same
 * strings, byte for byte, at DST changes, year ends and in ISO week 53.
 */

const ZONES = [
  'UTC', 'utc', 'GMT', 'Etc/UTC', 'Europe/London', 'Europe/Dublin', 'Europe/Berlin', 'Europe/Moscow', 'America/New_York', 'America/Los_Angeles',
  'America/St_Johns', 'America/Sao_Paulo', 'America/Santiago', 'Asia/Kathmandu', 'Asia/Kolkata', 'Asia/Tehran', 'Asia/Tokyo', 'Australia/Lord_Howe',
  'Australia/Adelaide', 'Pacific/Chatham', 'Pacific/Kiritimati', 'Pacific/Apia', 'Pacific/Pago_Pago', 'Africa/Casablanca', 'Antarctica/Troll', 'Etc/GMT+12', 'Etc/GMT-14',
  'europe/london', 'UTC+3', 'Not/AZone',
];
const LANGUAGES = ['en', 'en-GB', 'en-US', 'de-DE', 'fr', 'es-419', 'ja', 'zh-Hans-CN', 'ko', 'ru', 'ar-EG', 'fa-IR', 'th-TH', 'he', 'hi-IN', 'sr-Latn', 'cy', 'ga', 'pt-BR', 'nb'];


const MINUTE = 60_000;

/** Instants that matter: DST changes in Europe and America, year ends (with ISO week 53 years), and some at random from 1000 to 9999. */
function instants(next: () => number): number[] {
  const out: number[] = [];
  for (const year of [1847, 1916, 1970, 1996, 2004, 2009, 2011, 2015, 2019, 2020, 2026, 2037, 2038, 2099]) {
    for (const [month, day] of [[3, 25], [3, 31], [10, 25], [10, 31], [3, 8], [3, 14], [11, 1], [11, 7], [12, 28], [12, 31], [1, 1], [1, 4], [4, 5], [9, 30]] as const) {
      const at = Date.UTC(year, month - 1, day);
      for (let m = -26 * 60; m <= 26 * 60; m += 20 + Math.floor(next() * 160)) out.push(at + m * MINUTE + Math.floor(next() * 2) * 59_999);
    }
  }
  for (let i = 0; i < 1500; i++) out.push(Date.UTC(1000, 0, 2) + Math.floor(next() * (Date.UTC(9999, 11, 30) - Date.UTC(1000, 0, 2))));
  return out;
}

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

/** `ms` written as an ISO instant, in one of the forms posts carry (or one luxon alone reads). */
function written(ms: number, form: number, next: () => number): string {
  const offsetMinutes = [0, 60, -300, 330, 345, -210, 840, -720, 30, -30][Math.floor(next() * 10)] ?? 0;
  const local = new Date(ms + offsetMinutes * MINUTE);
  const date = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
  const seconds = `:${pad(local.getUTCSeconds())}`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset = `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
  const utc = new Date(ms).toISOString();
  switch (form) {
    case 0:
      return utc.replace('.000Z', 'Z');
    case 1:
      return utc;
    case 2:
      return `${date}T${time}${seconds}${offset}`;
    case 3:
      return `${date}T${time}${offset.replace(':', '')}`;
    case 4:
      return `${date}T${time}${seconds}.${String(Math.floor(next() * 1e9)).padStart(9, '0')}${offset}`;
    case 5:
      return `${date}T${time}${seconds}`; // no offset: the zone's own time (luxon)
    case 6:
      return date; // a date alone (luxon)
    default:
      return `${date}T${time}${seconds}${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}`;
  }
}

function config(timeZone: string, language: string): Config {
  return { site: { timeZone, language } } as unknown as Config; // only site.timeZone and site.language are read
}

describe('dates worded and placed without luxon say what luxon says', () => {
  const next = random(2026);
  const cases = instants(next).flatMap((ms, i) => {
    const iso = written(ms, i % 8, next);
    return [iso, ...(i % 97 === 0 ? ['2019-02-29T10:00:00Z', '2019-07-31T24:00:00Z', '2019-07-31T23:60:00Z', '2020-W53-5', 'not a date', '0999-12-31T23:00:00Z', '2019-07-31T09:00:00+01:'] : [])];
  });

  it('reads the same instant as luxon from every form it reads itself', () => {
    let fast = 0;
    for (const iso of cases) {
      const ms = instantOf(iso);
      if (ms === undefined) continue;
      fast += 1;
      expect(ms, iso).toBe(DateTime.fromISO(iso).toMillis());
    }
    expect(fast).toBeGreaterThan(cases.length / 2);
  });

  it('gives the same day as luxon in every zone', () => {
    for (const [z, zone] of ZONES.entries()) {
      for (let i = z % 4; i < cases.length; i += 4) {
        const iso = cases[i] ?? '';
        const day = localDayOf(iso, zone);
        if (day === undefined) continue;
        const local = DateTime.fromISO(iso, { zone });
        expect({ ...day }, `${iso} in ${zone}`).toEqual({ year: local.year, month: local.month, day: local.day });
      }
    }
  });

  it('words every date as luxon does, in every zone and language', () => {
    const check = (zone: string, language: string, from: number, step: number): void => {
      const cfg = config(zone, language);
      for (let i = from; i < cases.length; i += step) {
        const iso = cases[i] ?? '';
        expect(displayDate(iso, cfg), `${iso} in ${zone}, ${language}`).toBe(displayDateByLuxon(iso, cfg));
      }
    };
    // The common sites on every instant; every other zone with every language on its own share of them.
    for (const [zone, language] of [['Europe/London', 'en-GB'], ['UTC', 'en'], ['America/New_York', 'en-US'], ['Europe/Berlin', 'de-DE']] as const) check(zone, language, 0, 1);
    for (const [z, zone] of ZONES.entries()) for (const [l, language] of LANGUAGES.entries()) check(zone, language, (z * LANGUAGES.length + l) % 89, 89);
  });

  it('gives every post the same archive address as luxon, or the same error', () => {
    for (const [z, zone] of ZONES.entries()) {
      for (let i = (z + 2) % 4; i < cases.length; i += 4) {
        const iso = cases[i] ?? '';
        const outcome = (fn: typeof postUrl): string => {
          try {
            return fn('https://blog.example.org/base', iso, 'a post/é', zone);
          } catch (error) {
            return `${(error as Error).name}: ${(error as Error).message}`;
          }
        };
        expect(outcome(postUrl), `${iso} in ${zone}`).toBe(outcome(postUrlByLuxon));
      }
    }
  });
});
