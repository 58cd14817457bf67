/** What a build reports (BuildReport) and what the hub heard of it (HubReport). */

export type BuildLog = (level: 'info' | 'warn', message: string) => void;

export interface HubReport {
  hub: string;
  /** Document URLs (feeds and archive pages) the hub accepted a notice for. */
  notified: string[];
  /** Document URLs whose notice failed, with why: kept in the store and sent again at the next build. The build still succeeds. */
  failed: { feedUrl: string; error: string }[];
  /** Of these, how many were kept from an earlier build whose notice had failed. */
  retried: number;
}

export interface BuildReport {
  outDir: string;
  /** Posts read from the store. */
  posts: number;
  /** Paths (below outDir, sorted) whose content changed or that are new. */
  written: string[];
  /** Paths (sorted) left as they were: same bytes, same mtime. */
  unchanged: string[];
  /**
   * Paths (sorted, below outDir) removed: the pages of withdrawn or expired posts, the email files of a
   * roundup left with no post, and whatever an earlier build wrote that this one no longer makes (manifest.ts).
   */
  removed: string[];
  /** URLs (sorted) of the subscription feeds that changed. */
  changedFeeds: string[];
  /** URLs (sorted) of the archive pages that changed (a correction of a post in them): the hub hears about these too. */
  changedArchives: string[];
  /** Present when config.feeds.hub is set. */
  hub?: HubReport;
  /** Posts left out of the feeds or pages, with why. */
  problems: string[];
  /** Roundups built (0 unless BuildOptions.issues was given). */
  issues: number;
  /** Posts left out because they are dated after `now` (included with `future`). */
  scheduled: number;
  /** Withdrawn posts (out of everything; announced in the Atom feeds). */
  withdrawn: number;
  /** Posts whose address changed since the last build (site.baseUrl or pages.permalink changed): stored anew. */
  moved: number;
  /** `verify` only: paths (sorted) whose size and mtime matched the record but whose bytes did not (put right). */
  mismatched?: string[];
}
