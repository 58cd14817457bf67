import { createTask, type Logger, type ScheduledTask } from 'node-cron';
import type { EventLog } from './log.js';
import type { Scheduler } from './scheduler.js';

export interface DaemonOptions {
  scheduler: Scheduler;
  /** The cron expression and its time zone (schedule.cron, site.timeZone). */
  expression: string;
  timeZone: string;
  log: EventLog;
}

export interface Daemon {
  /** Resolves once the start (and its catch-up run, if any) is done. */
  started: Promise<void>;
  /** Stops both tasks, asks a run in progress to stop, and waits for it. */
  stop(reason: string): Promise<void>;
}

/**
 * The scheduler on node-cron: one task on the configured expression in the
 * site's time zone wakes it at each slot, on the second; a second task,
 * every minute in UTC, wakes it too, which catches what a wall-clock cron
 * cannot fire (a slot in the hour skipped when clocks go forward) and what
 * a suspended machine missed. Both only call `tick`: the scheduler decides
 * from the clock and the store, so an extra wake-up never runs anything
 * twice. Both tasks use noOverlap; node-cron's own messages go to the log.
 */
export function startDaemon(options: DaemonOptions): Daemon {
  const { scheduler, log } = options;
  const logger = nodeCronLogger(log);
  const tick = (source: 'cron' | 'watch') => async () => {
    try {
      await scheduler.tick(source);
    } catch (error) {
      log.error('scheduler.tick-failed', error, { source });
    }
  };
  const tasks: ScheduledTask[] = [
    createTask(options.expression, tick('cron'), { timezone: options.timeZone, noOverlap: true, name: 'tidings-roundup', logger }),
    createTask('* * * * *', tick('watch'), { timezone: 'UTC', noOverlap: true, name: 'tidings-watch', logger }),
  ];
  const [roundup] = tasks;
  roundup?.on('execution:overlap', (context) => log.warn('cron.overlap', { at: context.date, detail: 'the previous run is still going' }));
  roundup?.on('execution:missed', (context) => log.warn('cron.missed', { at: context.date, detail: 'node-cron woke up late; the minute watch catches up' }));

  const started = scheduler.start().then(
    () => undefined,
    (error: unknown) => log.error('scheduler.start-failed', error),
  );
  for (const task of tasks) void task.start();

  let stopping: Promise<void> | null = null;
  return {
    started,
    stop(reason) {
      stopping ??= (async () => {
        for (const task of tasks) await task.destroy();
        if (scheduler.busy()) {
          log.info('scheduler.waiting', { detail: 'waiting for the run in progress to stop', reason });
          scheduler.abort(reason);
        }
        await started;
        await scheduler.idle();
      })();
      return stopping;
    },
  };
}

/** node-cron's logger, writing to the event log (its debug messages are dropped; overlaps are logged from their event). */
function nodeCronLogger(log: EventLog): Logger {
  return {
    info: (message) => log.info('cron.info', { message }),
    warn: (message) => {
      if (!message.includes('overlap prevention')) log.warn('cron.warn', { message });
    },
    error: (message, error) => {
      if (message instanceof Error) log.error('cron.error', message);
      else log.error('cron.error', error ?? new Error(message));
    },
    debug: () => undefined,
  };
}
