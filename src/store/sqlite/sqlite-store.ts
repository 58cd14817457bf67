import type Database from 'better-sqlite3';
import type { Post } from '../../model/post.js';
import type { ImportBatch, ImportRun, PostIndexEntry, PostQuery, PostUrlChange, Store } from '../store.js';
import { checkBatch } from './batch-check.js';
import { prepareClicks } from './clicks.js';
import { prepareDeliveries } from './deliveries.js';
import { prepareHubNotices } from './hub-notices.js';
import { prepareInboundEvents } from './inbound-events.js';
import { prepareIssueNumbers } from './issue-numbers.js';
import { prepareIssues } from './issues.js';
import { prepareImportRuns } from './import-runs.js';
import { prepareRuns } from './runs.js';
import { prepareSignupLimits } from './signup-limits.js';
import { preparePostPeriods } from './post-periods.js';
import { preparePostReads } from './post-reads.js';
import { preparePostWriter } from './post-writes.js';
import { prepareSourceFiles } from './source-files.js';
import { prepareSubscriberEvents } from './subscriber-events.js';
import { prepareSubscribers } from './subscribers.js';
import { prepareWithdrawals } from './withdrawals.js';

/**
 * The Store over one open, migrated better-sqlite3 connection. Every method
 * does its work synchronously inside the call (the promise only carries the
 * result), so no transaction is ever open across an await.
 */
