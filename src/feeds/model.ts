/**
 * The feed model: what every renderer (RSS 2.0, Atom 1.0, JSON Feed 1.1)
 * reads. Format-neutral, read-only, and complete: a renderer needs nothing
 * else (no config, no clock). Posts become entries today; roundups (issues)
 * become entries of their own feed later through the same types.
 */

export type FeedFormat = 'rss' | 'atom' | 'json';
export const FEED_FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];

/** One item of a feed, the same in every format and in every feed that carries it. */
export interface FeedEntry {
  /** Stable id (a tag URI): RSS guid, atom:id, JSON Feed id. */
  readonly id: string;
  /** Absolute URL of the entry's page. */
  readonly url: string;
  readonly title: string;
  /** ISO 8601 instants. */
  readonly published: string;
  readonly updated: string;
  /** `updated` in milliseconds since the epoch, for comparing entries without reading (or formatting) the text. */
  readonly updatedMs: number;
  readonly author: string;
  /** Category labels: theme names, primary first, then the post's other tags. */
  readonly categories: readonly string[];
  /** Theme slugs, for choosing the theme feeds that carry the entry. */
  readonly themes: readonly string[];
  /** Plain text. */
  readonly summary: string;
  /** Safe HTML with absolute URLs only. */
  readonly contentHtml: string;
}

/**
 * A post that was withdrawn, as RFC 6721 announces it in Atom
 * (`<at:deleted-entry ref="…" when="…"/>`): the entry's id and when it went.
 */
export interface DeletedEntry {
  readonly ref: string;
  /** RFC 3339, at the site's offset. */
  readonly when: string;
  /** Theme slugs of the post, for choosing the theme feeds that announce it. */
  readonly themes: readonly string[];
}

/** Where a feed document points, in one format. Every URL absolute. */
export interface FeedLinks {
  /** This document. */
  readonly self: string;
  /** The subscription document (RFC 5005 `current`); archive pages only. */
  readonly current?: string;
  /** The next older archive page (RFC 5005 `prev-archive`; JSON Feed `next_url`). */
  readonly prevArchive?: string;
  /** WebSub hub; subscription documents only. */
  readonly hub?: string;
}

/** One feed document (a subscription feed or an archive page), format-neutral. */
export interface FeedDocument {
  /** Feed identity, shared by the subscription document and its archive pages. */
  readonly id: string;
  readonly kind: 'subscription' | 'archive';
  /** Archive page number, 1 = oldest. */
  readonly page?: number;
  /** An archive page that is full: it never changes when posts are added. */
  readonly complete: boolean;
  readonly title: string;
  readonly description: string;
  /** BCP 47 tag. */
  readonly language: string;
  /** The HTML page the feed belongs to. */
  readonly homeUrl: string;
  readonly author: string;
  readonly generator: string;
  /** Newest `updated` among the entries: never the build time. */
  readonly updated: string;
  /** Newest first. */
  readonly entries: readonly FeedEntry[];
  /** Withdrawn entries this feed announces (subscription documents only; Atom writes them, RSS and JSON Feed just leave the entry out). */
  readonly deleted?: readonly DeletedEntry[];
  readonly links: Readonly<Record<FeedFormat, FeedLinks>>;
  /** Path of each format's file, relative to the output folder (forward slashes). */
  readonly paths: Readonly<Record<FeedFormat, string>>;
}

/** Name written into every feed's generator field. No version: an upgrade alone must not change every feed. */
export const GENERATOR = 'tidings';
