import type Database from 'better-sqlite3';
import type { Withdrawal } from '../../model/post.js';

export interface Withdrawals {
  /** Takes a post down; false when there is no such post, or (without `replace`) it was down already. */
  withdraw(id: string, withdrawal: Withdrawal, replace: boolean): boolean;
  /** Puts a post back up; false when it was not down. */
  restore(id: string): boolean;
}

/** post_withdrawals: one row per post that is down (migration 10). Statements run in the caller's transaction, if any. */
export function prepareWithdrawals(db: Database.Database): Withdrawals {
  const insert = db.prepare<Withdrawal & { id: string }>(`
    INSERT INTO post_withdrawals (post_id, at, reason, cause)
    SELECT id, @at, @reason, @cause FROM posts WHERE id = @id
    ON CONFLICT (post_id) DO NOTHING`);
  const replace = db.prepare<Withdrawal & { id: string }>(`
    INSERT INTO post_withdrawals (post_id, at, reason, cause)
    SELECT id, @at, @reason, @cause FROM posts WHERE id = @id
    ON CONFLICT (post_id) DO UPDATE SET at = excluded.at, reason = excluded.reason, cause = excluded.cause`);
  const remove = db.prepare<[string]>('DELETE FROM post_withdrawals WHERE post_id = ?');
  return {
    withdraw(id, withdrawal, replacing) {
      const statement = replacing ? replace : insert;
      return statement.run({ id, at: withdrawal.at, reason: withdrawal.reason, cause: withdrawal.cause }).changes > 0;
    },
    restore: (id) => remove.run(id).changes > 0,
  };
}
