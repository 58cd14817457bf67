import type { Diagnostic } from './diagnostic.js';

/** The input formats tidings reads. One source adapter per format. */
export type SourceFormat = 'markdown' | 'text-export' | 'rss' | 'atom' | 'json-feed' | 'wxr' | 'ghost';

/**
 * Where a post was read from. `slot` is a key that stays the same when the
 * post is edited in place inside the same file (for a text export: its date
 * and its order under that date; for Markdown: the file itself; for a feed:
 * the item's guid), so that re-importing an edited file updates the post
 * instead of creating a second one.
 */
export interface SourceRef {
  file: string;
  format: SourceFormat;
  /** 1-based line where the post starts (0 when the format has no lines). */
  line: number;
  slot: string;
  /** sha256 (hex) of the post's raw text as read: changes when the source is edited. */
  hash: string;
}

/** A paragraph or a list as found in a plain-text export. Text is plain (not HTML). */
export type Block =
  | { kind: 'paragraph'; text: string; line: number }
  | { kind: 'list'; items: string[]; line: number };

export type RawBody =
  | { kind: 'markdown'; markdown: string }
  | { kind: 'html'; html: string }
  | { kind: 'blocks'; blocks: Block[] };

/** A post as a source adapter read it: nothing repaired, sanitised or derived yet. */
export interface RawPost {
  source: SourceRef;
  /** An id the source states (front matter `id`, a feed item's guid / id). */
  explicitId?: string;
  /** null when the source has no title (one is derived during normalisation). */
  title: string | null;
  /**
   * `YYYY-MM-DD` (a calendar date in the site's time zone), an ISO 8601
   * date-time with an offset, or an ISO 8601 local date-time without one
   * (`2011-04-27T22:00:00`, read in the site's time zone: Markdown front
   * matter, and a feed date that names no zone). Adapters reject posts
   * without a usable date.
   */
  published: string;
  /** In the same forms as `published`. */
  updated?: string;
  /**
   * Hugo's `publishDate` when the front matter gives a `date` as well (same
   * forms): the post waits until the later of the two, and is dated then.
   */
  publishAt?: string;
  /** When the source says the post expires (Hugo `expiryDate`); same forms. From then on the post is out of feeds, pages and roundups. */
  expires?: string;
  /** Order among posts with the same date in the same source, as listed (0 = first). */
  sequence: number;
  author?: string;
  slug?: string;
  /**
   * Theme slugs or tag names stated by the source (front matter `themes`,
   * `tags`, `categories`; feed categories), as written. They become the
   * post's tags, and its themes when they name one.
   */
  themes?: string[];
  summary?: string;
  /**
   * 'page' for a page rather than a post (a WordPress or Ghost page): skipped
   * in normalisation unless `content.pages` is true.
   */
  kind?: 'page';
  /** true when the source withholds the post (`draft: true`, Jekyll's `published: false`). */
  draft?: boolean;
  /** The post's original address, when the source has one (feeds). */
  url?: string;
  /**
   * The address a Markdown post's front matter names for itself (`permalink`
   * or `url`; for a Ghost export, Ghost's default `/slug/`), exactly as written: usually a path on the site
   * (`/2011/04/my-post/`), sometimes a full URL. Not yet used for the post's
   * address (that is the post-lifecycle work of issue 15, item 3).
   */
  permalink?: string;
  /** The post's lead image as the source names it (front matter `image`, `cover`, …). Not yet used. */
  image?: string;
  /** Front-matter keys the source gave that tidings does not read (one summary line per import). */
  ignoredKeys?: string[];
  body: RawBody;
}

/** What every source adapter returns for one file. */
export interface SourceResult {
  posts: RawPost[];
  diagnostics: Diagnostic[];
  /** Entries the source holds that are not published posts (an export's drafts, attachments, menu items…): counted as skipped. */
  skipped?: number;
  /**
   * Posts the source holds but marks unpublished (an export's drafts,
   * private, scheduled, trashed or members-only posts), by the slot a
   * published one would have: a stored post in such a slot is withdrawn,
   * as a Markdown post is when it becomes `draft: true`.
   */
  unpublished?: { line: number; slot: string }[];
}

/** The input to an adapter: the file's path and its decoded text. */
export interface SourceFile {
  path: string;
  text: string;
}
