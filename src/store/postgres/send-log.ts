import type { Db } from './connection.js';
import { postgresDeliveryClaims } from './delivery-claims.js';
import { postgresDeliveryLog } from './deliveries.js';
import { postgresIssues } from './issues.js';
import type { SendLogPart } from './parts.js';
import { postgresSettlements } from './settle-deliveries.js';

/**
 * The send log on PostgreSQL: issues with their sending claim, and
 * deliveries. Safe for any number of processes on any number of machines
 * sharing the database: a claim or a step of a delivery is a conditional
 * update (docs/architecture.md, "The PostgreSQL send log").
 */
export function postgresSendLog(db: Db): SendLogPart {
  return {
    ...postgresIssues(db),
    ...postgresDeliveryLog(db),
    ...postgresDeliveryClaims(db),
    ...postgresSettlements(db),
  };
}
