import { ISSUE_COLUMNS, leaseLength, rowToIssue, type IssueRow } from '../rows/issue-rows.js';
import type { IssueStore } from '../send-log-store.js';
import { instant } from '../sqlite/clock.js';
import type { Db } from './connection.js';

/**
 * Issues and their sending claim on PostgreSQL. Every write is one
 * conditional statement, so that the row lock PostgreSQL takes for it and
 * its re-check of the condition on the newest row (READ COMMITTED) decide
 * a race: of several processes claiming an issue at once, one changes the
 * row and the others find it held.
 */
export function postgresIssues(db: Db): IssueStore {
  const get = async (id: string) => {
    const { rows } = await db.query<IssueRow>(`SELECT ${ISSUE_COLUMNS} FROM issues WHERE id = $1`, [id]);
    return rows[0] === undefined ? undefined : rowToIssue(rows[0]);
  };
  const mustGet = async (id: string) => {
    const issue = await get(id);
    if (issue === undefined) throw new Error(`issue ${id} vanished while being written`);
    return issue;
  };

  return {
    async recordIssue(issue) {
      const now = instant().iso;
      const status = issue.status ?? 'draft';
      // A new issue is inserted; an existing one takes the new number and subject only while it is a draft.
      const { rows } = await db.query<IssueRow>(
        `INSERT INTO issues AS i (id, number, subject, status, created_at, updated_at, sent_at) VALUES ($1, $2, $3, $4, $5, $5, $6)
         ON CONFLICT (id) DO UPDATE SET number = excluded.number, subject = excluded.subject, updated_at = excluded.updated_at
           WHERE i.status = 'draft'
         RETURNING ${ISSUE_COLUMNS}`,
        [issue.id, issue.number, issue.subject, status, now, status === 'sent' ? now : null],
      );
      return rows[0] === undefined ? mustGet(issue.id) : rowToIssue(rows[0]);
    },
    getIssue: get,
    async listIssues() {
      const { rows } = await db.query<IssueRow>(`SELECT ${ISSUE_COLUMNS} FROM issues ORDER BY id`);
      return rows.map(rowToIssue);
    },
    async claimIssueForSending(id, owner, options = {}) {
      const now = instant(options.now);
      const lease = leaseLength(options.leaseMs);
      // A lease given only when free: a draft, a released claim, the owner's own (a renewal) or one that lapsed.
      const { rows } = await db.query<IssueRow>(
        `UPDATE issues SET status = 'sending', owner = $2, claimed_until_ms = $3, updated_at = $4
         WHERE id = $1 AND (status = 'draft' OR (status = 'sending' AND (owner IS NULL OR owner = $2 OR claimed_until_ms <= $5)))
         RETURNING ${ISSUE_COLUMNS}`,
        [id, owner, now.ms + lease, now.iso, now.ms],
      );
      if (rows[0] !== undefined) return { claimed: true, issue: rowToIssue(rows[0]) };
      const issue = await get(id);
      if (issue === undefined) return { claimed: false, reason: 'missing' };
      return { claimed: false, reason: issue.status === 'sent' ? 'sent' : 'held', issue };
    },
    async releaseIssue(id, owner) {
      const { rowCount } = await db.query(
        `UPDATE issues SET owner = NULL, claimed_until_ms = NULL, updated_at = $3 WHERE id = $1 AND status = 'sending' AND owner = $2`,
        [id, owner, instant().iso],
      );
      return rowCount === 1;
    },
    async finishIssue(id, owner, options = {}) {
      const at = instant(options.now).iso;
      const { rowCount } = await db.query(
        `UPDATE issues SET status = 'sent', owner = NULL, claimed_until_ms = NULL, sent_at = $3, updated_at = $3
         WHERE id = $1 AND status = 'sending' AND owner = $2`,
        [id, owner, at],
      );
      return rowCount === 1;
    },
  };
}
