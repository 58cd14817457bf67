import type { Command } from 'commander';
import { EXIT_OK } from '../errors.js';
import { startDaemon, type Daemon } from '../schedule/daemon.js';
import { jsonLineLog, type EventLog } from '../schedule/log.js';
import { checkConfiguredSending } from '../app/sending.js';
import type { CommandContext } from './main.js';
import { openScheduling, type Scheduling } from './schedule.js';
import { startSiteServer, withServerOptions, type ServeOptions, type ServeReporter } from './serve.js';
import { waitForShutdown } from './shutdown.js';
import { withApp } from './with-app.js';

export function registerStart(program: Command, ctx: CommandContext): void {
  withServerOptions(program.command('start'))
    .option('--allow-insecure', 'let the scheduler send to subscribers even though site.baseUrl is not https or email.from is not on a public domain (a test relay, a staging list)')
    .description('the server (archive, feeds, subscription endpoints, as tidings serve) and the roundup scheduler (as tidings schedule) in one process; SIGTERM or SIGINT stops both')
    .action(
      ctx.action(async (opts: ServeOptions & { allowInsecure?: boolean }) =>
        withApp(ctx, async (app) => {
          const log = jsonLineLog(ctx.io.out, app.now);
          let scheduling: Scheduling | undefined;
          let daemon: Daemon | undefined;
          // A scheduler that would refuse to send says so before anything listens (the same check runs again in openScheduling).
          if (app.config.schedule.enabled) await checkConfiguredSending(app, { audience: 'subscribers', allowInsecure: opts.allowInsecure === true });
          const server = await startSiteServer(app, ctx.io, opts, logReporter(log));
          try {
            if (app.config.schedule.enabled) {
              scheduling = await openScheduling(app, ctx.io, log, { allowInsecure: opts.allowInsecure === true });
              const { scheduler, schedule } = scheduling;
              daemon = startDaemon({ scheduler, expression: schedule.expression, timeZone: schedule.timeZone, log });
            } else {
              log.info('scheduler.disabled', { detail: 'schedule.enabled is false: serving only' });
            }
            const signal = await waitForShutdown();
            log.info('shutdown', { signal });
            // Both stop at once: the server stops taking requests while a run in progress winds down.
            await Promise.all([server.close(), daemon?.stop(`stopped by ${signal}`)]);
          } finally {
            try {
              await server.close();
            } finally {
              await scheduling?.close();
            }
          }
          log.info('stopped');
          return EXIT_OK;
        }),
      ),
    );
}

/** The site server's reports as log events. */
function logReporter(log: EventLog): ServeReporter {
  return {
    info: (event, message, fields) => log.info(event, { message, ...fields }),
    warn: (event, message, fields) => log.warn(event, { message, ...fields }),
    error: (event, message, error) => log.error(event, error, { message }),
  };
}
