import { configSchema, type Config } from '../../src/config/schema.js';
import { planIssues } from '../../src/digest/plan.js';
import { cronSchedule } from '../../src/schedule/cron-schedule.js';
import { memoryLog, type LogEntry } from '../../src/schedule/log.js';
import { createScheduler, type Scheduler } from '../../src/schedule/scheduler.js';
import type { RunSteps, SendOutcome } from '../../src/schedule/steps.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/store.js';
import { makeBatch, makePost } from '../store/fixtures/posts.js';

/** A clock that only moves when told to. */
export interface FakeClock {
  now(): Date;
  set(iso: string): void;
  advance(ms: number): void;
}

export function fakeClock(iso: string): FakeClock {
  let ms = Date.parse(iso);
  return {
    now: () => new Date(ms),
    set: (next) => void (ms = Date.parse(next)),
    advance: (by) => void (ms += by),
  };
}

export interface Harness {
  store: Store;
  config: Config;
  clock: FakeClock;
  /** Issue ids the send step was asked for, in order. */
  sends: string[];
  /** Every log entry of every scheduler made with `scheduler()`. */
  log: LogEntry[];
  /** A scheduler process on the shared store and clock (a new one is a restart, or a second process). */
  scheduler(owner?: string): Scheduler;
  /** Stored posts, one per ISO instant. */
  addPosts(...published: string[]): Promise<void>;
  /** What the send step does next: by default it sends, as the sender would, through the store's issue claim. */
  sendWith(fn: (issueId: string) => Promise<SendOutcome>): void;
  /** Ticks `scheduler` every `stepMs` (like the daemon's minute watch) from the clock's time to `until`, each tick awaited. */
  tickUntil(scheduler: Scheduler, until: string, stepMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function makeHarness(options: { start: string; cron?: string; catchUpDays?: number; timeZone?: string; period?: 'weekly' | 'daily' }): Promise<Harness> {
  const store = await openSqliteStore(':memory:');
  const config = configSchema.parse({
    site: { timeZone: options.timeZone ?? 'Europe/London', baseUrl: 'https://example.org/' },
    digest: { period: options.period ?? 'weekly' },
    schedule: { cron: options.cron ?? '0 8 * * 1', catchUpDays: options.catchUpDays ?? 7 },
  });
  const clock = fakeClock(options.start);
  const sends: string[] = [];
  const entries: LogEntry[] = [];
  let postCount = 0;

  const realSend = async (issueId: string): Promise<SendOutcome> => {
    const now = clock.now().toISOString();
    await store.recordIssue({ id: issueId, number: 1, subject: issueId });
    const claim = await store.claimIssueForSending(issueId, 'sender', { now });
    if (!claim.claimed) return { status: claim.reason === 'sent' ? 'already-sent' : 'held', sent: 0, failed: 0, unknown: 0, pending: 0 };
    await store.finishIssue(issueId, 'sender', { now });
    return { status: 'finished', sent: 2, failed: 0, unknown: 0, pending: 0 };
  };
  let send = realSend;

  const steps: RunSteps = {
    importContent: async () => ({ new: 0, updated: 0, rejected: 0, problems: [] }),
    build: async () => ({ written: 0, issues: 0, warnings: [] }),
    planIssues: async () => planIssues(await store.listPosts(), config),
    send: async (issueId) => {
      sends.push(issueId);
      return send(issueId);
    },
  };

  let processes = 0;
  return {
    store,
    config,
    clock,
    sends,
    log: entries,
    scheduler(owner) {
      const log = memoryLog(clock.now, entries);
      return createScheduler({
        store,
        config,
        schedule: cronSchedule(config.schedule.cron, config.site.timeZone),
        steps,
        now: clock.now,
        owner: owner ?? `process-${++processes}`,
        log,
      });
    },
    async addPosts(...published) {
      const posts = published.map((iso) => {
        const id = `p${++postCount}`;
        return makePost(id, { published: iso, updated: iso, fingerprint: `fp-${id}` });
      });
      await store.applyImport(makeBatch(posts));
    },
    sendWith(fn) {
      send = fn;
    },
    async tickUntil(scheduler, until, stepMs = 60_000) {
      const end = Date.parse(until);
      while (clock.now().getTime() + stepMs <= end) {
        clock.advance(stepMs);
        await scheduler.tick('watch');
      }
    },
    close: () => store.close(),
  };
}

/** The default send, for a test that replaced it and wants it back in a wrapper. */
export const SENT: SendOutcome = { status: 'finished', sent: 2, failed: 0, unknown: 0, pending: 0 };
