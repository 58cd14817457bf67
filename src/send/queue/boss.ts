import PgBoss from 'pg-boss';
import { pageKey, readPage, type Page } from './page.js';

/**
 * The send queue: pages of deliveries (page.ts) as pg-boss 10 jobs in
 * PostgreSQL, claimed by the workers with `SKIP LOCKED`. This file is the
 * only one that knows pg-boss. The queue's policy is 'short': one job per
 * page key waits at a time, so a re-run of `tidings send` never enqueues a
 * waiting page twice. A job a worker holds longer than `pageSeconds` (its
 * worker died) is expired by the supervisor that every worker runs and
 * handed out again with its retry count raised: that is how the page's next
 * worker knows that what was in flight in it is in doubt.
 *
 * The queue only shares the work out: that a delivery goes once is the
 * store's doing (a delivery moves to in-flight from pending once), so two
 * workers on one page, or a page enqueued twice, never send anything twice.
 */

export const SEND_QUEUE = 'tidings-send';
/** pg-boss's schema in the database (its default). */
const SCHEMA = 'pgboss';
/** Times an expired page is handed out again (each expiry is a worker that died or stalled on it). */
const EXPIRY_RETRIES = 20;

export interface PageJob {
  readonly id: string;
  readonly page: Page;
  /** Times the page was handed out before this (0: first time); above 0, its last worker died or stalled. */
  readonly retryCount: number;
}

/** What a worker did with a page: kept with its job, for `tidings status`. */
export interface PageOutcome {
  readonly worker: string;
  readonly sent: number;
  readonly failed: number;
  readonly inDoubt: number;
  /** Left in flight by the page's last worker, now unknown. */
  readonly unknownFound: number;
  readonly deferred: number;
  /** The worker's stop: why (relay-refused, fatal, deferred, stopped), with the relay's words. */
  readonly outcome: string;
  readonly error?: string;
  readonly lastDeferral?: string;
}

export interface RelayError {
  readonly at: string;
  readonly issueId: string;
  readonly worker: string;
  readonly error: string;
}

export interface SendQueue {
  /** Puts pages in the queue (one waiting per page key: those already waiting are left as they are). */
  enqueue(pages: readonly Page[], options?: { startAfter?: Date }): Promise<void>;
  /** The next page to send, or null when none is due. */
  take(): Promise<PageJob | null>;
  /** The page is done with: `outcome` is kept with it. */
  done(job: PageJob, outcome: PageOutcome): Promise<void>;
  /** Pages waiting and being sent, of every issue. */
  depth(): Promise<{ waiting: number; active: number }>;
  /** Pages of this issue waiting or being sent. */
  openPages(issueId: string): Promise<number>;
  /** The latest pages whose workers stopped on the relay's account, newest first. */
  relayErrors(limit: number): Promise<RelayError[]>;
  close(): Promise<void>;
}

export interface QueueOptions {
  /** How long a worker may hold a page before it is handed to another. */
  readonly pageSeconds: number;
  /** A worker's queue also expires the pages of dead workers (pg-boss's supervisor). */
  readonly supervise: boolean;
  readonly warn?: (message: string) => void;
}

/** Opens the send queue in the PostgreSQL database at `url`, creating pg-boss's schema and the queue when they are not there. */
export async function openSendQueue(url: string, options: QueueOptions): Promise<SendQueue> {
  const boss = new PgBoss({
    connectionString: url,
    schema: SCHEMA,
    max: 3,
    application_name: 'tidings',
    schedule: false,
    supervise: options.supervise,
    // Expired pages are noticed within a fraction of their time (every worker offers; one does it at a time).
    maintenanceIntervalSeconds: Math.max(1, Math.min(60, Math.floor(options.pageSeconds / 3))),
  });
  boss.on('error', (error) => options.warn?.(`the send queue: ${error.message}`));
  await retryOnDeadlock(() => boss.start());
  await retryOnDeadlock(() => boss.createQueue(SEND_QUEUE, { name: SEND_QUEUE, policy: 'short', retryLimit: EXPIRY_RETRIES, retryDelay: 0, expireInSeconds: options.pageSeconds }));
  const db = boss.getDb();
  const jobOptions = { retryLimit: EXPIRY_RETRIES, retryDelay: 0, expireInSeconds: options.pageSeconds };

  return {
    async enqueue(pages, enqueueOptions = {}) {
      const startAfter = enqueueOptions.startAfter?.toISOString();
      for (let at = 0; at < pages.length; at += 500) {
        const jobs = pages.slice(at, at + 500).map((page) => ({ name: SEND_QUEUE, data: page, singletonKey: pageKey(page), ...jobOptions, ...(startAfter ? { startAfter } : {}) }));
        await retryOnDeadlock(() => boss.insert(jobs));
      }
    },
    async take() {
      for (;;) {
        const [job] = await retryOnDeadlock(() => boss.fetch<unknown>(SEND_QUEUE, { batchSize: 1, includeMetadata: true }));
        if (job === undefined) return null;
        const page = readPage(job.data);
        if (page !== null) return { id: job.id, page, retryCount: job.retryCount };
        // Not ours: kept failed, for whoever put it there to see.
        await boss.fail(SEND_QUEUE, job.id, { error: 'not a page of deliveries' });
      }
    },
    async done(job, outcome) {
      await retryOnDeadlock(() => boss.complete(SEND_QUEUE, job.id, { ...outcome, issueId: job.page.issueId }));
    },
    async depth() {
      const waiting = await boss.getQueueSize(SEND_QUEUE);
      const open = await boss.getQueueSize(SEND_QUEUE, { before: 'completed' });
      return { waiting, active: open - waiting };
    },
    async openPages(issueId) {
      // pg-boss 10's job table, read directly: its API counts a queue's jobs, not one issue's.
      const { rows } = await db.executeSql(`SELECT count(*)::int AS n FROM ${SCHEMA}.job WHERE name = $1 AND state < 'completed' AND data->>'issueId' = $2`, [SEND_QUEUE, issueId]);
      return Number((rows[0] as { n?: unknown } | undefined)?.n ?? 0);
    },
    async relayErrors(limit) {
      const { rows } = await db.executeSql(
        `SELECT completed_on, output FROM ${SCHEMA}.job WHERE name = $1 AND state = 'completed' AND (output->>'error' IS NOT NULL OR output->>'lastDeferral' IS NOT NULL)
         ORDER BY completed_on DESC LIMIT $2`,
        [SEND_QUEUE, limit],
      );
      return (rows as { completed_on: Date; output: Record<string, unknown> }[]).map((row) => ({
        at: row.completed_on.toISOString(),
        issueId: String(row.output.issueId ?? ''),
        worker: String(row.output.worker ?? ''),
        error: String(row.output.error ?? `deferred: ${String(row.output.lastDeferral)}`),
      }));
    },
    close: () => boss.stop({ graceful: false, wait: true, close: true }),
  };
}

/**
 * Runs a queue statement again when PostgreSQL broke a deadlock by failing
 * it (40P01): several workers starting, fetching and completing pages at
 * once can lock pg-boss's rows in opposite orders. The failed side's
 * transaction was rolled back whole (no page taken, none completed), so
 * running it again is safe.
 */
async function retryOnDeadlock<T>(statement: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await statement();
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01' || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
    }
  }
}
