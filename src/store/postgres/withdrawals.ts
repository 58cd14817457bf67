import type { Withdrawal } from '../../model/post.js';
import type { Queryable } from './connection.js';
import { unnestRows, type Column } from './unnest.js';

export interface PostWithdrawal {
  id: string;
  withdrawal: Withdrawal;
}

const INSERT = `
  INSERT INTO post_withdrawals (post_id, at, reason, cause)
  SELECT id, $2, $3, $4 FROM posts WHERE id = $1`;

const COLUMNS: readonly Column<PostWithdrawal & { n: number }>[] = [
  { name: 'id', type: 'text', value: (row) => row.id },
  { name: 'at', type: 'text', value: (row) => row.withdrawal.at },
  { name: 'reason', type: 'text', value: (row) => row.withdrawal.reason },
  { name: 'cause', type: 'text', value: (row) => row.withdrawal.cause },
  { name: 'n', type: 'int', value: (row) => row.n },
];

/**
 * post_withdrawals on PostgreSQL: one row per post that is down. Each change
 * is one statement whose outcome the server decides (INSERT … ON CONFLICT,
 * DELETE), so two processes withdrawing or restoring the same post at once
 * get one `true` between them, never a lost write.
 */
export const postgresWithdrawals = {
  /** Takes a post down; false when there is no such post, or (without `replace`) it was down already. */
  async withdraw(db: Queryable, id: string, withdrawal: Withdrawal, replace: boolean): Promise<boolean> {
    const conflict = replace
      ? 'ON CONFLICT (post_id) DO UPDATE SET at = excluded.at, reason = excluded.reason, cause = excluded.cause'
      : 'ON CONFLICT (post_id) DO NOTHING';
    const result = await db.query(`${INSERT} ${conflict}`, [id, withdrawal.at, withdrawal.reason, withdrawal.cause]);
    return (result.rowCount ?? 0) > 0;
  },

  /** Puts a post back up; false when it was not down. */
  async restore(db: Queryable, id: string): Promise<boolean> {
    const result = await db.query('DELETE FROM post_withdrawals WHERE post_id = $1', [id]);
    return (result.rowCount ?? 0) > 0;
  },

  /** An import's withdrawals, in one statement: a post down already keeps its withdrawal, and a post named twice takes its first. */
  async withdrawAll(db: Queryable, withdrawals: readonly PostWithdrawal[]): Promise<void> {
    if (withdrawals.length === 0) return;
    const from = unnestRows(COLUMNS, withdrawals.map((w, n) => ({ ...w, n })));
    await db.query(
      `INSERT INTO post_withdrawals (post_id, at, reason, cause)
       SELECT DISTINCT ON (u.id) u.id, u.at, u.reason, u.cause FROM ${from.from} JOIN posts AS p ON p.id = u.id
       ORDER BY u.id, u.n
       ON CONFLICT (post_id) DO NOTHING`,
      from.params,
    );
  },

  /** An import's restores, in one statement. */
  async restoreAll(db: Queryable, ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await db.query('DELETE FROM post_withdrawals WHERE post_id = ANY($1::text[])', [[...ids]]);
  },
};
