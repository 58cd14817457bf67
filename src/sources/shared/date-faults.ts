/** What a feed date needed to be read, as item faults (counted once per file by ItemTally). */
import type { FeedDate } from './dates.js';
import type { ItemFault } from './tally.js';

export function dateFaults(date: FeedDate, written: string): Omit<ItemFault, 'line' | 'label'>[] {
  return date.notes.map((note) =>
    note === 'no-offset'
      ? {
          cause: 'date-no-offset',
          severity: 'info',
          one: `has a date without an offset ("${written}"), read in the site's time zone (site.timeZone)`,
          many: `have a date without an offset (the first: "${written}"), read in the site's time zone (site.timeZone)`,
        }
      : {
          cause: 'date-weekday',
          severity: 'info',
          one: `has a date whose weekday does not match its day ("${written}"); the day is used`,
          many: `have a date whose weekday does not match its day (the first: "${written}"); the day is used`,
        },
  );
}

/**
 * Go's zero time (`Mon, 01 Jan 0001 00:00:00 +0000`, `0001-01-01T00:00:00Z`):
 * what Hugo writes in a feed for a page that has no date. It is no date.
 */
export function isZeroDate(date: FeedDate | undefined): boolean {
  return date !== undefined && /^0001-01-01/.test(date.value);
}

export function zeroDateFault(written: string): Omit<ItemFault, 'line' | 'label'> {
  return {
    cause: 'date-zero',
    severity: 'warning',
    one: `has the date "${written}", Go's zero time (what Hugo writes for a page without a date): read as no date`,
    many: `have the date "${written}", Go's zero time (what Hugo writes for a page without a date): read as no date`,
  };
}

/** An item whose only date is the zero time: skipped, with a warning (not an error: it is what such a feed holds for its pages). */
export function zeroDateProblem(written: string): Omit<ItemFault, 'line' | 'label'> {
  return {
    cause: 'date-zero-only',
    severity: 'warning',
    one: `has no date but "${written}", Go's zero time (what Hugo writes for a page without a date), and is skipped`,
    many: `have no date but "${written}", Go's zero time (what Hugo writes for a page without a date), and are skipped`,
    hint: 'give it a real date in its source if it is a post',
  };
}
