import type Database from 'better-sqlite3';
import { SETTLEABLE, type DeliveryStatus, type Settlement } from '../send-log-store.js';
import { SETTLED_SENT } from '../rows/delivery-rows.js';
import { instant } from './clock.js';

export interface Settlements {
  settle(ids: readonly number[], settlement: Settlement, now?: string): number[];
  settleIssue(issueId: string, status: DeliveryStatus, settlement: Settlement, now?: string): number;
}

/**
 * An operator's decisions on deliveries (`tidings deliveries settle`), each
 * in one transaction: unknown -> sent, or unknown / failed -> pending. An
 * issue that was sent and has deliveries put back to pending goes back to
 * sending, its claim free, so that the next send (or scheduled run) sends them.
 */
export function prepareSettlement(db: Database.Database): Settlements {
  // By id, or for every delivery of an issue in one status.
  const settledSent = `status = 'sent', response = '${SETTLED_SENT}', sent_at = @now, updated_at = @now, not_before_ms = NULL`;
  const settledResend = "status = 'pending', permanent = NULL, not_before_ms = NULL, updated_at = @now";
  const settleOne = {
    sent: db.prepare<[{ now: string; id: number }]>(`UPDATE deliveries SET ${settledSent} WHERE id = @id AND status = 'unknown'`),
    resend: db.prepare<[{ now: string; id: number }]>(`UPDATE deliveries SET ${settledResend} WHERE id = @id AND status IN ('unknown', 'failed')`),
  };
  const settleAll = {
    sent: db.prepare<[{ now: string; issue: string; status: string }]>(`UPDATE deliveries SET ${settledSent} WHERE issue_id = @issue AND status = @status`),
    resend: db.prepare<[{ now: string; issue: string; status: string }]>(`UPDATE deliveries SET ${settledResend} WHERE issue_id = @issue AND status = @status`),
  };
  // Deliveries put back to pending in an issue that was sent: it is sending again, its claim free.
  const reopenIssue = db.prepare<[string, string]>(`
    UPDATE issues SET status = 'sending', owner = NULL, claimed_until_ms = NULL, sent_at = NULL, updated_at = ? WHERE id = ? AND status = 'sent'`);
  const issueOf = db.prepare<[number], { issue_id: string }>('SELECT issue_id FROM deliveries WHERE id = ?');

  const settle = db.transaction((ids: readonly number[], settlement: Settlement, nowGiven?: string): number[] => {
    const now = instant(nowGiven).iso;
    const moved = ids.filter((id) => settleOne[settlement].run({ now, id }).changes === 1);
    if (settlement === 'resend') for (const issue of new Set(moved.map((id) => issueOf.get(id)?.issue_id))) if (issue !== undefined) reopenIssue.run(now, issue);
    return moved;
  });

  const settleIssue = db.transaction((issue: string, status: DeliveryStatus, settlement: Settlement, nowGiven?: string): number => {
    if (!SETTLEABLE[settlement].includes(status)) throw new RangeError(`deliveries that are ${status} cannot be settled with ${settlement}`);
    const now = instant(nowGiven).iso;
    const moved = settleAll[settlement].run({ now, issue, status }).changes;
    if (settlement === 'resend' && moved > 0) reopenIssue.run(now, issue);
    return moved;
  });

  return {
    settle: (ids, settlement, now) => (ids.length === 0 ? [] : settle.immediate(ids, settlement, now)),
    settleIssue: (issueId, status, settlement, now) => settleIssue.immediate(issueId, status, settlement, now),
  };
}
