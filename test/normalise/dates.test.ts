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

  it('rejects a date-time without an offset rather than guess one', () => {
    const parsed = parsePostDate('2019-06-06T10:30:00', 'Europe/London');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain('no time zone offset');
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
