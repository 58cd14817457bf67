import { ISSUE_STATUSES, type IssueRecord, type IssueStatus } from '../send-log-store.js';

/** An issues row as both backends read it (claimed_until_ms a number: PostgreSQL's pool parses BIGINT). */
export interface IssueRow {
  id: string;
  number: number;
  subject: string;
  status: string;
  owner: string | null;
  claimed_until_ms: number | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

export const ISSUE_COLUMNS = 'id, number, subject, status, owner, claimed_until_ms, created_at, updated_at, sent_at';

/** How long a sending claim holds unless renewed, when the caller does not say. */
export const DEFAULT_LEASE_MS = 30_000;

/** A lease length as given, or the default; refuses anything but a whole number of ms above 0. */
export function leaseLength(leaseMs: number | undefined): number {
  const lease = leaseMs ?? DEFAULT_LEASE_MS;
  if (!Number.isSafeInteger(lease) || lease <= 0) throw new RangeError(`leaseMs must be a whole number above 0, not ${lease}`);
  return lease;
}

export function rowToIssue(row: IssueRow): IssueRecord {
  return {
    id: row.id,
    number: row.number,
    subject: row.subject,
    status: issueStatus(row.status),
    owner: row.owner,
    claimedUntil: row.claimed_until_ms === null ? null : new Date(row.claimed_until_ms).toISOString(),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sentAt: row.sent_at,
  };
}

function issueStatus(value: string): IssueStatus {
  const status = ISSUE_STATUSES.find((known) => known === value);
  if (status === undefined) throw new Error(`the store is damaged: unexpected issues.status value ${JSON.stringify(value)}`);
  return status;
}
