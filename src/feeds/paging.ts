/**
 * RFC 5005 archive paging. Archive pages are fixed-size chunks counted from
 * the OLDEST entry: page 1 holds the first ARCHIVE_PAGE_SIZE entries ever
 * published, page 2 the next, and so on. Only complete pages are archive
 * documents, and a page is made only once the current feed still holds
 * `keepNewest` entries without it: so an archive page never changes when
 * entries are added (RFC 5005: "the set of entries contained in an archive
 * document ... SHOULD NOT change over time"), no archive page is ever
 * empty, the current feed is never emptied by an archive page filling up,
 * and every entry is in exactly one document. The one change an archive
 * page does see is a correction of an entry on it (RFC 5005 allows it; the
 * build then tells the WebSub hub about the page). The size is a constant, not a
 * setting: changing it would renumber every archive page readers have
 * already fetched.
 */
export const ARCHIVE_PAGE_SIZE = 100;

export interface ArchivePage<T> {
  /** 1 = oldest. */
  readonly number: number;
  /** Newest first, like every feed document. */
  readonly entries: readonly T[];
}

export interface FeedHistory<T> {
  /** What the current (subscription) document holds, newest first: at least `keepNewest` (or all there are), fewer than `keepNewest + pageSize`. */
  readonly current: readonly T[];
  /** The archive pages, oldest first, each exactly `pageSize` entries. */
  readonly pages: readonly ArchivePage<T>[];
}

/** Splits a feed's whole history (newest first) into the current document's entries and complete archive pages. */
export function splitHistory<T>(newestFirst: readonly T[], keepNewest: number, pageSize: number = ARCHIVE_PAGE_SIZE): FeedHistory<T> {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`archive page size must be a whole number of 1 or more, not ${pageSize}`);
  if (!Number.isInteger(keepNewest) || keepNewest < 1) throw new RangeError(`the current feed must keep a whole number of 1 or more entries, not ${keepNewest}`);
  const total = newestFirst.length;
  const count = total > keepNewest ? Math.floor((total - keepNewest) / pageSize) : 0;
  const pages: ArchivePage<T>[] = [];
  for (let n = 1; n <= count; n++) {
    // Oldest-first positions (n-1)*size .. n*size-1, read from the newest-first list.
    pages.push({ number: n, entries: newestFirst.slice(total - n * pageSize, total - (n - 1) * pageSize) });
  }
  return { current: newestFirst.slice(0, total - count * pageSize), pages };
}