export function createSqliteStore(db: Database.Database): Store {
  const periods = preparePostPeriods(db);
  const reads = preparePostReads(db);
  const writePost = preparePostWriter(db);
  const sourceFiles = prepareSourceFiles(db);
  const runs = prepareImportRuns(db);
  const subscribers = prepareSubscribers(db);
  const subscriberEvents = prepareSubscriberEvents(db);
  const issues = prepareIssues(db);
  const deliveries = prepareDeliveries(db);
  const scheduleRuns = prepareRuns(db);
  const withdrawals = prepareWithdrawals(db);
  const hubNotices = prepareHubNotices(db);
  const issueNumbers = prepareIssueNumbers(db);
  const clicks = prepareClicks(db);
  const inbound = prepareInboundEvents(db, subscribers);
  const signupLimits = prepareSignupLimits(db);

  const apply = db.transaction((batch: ImportBatch): ImportRun => {
    for (const post of batch.upsert) {
      try {
        writePost(post, batch.startedAt);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`cannot store post ${post.id}: ${reason}`, { cause: error });
      }
    }
    for (const { id, withdrawal } of batch.withdraw ?? []) withdrawals.withdraw(id, withdrawal, false);
    for (const id of batch.restore ?? []) withdrawals.restore(id);
    const finishedAt = new Date().toISOString();
    sourceFiles.forget(batch.forgetFiles ?? []);
    sourceFiles.put(batch.sourceFiles, finishedAt);
    return runs.record({
      startedAt: batch.startedAt,
      finishedAt,
      counts: batch.counts,
      diagnostics: batch.diagnostics,
    });
  });

  const setUrl = db.prepare<[string, string]>('UPDATE posts SET url = ? WHERE id = ?');
  const setUrls = db.transaction((changes: readonly PostUrlChange[]): number => {
    let changed = 0;
    for (const change of changes) changed += setUrl.run(change.url, change.id).changes;
    return changed;
  });

  const version = db.prepare<[], { n: number }>('SELECT n FROM content_version WHERE id = 1');

  return {
    contentVersion: async () => String(version.get()?.n ?? 0),
    sourceFiles: async (paths) => sourceFiles.all(paths),
    postsPerSourceFile: async (paths) => sourceFiles.postCounts(paths),
    async postIndex(): Promise<PostIndexEntry[]> {
      return reads.index();
    },
    async getPost(id: string): Promise<Post | undefined> {
      return reads.get(id);
    },
    async getPosts(ids: readonly string[]): Promise<Post[]> {
      return reads.getMany(ids);
    },
    postImportTimes: async () => reads.importTimes(),
    refreshPeriodKeys: async (zone, keysAt) => periods.refresh(zone, keysAt),
    async listPosts(query: PostQuery = {}): Promise<Post[]> {
      return reads.list(query);
    },
    async countPosts(query: PostQuery = {}): Promise<number> {
      return reads.count(query);
    },
    async applyImport(batch: ImportBatch): Promise<ImportRun> {
      checkBatch(batch);
      // IMMEDIATE: take the write lock up front, so a concurrent writer waits
      // (busy_timeout) instead of failing half-way through the batch.
      return apply.immediate(batch);
    },
    async listImportRuns(limit?: number): Promise<ImportRun[]> {
      return runs.list(limit);
    },
    withdrawPost: async (id, withdrawal, options = {}) => withdrawals.withdraw(id, withdrawal, options.replace ?? false),
    restorePost: async (id) => withdrawals.restore(id),
    async setPostUrls(changes: readonly PostUrlChange[]): Promise<number> {
      return changes.length === 0 ? 0 : setUrls.immediate(changes);
    },

    // Subscribers
    upsertSubscribers: async (batch) => subscribers.upsert(batch),
    getSubscriber: async (id) => subscribers.get(id),
    findSubscriberByEmail: async (email) => subscribers.findByEmail(email),
    getSubscriberByLegacyLink: async (id) => subscribers.getByLegacyLink(id),
    setSubscriberStatus: async (id, status, options = {}) => subscribers.setStatus(id, status, options),
    setSubscriberThemes: async (id, themes) => subscribers.setThemes(id, themes),
    listSubscribers: async (query = {}) => subscribers.list(query),
    countSubscribers: async (query = {}) => subscribers.count(query),
    streamSubscribers: async (page) => subscribers.page(page),
    removeSubscriber: async (id) => subscribers.remove(id),
    unsuppressSubscribers: async (emails, reason) => subscriberEvents.unsuppress(emails, reason),
    subscriberEvents: async (email) => subscriberEvents.events(email),

    // Issues
    recordIssue: async (issue) => issues.record(issue),
    getIssue: async (id) => issues.get(id),
    listIssues: async () => issues.list(),
    claimIssueForSending: async (id, owner, options = {}) => issues.claim(id, owner, options),
    releaseIssue: async (id, owner) => issues.release(id, owner),
    finishIssue: async (id, owner, options = {}) => issues.finish(id, owner, options.now),

    // Deliveries
    createDeliveries: async (issueId, subscriberIds) => deliveries.create(issueId, subscriberIds),
    createAudienceDeliveries: async (issueId, themes) => deliveries.createForAudience(issueId, themes),
    nextPendingDeliveries: async (issueId, limit, options = {}) => deliveries.nextPending(issueId, limit, options.now, options),
    markDeliveryInFlight: async (starts, options = {}) => deliveries.markInFlight(starts, options.now, options.sent),
    markDeliveriesSent: async (sent, options = {}) => deliveries.markSent(sent, options.now),
    markDeliveryUnknown: async (id, error, options = {}) => deliveries.markUnknown(id, error, options.now, options.step),
    markDeliveryFailed: async (id, error, permanent, options = {}) => deliveries.markFailed(id, error, permanent, options.now, options.step),
    markDeliveryRetry: async (id, error, notBefore, options = {}) => deliveries.markRetry(id, error, notBefore, options.now, options.step),
    markInFlightUnknown: async (issueId, options = {}) => deliveries.markInFlightUnknown(issueId, options.now, options),
    requeueUnknownDeliveries: async (issueId, options = {}) => deliveries.requeueUnknown(issueId, options.now),
    settleDeliveries: async (ids, settlement, options = {}) => deliveries.settle(ids, settlement, options.now),
    settleIssueDeliveries: async (issueId, status, settlement, options = {}) => deliveries.settleIssue(issueId, status, settlement, options.now),
    findDeliveries: async (search) => deliveries.find(search),
    listDeliveries: async (issueId, query = {}) => deliveries.list(issueId, query),
    deliveryCounts: async (issueId) => deliveries.counts(issueId),

    // Scheduler runs
    markSchedulerStart: async (at) => scheduleRuns.markStart(at),
    schedulerStart: async () => scheduleRuns.start(),
    claimRun: async (scheduledFor, owner, options) => scheduleRuns.claim(scheduledFor, owner, options),
    renewRun: async (scheduledFor, owner, options = {}) => scheduleRuns.renew(scheduledFor, owner, options.now, options.leaseMs),
    finishRun: async (scheduledFor, owner, result, options = {}) => scheduleRuns.finish(scheduledFor, owner, result, options.now),
    recordSkippedRun: async (scheduledFor, skipped) => scheduleRuns.recordSkipped(scheduledFor, skipped),
    getRun: async (scheduledFor) => scheduleRuns.get(scheduledFor),
    listRuns: async (limit) => scheduleRuns.list(limit),
    unfinishedIssues: async () =>
      scheduleRuns.unfinishedIssueIds().flatMap((id) => {
        const issue = issues.get(id);
        return issue === undefined ? [] : [{ issue, counts: deliveries.counts(id) }];
      }),

    // Issue numbers, given once
    issueNumbers: async () => issueNumbers.all(),
    assignIssueNumbers: async (ids, options = {}) => issueNumbers.assign(ids, options.now),

    // WebSub notices the hub has yet to take
    keptHubNotices: async () => hubNotices.all(),
    keepHubNotices: async (hub, failed, options = {}) => hubNotices.keep(hub, failed, options.now),
    dropHubNotices: async (urls) => hubNotices.drop(urls),

    // Click counts (engagement.clicks)
    countClick: async (click, options = {}) => clicks.count(click, options.now),
    clickCounts: async (query = {}) => clicks.counts(query.issueId),
    // What came back after a send
    inboundDelivery: async (id) => inbound.delivery(id),
    inboundDeliveryByMessageId: async (messageId) => inbound.byMessageId(messageId),
    recordInboundEvent: async (record, change) => inbound.record(record, change),
    softBouncedDeliveries: async (subscriberId, since, besides) => inbound.softBounced(subscriberId, since, besides ?? 0),
    inboundEventsFor: async (email) => inbound.forEmail(email),
    inboundEventsForReview: async (limit) => inbound.forReview(limit),
    inboundReport: async (issueId) => inbound.report(issueId),

    // Sign-up limits, shared by every server on this store
    takeSignupSlot: async (slot, limit, nowMs) => signupLimits.take(slot, limit, nowMs),
    giveBackSignupSlot: async (slot) => signupLimits.giveBack(slot),
    pruneSignupSlots: async (nowMs) => signupLimits.prune(nowMs),

    async close(): Promise<void> {
      if (db.open) db.close();
    },
  };
}
