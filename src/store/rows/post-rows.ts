import type { Post, WithdrawalCause } from '../../model/post.js';
import { WITHDRAWAL_CAUSES } from '../../model/post.js';
import { attachPeriodKeys } from '../../model/post-periods.js';
import type { PostIndexEntry } from '../store.js';
import { parseIndexSources, parseSources, parseStringArray } from '../sqlite/json-columns.js';

/** The posts columns, as the write statement binds them. */
export interface PostParams {
  id: string;
  slug: string;
  url: string;
  title: string;
  title_derived: 0 | 1;
  published: string;
  published_ms: number;
  updated: string;
  sequence: number;
  author: string;
  summary: string;
  word_count: number;
  reading_minutes: number;
  themes: string;
  tags: string;
  fingerprint: string;
  text: string;
  html: string;
  expires: string | null;
  permalink: string | null;
}

/** A post as the read queries return it: its columns plus its sources as JSON. */
export interface PostRow extends Omit<PostParams, 'published_ms' | 'title_derived'> {
  title_derived: number;
  sources: string;
  /** From post_withdrawals: all null while the post is up. */
  withdrawn_at: string | null;
  withdrawn_reason: string | null;
  withdrawn_cause: string | null;
}

/** A post's stored period keys beside its row (post_periods, joined AS k; all null when it has none). */
export interface PeriodColumns {
  period_zone: string | null;
  period_published: string | null;
  period_weekly: string | null;
  period_daily: string | null;
  period_monthly: string | null;
}

/** The PeriodColumns of a query that joins post_periods AS k (the same SQL in both engines). */
export const PERIOD_COLUMNS = 'k.zone AS period_zone, k.published AS period_published, k.weekly AS period_weekly, k.daily AS period_daily, k.monthly AS period_monthly';

/** Attaches the row's period keys, when it has some, to the post read from it (model/post-periods.ts). */
export function attachRowPeriods(post: Post, row: PeriodColumns): Post {
  if (row.period_zone !== null) {
    attachPeriodKeys(post, {
      zone: row.period_zone,
      published: row.period_published ?? '',
      weekly: row.period_weekly ?? '',
      daily: row.period_daily ?? '',
      monthly: row.period_monthly ?? '',
    });
  }
  return post;
}

export interface PostIndexRow {
  id: string;
  fingerprint: string;
  slug: string;
  published: string;
  sources: string;
  withdrawn_cause: string | null;
}

/** An ISO 8601 date-time with `Z` or an offset, or a bare date (UTC midnight). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Milliseconds since the epoch of an ISO instant. Throws on anything else,
 * including a date-time without an offset, which JavaScript would read in
 * the machine's own time zone.
 */
export function instantMs(iso: string, what: string): number {
  const ms = ISO_INSTANT.test(iso) ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${what} is not an ISO 8601 instant: ${JSON.stringify(iso)}`);
  return ms;
}

export function postParams(post: Post): PostParams {
  return {
    id: post.id,
    slug: post.slug,
    url: post.url,
    title: post.title,
    title_derived: post.titleDerived ? 1 : 0,
    published: post.published,
    published_ms: instantMs(post.published, 'published'),
    updated: post.updated,
    sequence: post.sequence,
    author: post.author,
    summary: post.summary,
    word_count: post.wordCount,
    reading_minutes: post.readingMinutes,
    themes: JSON.stringify(post.themes),
    tags: JSON.stringify(post.tags),
    fingerprint: post.fingerprint,
    text: post.text,
    html: post.html,
    expires: post.expires ?? null,
    permalink: post.permalink ?? null,
  };
}

export function rowToPost(row: PostRow): Post {
  return Object.assign(rowToPostHead(row), { html: row.html, text: row.text });
}

/** A row's post but for its body (html and text), which the caller adds: as values (rowToPost), or read when first read (sqlite/lazy-posts.ts). */
export function rowToPostHead(row: Omit<PostRow, 'html' | 'text'>): Omit<Post, 'html' | 'text'> {
  return {
    id: row.id,
    slug: row.slug,
    url: row.url,
    title: row.title,
    titleDerived: row.title_derived === 1,
    published: row.published,
    updated: row.updated,
    sequence: row.sequence,
    author: row.author,
    summary: row.summary,
    wordCount: row.word_count,
    readingMinutes: row.reading_minutes,
    themes: parseStringArray(row.themes, 'posts.themes'),
    tags: parseStringArray(row.tags, 'posts.tags'),
    sources: parseSources(row.sources),
    fingerprint: row.fingerprint,
    ...(row.expires !== null && { expires: row.expires }),
    ...(row.withdrawn_at !== null && {
      withdrawn: { at: row.withdrawn_at, reason: row.withdrawn_reason ?? '', cause: withdrawalCause(row.withdrawn_cause) },
    }),
    ...(row.permalink !== null && { permalink: row.permalink }),
  };
}

function withdrawalCause(value: string | null): WithdrawalCause {
  const cause = WITHDRAWAL_CAUSES.find((c) => c === value);
  if (cause === undefined) throw new Error(`the store is damaged: unexpected post_withdrawals.cause value ${JSON.stringify(value)}`);
  return cause;
}

export function rowToIndexEntry(row: PostIndexRow): PostIndexEntry {
  return {
    id: row.id,
    fingerprint: row.fingerprint,
    slug: row.slug,
    published: row.published,
    sources: parseIndexSources(row.sources),
    ...(row.withdrawn_cause !== null && { withdrawn: withdrawalCause(row.withdrawn_cause) }),
  };
}
