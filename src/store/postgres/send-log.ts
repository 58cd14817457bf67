import type { Db } from './connection.js';
import type { SendLogPart } from './parts.js';
import { notWrittenYet } from './scaffold.js';

export function postgresSendLog(_db: Db): SendLogPart {
  return notWrittenYet<SendLogPart>(['recordIssue', 'getIssue', 'listIssues', 'claimIssueForSending', 'releaseIssue', 'finishIssue', 'createDeliveries', 'createAudienceDeliveries', 'nextPendingDeliveries', 'markDeliveryInFlight', 'markDeliveriesSent', 'markDeliveryUnknown', 'markDeliveryFailed', 'markDeliveryRetry', 'markInFlightUnknown', 'requeueUnknownDeliveries', 'settleDeliveries', 'settleIssueDeliveries', 'findDeliveries', 'listDeliveries', 'deliveryCounts']);
}
