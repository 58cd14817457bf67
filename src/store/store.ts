import type { Post, Withdrawal } from '../model/post.js';
import type { SourceFormat } from '../model/raw-post.js';
import type { ClickStore } from './click-store.js';
import type { HubNoticeStore } from './hub-notice-store.js';
import type { InboundStore } from './inbound-store.js';
import type { IssueNumberStore } from './issue-number-store.js';
import type { RunStore } from './run-store.js';
import type { DeliveryStore, IssueStore } from './send-log-store.js';
import type { SignupLimitStore } from './signup-limit-store.js';
import type { SubscriberStore } from './subscriber-store.js';

export * from './subscriber-store.js';
export * from './send-log-store.js';
export * from './run-store.js';
export * from './hub-notice-store.js';
export * from './issue-number-store.js';
export * from './click-store.js';
export * from './inbound-store.js';
export * from './signup-limit-store.js';

/**
 * The content store: the only shared state. Async and free of SQLite types so
 * that a PostgreSQL implementation can slot in beside the SQLite one without
 * touching callers. Writes come in whole batches, each applied in one
 * transaction: a failed or killed import changes nothing.
 *
 * Subscribers, the send log (issues, deliveries) and the scheduler's runs
 * are declared beside it, in subscriber-store.ts, send-log-store.ts and
 * run-store.ts; WebSub notices the hub has yet to take in hub-notice-store.ts.
 */
export interface Store extends SubscriberStore, IssueStore, DeliveryStore, RunStore, HubNoticeStore, IssueNumberStore, ClickStore, InboundStore, SignupLimitStore {
  /**
   * What committed imports recorded of every source file they read (its
   * hash, its stamp), by path; of these paths only, when given (an import
   * of a few named files, as the preview's at every save, need not read the
   * records of 10,000).
   */
  sourceFiles(paths?: readonly string[]): Promise<Map<string, SourceFileRecord>>;
  /** How many stored posts each source file (of `paths`, when given) is a source of (withdrawn ones too), by path: an import's count of what it left unchanged. */
  postsPerSourceFile(paths?: readonly string[]): Promise<Map<string, number>>;
  /** A light entry per stored post, for matching an import against the store. */
  postIndex(): Promise<PostIndexEntry[]>;
  getPost(id: string): Promise<Post | undefined>;
  getPosts(ids: readonly string[]): Promise<Post[]>;
  /** Newest first: published desc, then sequence asc, then id asc. */
  listPosts(query?: PostQuery): Promise<Post[]>;
  countPosts(query?: PostQuery): Promise<number>;
  /**
   * When each post first came into the store (the start of the import that
   * brought it; later imports that update it keep it), by id. Posts stored
   * before tidings recorded this (migration 14) are not in the map.
   */
  postImportTimes(): Promise<Map<string, string>>;
  /**
   * Works out, in one pass, the period keys (model/post-periods.ts) of every
   * post that has none or stale ones for `zone` (a new or re-dated post, a
   * changed config.site.timeZone), with `keysAt`; how many. Posts read
   * afterwards carry their keys, so planning needs no date library per post.
   */
  refreshPeriodKeys(zone: string, keysAt: PeriodKeysAt): Promise<number>;
  /**
   * The version of everything a build reads from the store (posts, their
   * sources, period keys and withdrawals, issues), as an opaque string: a
   * committed change to any of them changes it (migration 19). Two equal
   * versions mean the build would read the same. Issue numbers do not move
   * it: a build gives them itself, to the issues its posts make, so they
   * follow from the rest.
   */
  contentVersion(): Promise<string>;
  /** Applies a whole import in one transaction, then records it as an import run. */
  applyImport(batch: ImportBatch): Promise<ImportRun>;
  listImportRuns(limit?: number): Promise<ImportRun[]>;
  /**
   * Takes a post down (`tidings posts withdraw`): false when there is no
   * such post. A post already withdrawn keeps its first withdrawal unless
   * `replace` (a command's withdrawal replaces a file's or a draft's, so
   * that a file coming back does not restore it).
   */
  withdrawPost(id: string, withdrawal: Withdrawal, options?: { replace?: boolean }): Promise<boolean>;
  /** Puts a withdrawn post back up: false when it was not withdrawn. */
  restorePost(id: string): Promise<boolean>;
  /**
   * Gives posts new addresses (the build derives them again from the
   * config), all in one transaction; returns how many rows changed. Nothing
   * else about a post changes, its id least of all.
   */
  setPostUrls(changes: readonly PostUrlChange[]): Promise<number>;
  close(): Promise<void>;
}

