/**
 * RFC 5005 archive paging. Pages are fixed-size chunks counted from the
 * OLDEST entry: page 1 holds the first ARCHIVE_PAGE_SIZE entries ever
 * published, page 2 the next, and so on. Adding a post only ever touches the
 * newest page (the "current" archive page, not yet full), so a full page
 * never changes again. The size is a constant, not a setting: changing it
 * would renumber every archive page readers have already fetched.
 */
export const ARCHIVE_PAGE_SIZE = 100;

export interface ArchivePage<T> {
  /** 1 = oldest. */
  readonly number: number;
  /** Newest first, like every feed document. */
  readonly entries: readonly T[];
  /** Full: it never changes when entries are added. */
  readonly complete: boolean;
}

/**
 * Splits a feed's whole history (newest first) into archive pages, oldest
 * page first. Every entry is on exactly one page. When the history fills its
 * last page exactly, an empty current page follows, so that the last full
 * page can already link to its successor and never needs rewriting.
 */
export function archivePages<T>(newestFirst: readonly T[], pageSize: number = ARCHIVE_PAGE_SIZE): ArchivePage<T>[] {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`archive page size must be a whole number of 1 or more, not ${pageSize}`);
  const total = newestFirst.length;
  if (total === 0) return [];
  const count = Math.floor(total / pageSize) + 1;
  const pages: ArchivePage<T>[] = [];
  for (let n = 1; n <= count; n++) {
    // Oldest-first positions (n-1)*size .. n*size-1, read from the newest-first list.
    const end = total - (n - 1) * pageSize;
    const start = Math.max(0, total - n * pageSize);
    const entries = newestFirst.slice(start, end);
    pages.push({ number: n, entries, complete: entries.length === pageSize });
  }
  return pages;
}

/** The newest page that holds anything: where a subscription document's `prev-archive` points. */
export function newestFilledPage<T>(pages: readonly ArchivePage<T>[]): ArchivePage<T> | undefined {
  for (let i = pages.length - 1; i >= 0; i--) {
    const page = pages[i];
    if (page !== undefined && page.entries.length > 0) return page;
  }
  return undefined;
}
