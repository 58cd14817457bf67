import type { App } from '../app.js';
import { openSending, type Sending } from '../app/sending.js';
import { siteTemplates } from '../app/templates.js';
import { EXIT_OK, InputError } from '../errors.js';
import { jsonLineLog } from '../schedule/log.js';
import { messageMaker } from '../send/messages.js';
import { ownerName } from '../send/owner.js';
import { resolveIssue } from '../send/plan.js';
import { openSendQueue } from '../send/queue/boss.js';
import { queueUrl } from '../send/queue/location.js';
import { runWorker } from '../send/queue/worker.js';
import { requireSecret } from '../subscribers/secret.js';
import type { CommandContext } from './main.js';
import { abortableSleep as sleep } from './sleep.js';

export interface WorkerFlags {
  allowInsecure?: boolean;
  exitWhenIdle?: boolean;
}

/** What `tidings worker` runs (imported by worker.ts only when the command runs: its --help loads none of this). */
export async function work(ctx: CommandContext, app: App, flags: WorkerFlags): Promise<number> {
  const { io } = ctx;
  const { config } = app;
  const url = queueUrl(app.storeLocation, app.environment);
  if (url === null) throw new InputError(`tidings worker sends what a PostgreSQL store queues: set store.url (or TIDINGS_STORE_URL) to postgres://… in ${app.configFile ?? 'the config'}; with SQLite, tidings send sends by itself`);
  const secret = requireSecret(config);
  const log = jsonLineLog(io.out, app.now);
  const templates = await siteTemplates(config, app.rootDir);
  const { pageSeconds, retries } = config.send.queue;
  const owner = ownerName();
  const queue = await openSendQueue(url, { pageSeconds, supervise: true, warn: (message) => log.warn('worker.queue', { detail: message }) });
  try {
    const sending = await workerSending(app, flags);
    for (const warning of sending.warnings) io.err(`warning: ${warning}`);
    const { transport } = sending;
    const stop = new AbortController();
    const onSignal = (signal: NodeJS.Signals): void => {
      if (!stop.signal.aborted) log.info('worker.stopping', { signal, detail: 'finishing the messages in flight; the rest of the page goes back to the queue' });
      stop.abort();
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    try {
      log.info('worker.started', { owner, transport: transport.description, connections: config.smtp.pool.maxConnections });
      const summary = await runWorker(
        {
          store: app.store,
          queue,
          transport,
          now: app.now,
          sleep,
          owner,
          log,
          warn: (message) => log.warn('worker.warning', { message }),
          async openIssue(issueId) {
            const { issue } = await resolveIssue(app.store, config, { id: issueId }, app.now());
            return { issue, messages: messageMaker({ issue, config, templates, secret, now: app.now(), warn: (message) => log.warn('worker.warning', { issueId, message }) }), accepted: 0 };
          },
        },
        { concurrency: config.smtp.pool.maxConnections, retries, signal: stop.signal, ...(flags.exitWhenIdle ? { exitWhenIdle: true } : {}) },
      );
      log.info('worker.stopped', { ...summary });
      return EXIT_OK;
    } finally {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      await sending.close();
    }
  } finally {
    await queue.close();
  }
}

/** A worker's own connections to the relay, checked by the sending rule: the one place the worker gets its transport. */
function workerSending(app: App, flags: WorkerFlags): Promise<Sending> {
  return openSending(app, { audience: 'subscribers', allowInsecure: flags.allowInsecure === true });
}
