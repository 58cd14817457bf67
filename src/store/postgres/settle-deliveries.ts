import { SETTLED_SENT } from '../rows/delivery-rows.js';
import { SETTLEABLE, type DeliveryStore, type Settlement } from '../send-log-store.js';
import { instant } from '../sqlite/clock.js';
import type { Db, Queryable } from './connection.js';

export type DeliverySettlements = Pick<DeliveryStore, 'settleDeliveries' | 'settleIssueDeliveries'>;

/** What each settlement writes (`$now` is the instant's parameter). */
const SET: Readonly<Record<Settlement, (now: string) => string>> = {
  sent: (now) => `status = 'sent', response = '${SETTLED_SENT}', sent_at = ${now}, updated_at = ${now}, not_before_ms = NULL`,
  resend: (now) => `status = 'pending', permanent = NULL, not_before_ms = NULL, updated_at = ${now}`,
};

/**
 * An operator's decisions on deliveries (`tidings deliveries settle`), each
 * in one transaction of conditional updates: unknown -> sent, or unknown /
 * failed -> pending. An issue that was sent and has deliveries put back to
 * pending goes back to sending, its claim free, so that the next send (or
 * scheduled run, or worker) sends them.
 */
export function postgresSettlements(db: Db): DeliverySettlements {
  return {
    async settleDeliveries(ids, settlement, options = {}) {
      if (ids.length === 0) return [];
      const now = instant(options.now).iso;
      const sorted = [...new Set(ids)].sort((a, b) => a - b);
      const moved = await db.transaction(async (client) => {
        const { rows } = await client.query<{ id: number; issue_id: string }>(
          `UPDATE deliveries SET ${SET[settlement]('$2')} WHERE id = ANY($1::int[]) AND status = ANY($3::text[]) RETURNING id, issue_id`,
          [sorted, now, SETTLEABLE[settlement]],
        );
        if (settlement === 'resend') await reopen(client, [...new Set(rows.map((row) => row.issue_id))], now);
        return new Set(rows.map((row) => row.id));
      });
      return [...new Set(ids)].filter((id) => moved.has(id));
    },
    async settleIssueDeliveries(issueId, status, settlement, options = {}) {
      if (!SETTLEABLE[settlement].includes(status)) throw new RangeError(`deliveries that are ${status} cannot be settled with ${settlement}`);
      const now = instant(options.now).iso;
      return db.transaction(async (client) => {
        const moved =
          (await client.query(`UPDATE deliveries SET ${SET[settlement]('$2')} WHERE issue_id = $1 AND status = $3`, [issueId, now, status])).rowCount ?? 0;
        if (settlement === 'resend' && moved > 0) await reopen(client, [issueId], now);
        return moved;
      });
    },
  };
}

/** Issues that were sent and have deliveries to send again: sending, their claim free. */
async function reopen(client: Queryable, issueIds: readonly string[], now: string): Promise<void> {
  if (issueIds.length === 0) return;
  await client.query(
    `UPDATE issues SET status = 'sending', owner = NULL, claimed_until_ms = NULL, sent_at = NULL, updated_at = $2 WHERE id = ANY($1::text[]) AND status = 'sent'`,
    [issueIds, now],
  );
}
