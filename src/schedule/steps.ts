import type { IssuePlan } from '../digest/model.js';

/**
 * What one run does, step by step, as the scheduler sees it. The real steps
 * (import, build, plan from the store) are in app/schedule-steps.ts, the sender is
 * wired in by src/cli/schedule.ts; tests pass their own.
 */
export interface RunSteps {
  /** Imports the content sources (new and edited posts). */
  importContent(): Promise<ImportOutcome>;
  /** Builds feeds, pages and every roundup's web version (the back catalogue's too). */
  build(): Promise<BuildOutcome>;
  /** Every issue of the blog, from the store as it is now. */
  planIssues(): Promise<IssuePlan>;
  /** Sends one issue (or resumes it). `signal` aborts on shutdown. */
  send(issueId: string, signal: AbortSignal): Promise<SendOutcome>;
  /** Sends the WebSub notices kept from a build whose hub did not take them (called between runs, at the minute watch). */
  retryHubNotices?(): Promise<HubRetryOutcome>;
}

export interface HubRetryOutcome {
  /** Document URLs the hub has now taken. */
  notified: string[];
  /** Notices that failed with an error not reported before (a notice that keeps failing alike is reported once). */
  newFailures: { url: string; error: string }[];
}

export interface ImportOutcome {
  new: number;
  updated: number;
  /** Problems skipped (bad posts, unreadable files); the rest was imported. */
  rejected: number;
  /** Posts taken down (their files deleted, now drafts) and put back up (docs/operations.md, "Taking a post down"). */
  withdrawn?: number;
  restored?: number;
  /** The first few problems, formatted. */
  problems: string[];
}

export interface BuildOutcome {
  /** Files written (changed or new). */
  written: number;
  /** Roundups built. */
  issues: number;
  warnings: string[];
}

/**
 * How a send ended:
 * - finished: every delivery was decided (sent, failed for good or skipped);
 * - held: another sender holds the issue (nothing was sent by this one);
 * - already-sent: the issue had been sent;
 * - stopped: it stopped with deliveries left (pending retries, unknown, an
 *   error, a shutdown): a later send resumes it.
 */
export type SendStatus = 'finished' | 'held' | 'already-sent' | 'stopped';

export interface SendOutcome {
  status: SendStatus;
  /** Deliveries as the send left them. */
  sent: number;
  failed: number;
  unknown: number;
  pending: number;
  /** Why it stopped, when it did. */
  detail?: string;
}