/** The week, day and month ids of an instant in a zone (digest/periods.ts periodKeysAt); undefined when unreadable. */
export type PeriodKeysAt = (published: string, zone: string) => { weekly: string; daily: string; monthly: string } | undefined;

export interface PostQuery {
  /** Only posts carrying this theme slug (anywhere in their themes). */
  theme?: string;
  /** Published at or after (ISO instant). */
  since?: string;
  /** Published before (ISO instant). */
  until?: string;
  /**
   * Withdrawn posts are left out unless asked for: 'only' lists just them,
   * 'include' lists every stored post.
   */
  withdrawn?: 'only' | 'include';
  /**
   * listPosts only: 'lazy' reads each post's html and text from the store
   * when they are first read, and gives the build its body's hash from
   * post_bodies (model/post-body.ts), for a caller that reads few bodies and
   * keeps the store open until it is done with the posts (`tidings build`).
   * A body read so is the one stored then. The SQLite store only: others
   * read the bodies with the posts.
   */
  bodies?: 'lazy';
  /** listPosts only: countPosts counts every match, whatever the page. */
  limit?: number;
  offset?: number;
}

export interface PostUrlChange {
  id: string;
  url: string;
}

export interface PostIndexEntry {
  id: string;
  fingerprint: string;
  slug: string;
  /** ISO instant. */
  published: string;
  sources: { file: string; slot: string; hash: string; format: SourceFormat }[];
  /** What withdrew it, when it is withdrawn. */
  withdrawn?: Withdrawal['cause'];
}

/** What an import recorded of one source file it read. */
export interface SourceFileRecord {
  /** sha256 (hex) of the file's bytes. */
  hash: string;
  /**
   * What the import saw of the file without opening it (its size and change
   * times: import/file-stamp.ts), opaque to the store, which only keeps it
   * (migration 20). Absent when none was recorded: a URL, a file changed
   * moments before it was read, a file recorded before migration 20.
   */
  stamp?: string;
}

export interface ImportBatch {
  /** ISO instant the import started. */
  startedAt: string;
  /** Posts to insert or replace whole (by id), sources included. */
  upsert: Post[];
  /**
   * Source files this import read (in full, or found unchanged with a new
   * stamp), by path: each replaces what was recorded of it, its stamp too.
   */
  sourceFiles: Map<string, SourceFileRecord>;
  /** Source files gone from a folder that was imported: forgotten, so that a file coming back is read again. */
  forgetFiles?: string[];
  /** Posts to take down (their files deleted, their sources now drafts); written after `upsert`. */
  withdraw?: { id: string; withdrawal: Withdrawal }[];
  /** Withdrawn posts whose file came back or whose draft flag went: put back up. */
  restore?: string[];
  counts: ImportCounts;
  /** Human-readable diagnostics of this import (already formatted). */
  diagnostics: string[];
}

export interface ImportCounts {
  new: number;
  updated: number;
  merged: number;
  unchanged: number;
  rejected: number;
  /** Posts their source withholds (drafts) and export entries that are not published posts: not imported, and not a problem. */
  skipped: number;
  /** Stored posts taken down by this import (file deleted, now a draft). Absent in runs recorded before. */
  withdrawn?: number;
  /** Withdrawn posts put back up by this import (file back, draft flag gone). */
  restored?: number;
}

export interface ImportRun {
  id: number;
  startedAt: string;
  finishedAt: string;
  counts: ImportCounts;
  diagnostics: string[];
}
