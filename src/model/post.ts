import type { SourceRef } from './raw-post.js';

/**
 * A Post: one blog post, normalised, as stored. `id` never changes once
 * assigned: feeds (guid / atom:id), roundups and the send log depend on it.
 */
export interface Post {
  id: string;
  slug: string;
  /**
   * The post's address (absolute URL): the one its source names
   * (`permalink`), or the one the config's rule gives it. Derived again at
   * every build (`addresses/post-address.ts`), so it follows site.baseUrl.
   */
  url: string;
  /**
   * The address the source names for the post, as written: a feed item's
   * link (a full URL), a Markdown post's front matter `url`/`permalink`
   * (usually a path on the site). Absent when the source names none; then
   * the post lives where tidings puts it.
   */
  permalink?: string;
  title: string;
  /** true when the source had no title and one was made from the first sentence. */
  titleDerived: boolean;
  /** ISO 8601 instant (UTC, `...Z`). */
  published: string;
  /** ISO 8601 instant (UTC). Equals `published` until the post is edited. */
  updated: string;
  /** Order among posts published at the same instant (0 = listed first by its source). */
  sequence: number;
  author: string;
  /** Sanitised HTML. */
  html: string;
  /** Plain text of the body. */
  text: string;
  /** At most 300 characters, cut at a sentence or word boundary. */
  summary: string;
  wordCount: number;
  readingMinutes: number;
  /** Theme slugs, primary first. May be empty when no rule matched and there is no default theme. */
  themes: string[];
  /**
   * The tags the source states (front matter tags and categories, feed
   * categories), as written, each once whatever its case; kept whether or
   * not they name a theme. Feeds list them as categories after the themes.
   */
  tags: string[];
  /** Every place this post was read from (several when duplicates were merged). */
  sources: SourceRef[];
  /**
   * Duplicate key: the local publication date and the opening words of the
   * text. The same post met in two files has the same fingerprint.
   */
  fingerprint: string;
  /**
   * When the source says the post expires (Hugo `expiryDate`), as an ISO
   * instant: from then on it is out of feeds, pages and roundups.
   */
  expires?: string;
  /** Set while the post is withdrawn (see post-state.ts); absent for a post that is up. */
  withdrawn?: Withdrawal;
}

/** Why a post came down: its file was deleted, its source marks it a draft, or an operator withdrew it. */
export const WITHDRAWAL_CAUSES = ['file', 'draft', 'command'] as const;
export type WithdrawalCause = (typeof WITHDRAWAL_CAUSES)[number];

export interface Withdrawal {
  /** ISO instant it was withdrawn. */
  at: string;
  /** In words, for `tidings posts --withdrawn`: "content/posts/a.md was deleted", or the operator's --reason. */
  reason: string;
  /**
   * What withdrew it. A post withdrawn by its file (deleted) or its draft
   * flag comes back when the file does or the flag goes; one withdrawn by
   * command only by `tidings posts restore`.
   */
  cause: WithdrawalCause;
}
