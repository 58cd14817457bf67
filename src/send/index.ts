/**
 * Sending: an issue to its subscribers, exactly once as far as SMTP allows
 * (sender.ts), with the pieces it is made of: who gets which variant
 * (eligible.ts), which issue (plan.ts), retries (backoff.ts), messages
 * spliced per recipient (messages.ts), Message-IDs (message-id.ts), what
 * it says at the end (report.ts), --dry-run and --to.
 */
export type { RetryPolicy } from './backoff.js';
export { backoffMs, DEFAULT_RETRY, retriesLeft } from './backoff.js';
export type { Audience } from './eligible.js';
export { countAudience, enqueueDeliveries, variantFor } from './eligible.js';
export type { IssueChoice, ResolvedIssue } from './plan.js';
export { resolveIssue } from './plan.js';
export type { MessageMaker, OutgoingRaw } from './messages.js';
export { messageMaker } from './messages.js';
export { deliveryMessageId, messageIdDomain, testMessageId } from './message-id.js';
export type { Refusal, RunTally, SendOptions, SendOutcome, SendProgress, SendReport, SenderDeps, SenderStore } from './sender.js';
export type { BreakerOptions } from './breaker.js';
export { DEFAULT_BREAKER } from './breaker.js';
export { sendIssue } from './sender.js';
export { countsLine, dryRunLines, exitCodeFor, inDoubtAdvice, refusalLines, resumeAdvice, summaryLines } from './report.js';
export { dryRun } from './dry-run.js';
export type { DryRunReport, DryRunVariant } from './dry-run.js';
export type { TestCopy } from './test-copy.js';
export { sendTestCopy } from './test-copy.js';
