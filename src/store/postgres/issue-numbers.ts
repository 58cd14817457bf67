import type { IssueNumberStore } from '../issue-number-store.js';
import { instant } from '../sqlite/clock.js';
import type { Db } from './connection.js';

/**
 * Issue numbers, given once. Giving new ones reads the highest number and
 * writes the next, so two schedulers doing it at once would both take the
 * same one: the transaction first takes the table in EXCLUSIVE mode (reads
 * still go on; a second assigner waits, then sees the first one's numbers).
 * When every id already has its number, nothing is locked.
 */
export function postgresIssueNumbers(db: Db): IssueNumberStore {
  const known = async (ids: readonly string[]): Promise<Map<string, number>> => {
    const rows = await db.query<{ issue_id: string; number: number }>('SELECT issue_id, number FROM issue_numbers WHERE issue_id = ANY($1::text[])', [[...ids]]);
    return new Map(rows.rows.map((row) => [row.issue_id, row.number]));
  };
  return {
    async issueNumbers() {
      const rows = await db.query<{ issue_id: string; number: number }>('SELECT issue_id, number FROM issue_numbers ORDER BY number');
      return new Map(rows.rows.map((row) => [row.issue_id, row.number]));
    },
    async assignIssueNumbers(ids, options = {}) {
      const at = instant(options.now).iso;
      const given = await known(ids);
      if (ids.every((id) => given.has(id))) return new Map(ids.map((id) => [id, given.get(id) as number]));
      return db.transaction(async (client) => {
        await client.query('LOCK TABLE issue_numbers IN EXCLUSIVE MODE');
        const rows = await client.query<{ issue_id: string; number: number }>('SELECT issue_id, number FROM issue_numbers WHERE issue_id = ANY($1::text[])', [[...ids]]);
        const numbers = new Map(rows.rows.map((row) => [row.issue_id, row.number]));
        let top = (await client.query<{ top: number }>('SELECT coalesce(max(number), 0) AS top FROM issue_numbers')).rows[0]?.top ?? 0;
        const fresh: string[] = [];
        for (const id of ids) {
          if (numbers.has(id)) continue;
          numbers.set(id, ++top);
          fresh.push(id);
        }
        await client.query(
          'INSERT INTO issue_numbers (issue_id, number, assigned_at) SELECT issue_id, number, $3 FROM unnest($1::text[], $2::int[]) AS given (issue_id, number)',
          [fresh, fresh.map((id) => numbers.get(id)), at],
        );
        return new Map(ids.map((id) => [id, numbers.get(id) as number]));
      });
    },
  };
}
