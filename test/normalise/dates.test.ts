import { describe, expect, it } from 'vitest';
import { parsePostDate } from '../../src/normalise/index.js';

describe('parsePostDate', () => {
  it('reads a calendar date as local midnight in the site’s time zone', () => {
    expect(parsePostDate('2019-06-06', 'Europe/London')).toEqual({ ok: true, iso: '2019-06-05T23:00:00Z' });
    expect(parsePostDate('2019-01-06', 'Europe/London')).toEqual({ ok: true, iso: '2019-01-06T00:00:00Z' });
    expect(parsePostDate('2019-06-06', 'Asia/Tokyo')).toEqual({ ok: true, iso: '2019-06-05T15:00:00Z' });
  });

  it('reads a date-time with an offset as that instant', () => {
    expect(parsePostDate('2019-06-06T10:30:00+01:00', 'Asia/Tokyo')).toEqual({ ok: true, iso: '2019-06-06T09:30:00Z' });
    expect(parsePostDate('2019-06-06T10:30Z', 'Europe/London')).toEqual({ ok: true, iso: '2019-06-06T10:30:00Z' });
    expect(parsePostDate('2019-06-06T10:30:00.250-05:00', 'UTC')).toEqual({ ok: true, iso: '2019-06-06T15:30:00.250Z' });
  });

  it.each(['2019-02-29', '2019-13-01', '2019-06-31', '2019-06-06T25:00:00Z'])('rejects %s, a date that does not exist', (value) => {
    expect(parsePostDate(value, 'UTC').ok).toBe(false);
  });

  it('reads a date-time without an offset in the site time zone, as Jekyll and Hugo do', () => {
    expect(parsePostDate('2019-06-06T10:30:00', 'Europe/London')).toEqual({ ok: true, iso: '2019-06-06T09:30:00Z' });
    expect(parsePostDate('2019-01-06 10:30', 'Europe/London')).toEqual({ ok: true, iso: '2019-01-06T10:30:00Z' });
    expect(parsePostDate('2019-06-06T10:30:00', 'America/New_York')).toEqual({ ok: true, iso: '2019-06-06T14:30:00Z' });
  });

  it('moves a local time that summer time skips forward by the gap, and reads one that occurs twice as the later', () => {
    expect(parsePostDate('2019-03-31T01:30:00', 'Europe/London')).toEqual({ ok: true, iso: '2019-03-31T01:30:00Z' });
    expect(parsePostDate('2019-10-27T01:30:00', 'Europe/London')).toEqual({ ok: true, iso: '2019-10-27T01:30:00Z' });
  });

  it.each(['6 June 2019', '06/06/2019', '20190606', '2019-W23-4', 'Thu, 06 Jun 2019 10:00:00 GMT', '24:12:03 GMT', ''])(
    'rejects %j with a hint instead of guessing',
    (value) => {
      const parsed = parsePostDate(value, 'UTC');
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.hint).toContain('2019-06-06');
    },
  );
});
