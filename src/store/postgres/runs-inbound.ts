import type { Db } from './connection.js';
import type { RunInboundPart } from './parts.js';
import { notWrittenYet } from './scaffold.js';

export function postgresRunsInbound(_db: Db): RunInboundPart {
  return notWrittenYet<RunInboundPart>(['markSchedulerStart', 'schedulerStart', 'claimRun', 'renewRun', 'finishRun', 'recordSkippedRun', 'getRun', 'listRuns', 'unfinishedIssues', 'inboundDelivery', 'inboundDeliveryByMessageId', 'recordInboundEvent', 'softBouncedDeliveries', 'inboundEventsFor', 'inboundEventsForReview', 'inboundReport']);
}
