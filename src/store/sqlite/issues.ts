import type Database from 'better-sqlite3';
import { ISSUE_COLUMNS as COLUMNS, leaseLength, rowToIssue, type IssueRow } from '../rows/issue-rows.js';
import type { ClaimOptions, IssueClaim, IssueInput, IssueRecord } from '../send-log-store.js';
import { instant } from './clock.js';

export interface Issues {
  record(issue: IssueInput): IssueRecord;
  get(id: string): IssueRecord | undefined;
  list(): IssueRecord[];
  claim(id: string, owner: string, options: ClaimOptions): IssueClaim;
  release(id: string, owner: string): boolean;
  finish(id: string, owner: string, now?: string): boolean;
}

export function prepareIssues(db: Database.Database): Issues {
  const byId = db.prepare<[string], IssueRow>(`SELECT ${COLUMNS} FROM issues WHERE id = ?`);
  const all = db.prepare<[], IssueRow>(`SELECT ${COLUMNS} FROM issues ORDER BY id`);
  const insert = db.prepare<[string, number, string, string, string, string, string | null]>(`
    INSERT INTO issues (id, number, subject, status, created_at, updated_at, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const updateDraft = db.prepare<[number, string, string, string]>(`
    UPDATE issues SET number = ?, subject = ?, updated_at = ?
    WHERE id = ? AND status = 'draft'`);
  const take = db.prepare<[string, number, string, string, string, number]>(`
    UPDATE issues SET status = 'sending', owner = ?, claimed_until_ms = ?, updated_at = ?
    WHERE id = ? AND (status = 'draft' OR (status = 'sending' AND (owner IS NULL OR owner = ? OR claimed_until_ms <= ?)))`);
  const release = db.prepare<[string, string, string]>(`
    UPDATE issues SET owner = NULL, claimed_until_ms = NULL, updated_at = ?
    WHERE id = ? AND status = 'sending' AND owner = ?`);
  const finish = db.prepare<[string, string, string, string]>(`
    UPDATE issues SET status = 'sent', owner = NULL, claimed_until_ms = NULL, sent_at = ?, updated_at = ?
    WHERE id = ? AND status = 'sending' AND owner = ?`);

  const get = (id: string): IssueRecord | undefined => {
    const row = byId.get(id);
    return row === undefined ? undefined : rowToIssue(row);
  };

  const mustGet = (id: string): IssueRecord => {
    const issue = get(id);
    if (issue === undefined) throw new Error(`issue ${id} vanished while being written`);
    return issue;
  };

  const record = db.transaction((issue: IssueInput): IssueRecord => {
    const now = instant().iso;
    const status = issue.status ?? 'draft';
    if (byId.get(issue.id) === undefined) {
      insert.run(issue.id, issue.number, issue.subject, status, now, now, status === 'sent' ? now : null);
    } else {
      updateDraft.run(issue.number, issue.subject, now, issue.id);
    }
    return mustGet(issue.id);
  });

  const claim = db.transaction((id: string, owner: string, options: ClaimOptions): IssueClaim => {
    const now = instant(options.now);
    const lease = leaseLength(options.leaseMs);
    if (take.run(owner, now.ms + lease, now.iso, id, owner, now.ms).changes === 1) {
      return { claimed: true, issue: mustGet(id) };
    }
    const issue = get(id);
    if (issue === undefined) return { claimed: false, reason: 'missing' };
    return { claimed: false, reason: issue.status === 'sent' ? 'sent' : 'held', issue };
  });

  return {
    record: (issue) => record.immediate(issue),
    get,
    list: () => all.all().map(rowToIssue),
    claim: (id, owner, options) => claim.immediate(id, owner, options),
    release: (id, owner) => release.run(instant().iso, id, owner).changes === 1,
    finish(id, owner, now) {
      const at = instant(now).iso;
      return finish.run(at, at, id, owner).changes === 1;
    },
  };
}
