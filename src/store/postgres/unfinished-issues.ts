import type { RunStore } from '../run-store.js';
import type { Db } from './connection.js';
import type { SendLogPart } from './parts.js';

/** The issues a send has not finished: being sent, or with deliveries still to act on (through the index deliveries_open). */
const UNFINISHED_ISSUES = `
  SELECT i.id FROM issues AS i
  WHERE i.status = 'sending'
     OR EXISTS (SELECT 1 FROM deliveries AS d WHERE d.issue_id = i.id AND d.status IN ('pending', 'in-flight', 'unknown'))
  ORDER BY i.id`;

/** RunStore.unfinishedIssues: the ids from here, each issue and its counts as the send log reads them. */
export function postgresUnfinishedIssues(db: Db, sendLog: Pick<SendLogPart, 'getIssue' | 'deliveryCounts'>): RunStore['unfinishedIssues'] {
  return async () => {
    const ids = (await db.query<{ id: string }>(UNFINISHED_ISSUES)).rows.map((row) => row.id);
    const found = await Promise.all(
      ids.map(async (id) => {
        const issue = await sendLog.getIssue(id);
        return issue === undefined ? [] : [{ issue, counts: await sendLog.deliveryCounts(id) }];
      }),
    );
    return found.flat();
  };
}
