import type { Db } from './connection.js';
import { postgresInboundEvents } from './inbound-events.js';
import type { RunInboundPart } from './parts.js';
import { postgresRuns } from './runs.js';
import { postgresSendLog } from './send-log.js';
import { postgresUnfinishedIssues } from './unfinished-issues.js';

/** The scheduler's runs and leases, and what came back after a send, over one pool. */
export function postgresRunsInbound(db: Db): RunInboundPart {
  return {
    ...postgresRuns(db),
    unfinishedIssues: postgresUnfinishedIssues(db, postgresSendLog(db)),
    ...postgresInboundEvents(db),
  };
}
