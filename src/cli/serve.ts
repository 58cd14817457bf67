import path from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { App } from '../app.js';
import { EXIT_OK, InputError, TidingsError } from '../errors.js';
import { openTransport, type MailTransport } from '../mail/transport/index.js';
import { startServer, type Route } from '../server/index.js';
import { subscriptionRoutes } from '../server/subscriptions/index.js';
import { requireSecret } from '../subscribers/secret.js';
import type { CommandContext } from './main.js';
import { waitForShutdown } from './shutdown.js';
import { withApp } from './with-app.js';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return port;
}

interface ServeOptions {
  port?: number;
  host?: string;
  out?: string;
}

export function registerServe(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .description('serve the built site (feeds with ETag and 304, pages) and the subscribe / confirm / preferences / unsubscribe endpoints over HTTP')
    .option('--port <n>', 'port (0: any free port; default: server.port from the config, 8080)', parsePort)
    .option('--host <address>', 'address to listen on (default: server.host from the config, 127.0.0.1: this machine only)')
    .option('--out <dir>', 'folder to serve (default: build.outDir from the config)')
    .action(
      ctx.action(async (opts: ServeOptions) =>
        // The store stays open while serving (the endpoints use it) and is closed on shutdown.
        withApp(ctx, async (app) => {
          const outDir = opts.out ? path.resolve(ctx.io.cwd, opts.out) : path.resolve(app.rootDir, app.config.build.outDir);
          const subscriptions = await openSubscriptions(ctx, app);
          try {
            let server;
            try {
              server = await startServer({
                outDir,
                host: opts.host ?? app.config.server.host,
                port: opts.port ?? app.config.server.port,
                routes: subscriptions.routes,
                onError: (e) => ctx.io.err(`tidings serve: ${String(e)}`),
              });
            } catch (err) {
              throw new InputError(`cannot serve ${outDir}: ${(err as Error).message}`);
            }
            ctx.io.out(`serving ${outDir} at ${server.url} (Ctrl-C to stop)`);
            await waitForShutdown();
            await server.close();
          } finally {
            await subscriptions.transport?.close();
          }
          ctx.io.out('stopped');
          return EXIT_OK;
        }),
      ),
    );
}

/**
 * The subscription endpoints and the transport for their confirmation
 * emails, or none (with a warning saying what to set) when no secret signs
 * the links: the site is still served.
 */
async function openSubscriptions(ctx: CommandContext, app: App): Promise<{ routes: Route[]; transport?: MailTransport }> {
  try {
    requireSecret(app.config);
  } catch (err) {
    if (!(err instanceof TidingsError)) throw err;
    ctx.io.err(`warning: serving without the subscription endpoints: ${err.message}`);
    return { routes: [] };
  }
  const transport = await openTransport(app.config, ctx.io.env, { rootDir: app.rootDir });
  const routes = subscriptionRoutes({
    config: app.config,
    store: app.store,
    transport,
    now: app.now,
    onError: (e) => ctx.io.err(`tidings serve: a confirmation email was not sent: ${e instanceof Error ? e.message : String(e)}`),
  });
  ctx.io.out(`subscription endpoints on: /subscribe, /confirm, /preferences, /unsubscribe (links in emails point to ${app.config.site.baseUrl})`);
  ctx.io.out(`confirmation emails: ${transport.description}`);
  return { routes, transport };
}
