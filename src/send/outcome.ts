import type { DeliveryCounts } from '../store/store.js';

/** What a send reports: how it ended, what this run did, the issue's deliveries as it left them. */

export interface SendProgress {
  /** Deliveries this run has settled (sent, failed, or left pending), of `total` pending when it started. */
  readonly done: number;
  readonly total: number;
  readonly sent: number;
  readonly failed: number;
}

/**
 * - sent: the issue is complete (nothing pending, in flight or unknown);
 * - incomplete: the run ended with deliveries pending (temporary failures) or unknown;
 * - stopped: asked to stop (SIGTERM); the next run carries on;
 * - deferred: the relay deferred so many messages in a row that the run stopped;
 * - relay-refused: the relay refused for a reason about the sender or the relay (not a
 *   recipient), or refused (nearly) everyone so far (the breaker): stopped with nobody
 *   failed or bounced for it; `refusal` says what the relay said and what to check;
 * - fatal: the relay refused the setup (credentials, TLS) or a message could not be made; `error` says why;
 * - held: another sender holds the issue;
 * - lost-claim: another sender took the issue over during the run (this one's lease had lapsed);
 * - already-sent: the issue had been sent before: nothing to do.
 */
export type SendOutcome = 'sent' | 'incomplete' | 'stopped' | 'deferred' | 'relay-refused' | 'fatal' | 'held' | 'lost-claim' | 'already-sent';

/** Why a send stopped with 'relay-refused'. */
export interface Refusal {
  /**
   * - setup: one refusal about the sender or the relay (relaying or authentication
   *   refused, our sender address refused, a policy or system refusal);
   * - everyone: the breaker: the relay accepted nothing and refused every answer so far;
   * - sudden: the breaker: it refused `refused` of its last `answers` answers.
   */
  readonly cause: 'setup' | 'everyone' | 'sudden';
  /** The relay's reply, as it worded it. */
  readonly reply: string;
  /** The command it refused ('MAIL FROM', 'RCPT TO', 'message'), when known. */
  readonly command?: string;
  /** For the breaker: refusals among the latest answers judged. */
  readonly refused?: number;
  readonly answers?: number;
}

export interface SendReport {
  readonly issueId: string;
  readonly subject: string;
  readonly outcome: SendOutcome;
  /** What this run did. */
  readonly run: RunTally;
  /** The issue's deliveries as the run left them. */
  readonly counts: DeliveryCounts;
  /** For 'held': who holds it, and when the claim lapses unless its holder renews it. */
  readonly heldBy?: { readonly owner: string | null; readonly until: string | null };
  /** For 'fatal', 'deferred' and 'relay-refused': the reason, in one line. */
  readonly error?: string;
  /** For 'relay-refused': what the relay said. */
  readonly refusal?: Refusal;
  readonly elapsedMs: number;
  /** Variants rendered, and those whose messages were composed whole (slow) with why. */
  readonly variants: number;
  readonly unspliced: ReadonlyMap<string, string>;
}

export interface RunTally {
  /** New deliveries created (subscribers who had none for this issue). */
  created: number;
  /** Deliveries found in flight from a sender that stopped, now unknown. */
  unknownFound: number;
  /** Unknown deliveries put back to pending (resendUnknown). */
  requeued: number;
  sent: number;
  /** Failed for good this run (the relay refused them, and the breaker let the refusal stand). */
  failed: number;
  /** Of those, unknown mailboxes: their subscribers are now bounced. */
  bounced: number;
  /** Refusals about one recipient that were not acted on (the breaker tripped, or the run stopped first): still pending. */
  heldBack: number;
  /** Attempts that failed for a passing reason and were tried again in this run. */
  retried: number;
  /** Deliveries still failing for a passing reason after the last attempt: pending for the next run. */
  deferred: number;
  /** The last passing failure seen, and when the deferred ones may be tried again. */
  lastDeferral: string | null;
  nextAttemptAt: string | null;
  /** Subscribers who no longer follow any theme of the issue: not sent (recorded as failed, not permanent). */
  dropped: number;
  /** Messages whose connection broke after they had gone, before the relay answered: now unknown. */
  inDoubt: number;
}

export function emptyTally(): RunTally {
  return {
    created: 0,
    unknownFound: 0,
    requeued: 0,
    sent: 0,
    failed: 0,
    bounced: 0,
    heldBack: 0,
    retried: 0,
    deferred: 0,
    lastDeferral: null,
    nextAttemptAt: null,
    dropped: 0,
    inDoubt: 0,
  };
}
