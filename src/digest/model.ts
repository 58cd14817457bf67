/**
 * The roundup model. An Issue is one roundup: the posts of one period (an
 * ISO week in the site's time zone by default) grouped into sections, one
 * per theme, with a number, a subject and a preheader. Built by plan.ts from
 * the posts and the config; read by the renderers, the pages and the feeds.
 * Everything here is plain, read-only data.
 */

export type PeriodKind = 'weekly' | 'daily' | 'monthly';

export interface Period {
  readonly kind: PeriodKind;
  /** `2019-W31` (weekly, ISO week-year), `2019-07-31` (daily), `2019-07` (monthly). */
  readonly id: string;
  /** ISO 8601 instants (UTC): the period is [start, end). Its bounds are midnights in the site's time zone. */
  readonly start: string;
  readonly end: string;
  /** How a reader names it: "Week 31, 2019", "31 July 2019", "July 2019". */
  readonly label: string;
  /** Its first and last day: "29 July – 4 August 2019"; one day for a daily period. */
  readonly range: string;
  /** Its short name, for the end of a subject: "week 31", "31 July", "July 2019". */
  readonly short: string;
}

/** A post as a roundup shows it (issue-post.ts: what only a rendered roundup shows is made when first read). */
export interface IssuePost {
  readonly id: string;
  /** Cleaned and at most MAX_TITLE characters. */
  readonly title: string;
  /** Absolute http(s) URL of the post. */
  readonly url: string;
  /** ISO 8601 instant. */
  readonly published: string;
  /** ISO 8601 instant; the later of published and updated. */
  readonly updated: string;
  /** "31 July 2019", in the site's time zone and language. */
  readonly date: string;
  readonly author: string;
  /** Plain text, at most config.digest.excerptLength characters; web addresses in it are link labels (their domain). */
  readonly excerpt: string;
  /** The excerpt in runs, those that were web addresses with their `url` (absent or undefined: the excerpt has no links). */
  readonly excerptParts?: readonly { readonly text: string; readonly url?: string }[];
  readonly readingMinutes: number;
  /** Configured theme slugs of the post, primary first. */
  readonly themes: readonly string[];
}

/**
 * A section of a roundup: the posts placed under `theme` (by sectionThemeFor in
 * variant.ts: their primary theme in the whole issue, the first of their themes
 * a subscriber follows in a variant), or the closing "More posts".
 */
export interface IssueSection {
  /** The theme's slug; null for "More posts" (posts with no configured theme). */
  readonly theme: string | null;
  readonly name: string;
  readonly description: string;
  /** Oldest first. */
  readonly posts: readonly IssuePost[];
}

export interface Issue {
  /** The period's id: `2019-W31`. */
  readonly id: string;
  /** 1 for the oldest issue, counting only periods that have posts. */
  readonly number: number;
  readonly period: Period;
  /** The issue's date: the end of its period, when it is due. The date of its sample message too (never the build time). */
  readonly date: string;
  /** Names the lead themes, in section order, and the period (digest.subject). */
  readonly subject: string;
  /** The line mail clients show after the subject: titles of the top posts. */
  readonly preheader: string;
  /** Theme sections ranked as the subject names them (most posts first, config order on a tie), then "More posts". Never empty. */
  readonly sections: readonly IssueSection[];
  /** Every post of the sections, oldest first, each once: what a variant is made from. */
  readonly posts: readonly IssuePost[];
  /** Number of posts in the sections. */
  readonly postCount: number;
  /** The latest `updated` among the posts (or `date` when later). */
  readonly updated: string;
  /** Posts the issue held when it was sent that have been withdrawn since (left out of its sections; its web version says so). */
  readonly withdrawn?: number;
}

/** Every issue of the blog, oldest first, and the posts left out with why. */
export interface IssuePlan {
  readonly issues: readonly Issue[];
  readonly problems: readonly string[];
}
