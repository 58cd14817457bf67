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
