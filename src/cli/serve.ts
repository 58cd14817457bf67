import path from 'node:path';
import type { Command } from 'commander';
import { inboundSink, type App } from '../app.js';
import { EXIT_OK, InputError, TidingsError } from '../errors.js';
import { openConfiguredTransport } from '../app/transport.js';
import type { MailTransport } from '../mail/transport/types.js';
import { startServer, type Route } from '../server/index.js';
import { clickRoutes } from '../server/clicks.js';
import { subscriptionRoutes } from '../server/subscriptions/index.js';
import { webhookRoutes } from '../inbound/webhooks/routes.js';
import type { FetchText, InboundSink } from '../inbound/webhooks/types.js';
import { requireSecret } from '../subscribers/secret.js';
import type { CliIO } from './io.js';
import type { CommandContext } from './main.js';
import { parsePort } from './port.js';
import { waitForShutdown } from './shutdown.js';
import { withApp } from './with-app.js';

export interface ServeOptions {
  port?: number;
  host?: string;
  out?: string;
}

/** Test hooks of the provider webhooks: a sink that records the events, a fetcher for the SNS certificate. */
export interface InboundHooks {
  sink?: InboundSink;
  fetchText?: FetchText;
}

/**
 * Where the site server reports what it does: each report has an event
 * name (for a JSON log, as `tidings start` writes) and a sentence (as
 * `tidings serve` prints).
 */
export interface ServeReporter {
  info(event: string, message: string, fields?: Record<string, unknown>): void;
  warn(event: string, message: string, fields?: Record<string, unknown>): void;
  /** `message` is the whole sentence; `error` is for a log that keeps it as data. */
  error(event: string, message: string, error: unknown): void;
}

export interface SiteServer {
  url: string;
  outDir: string;
  /** Stops the HTTP server, then closes the confirmation emails' transport (once, however often it is called). */
  close(): Promise<void>;
}

/** `tidings serve`'s own output: sentences on stdout, warnings and errors on stderr. */
function printReporter(io: CliIO): ServeReporter {
  return {
    info: (_event, message) => io.out(message),
    warn: (_event, message) => io.err(`warning: ${message}`),
    error: (_event, message) => io.err(`tidings serve: ${message}`),
  };
}

/**
 * The site server `tidings serve` runs and `tidings start` shares: out/
 * over HTTP and, when a secret signs the links, the subscription endpoints
 * with their transport for confirmation emails. The store stays open while
 * it serves (the endpoints use it).
 */
export async function startSiteServer(app: App, io: CliIO, opts: ServeOptions, report: ServeReporter, hooks: InboundHooks = {}): Promise<SiteServer> {
  const outDir = opts.out ? path.resolve(io.cwd, opts.out) : path.resolve(app.rootDir, app.config.build.outDir);
  const webhooks = webhookRoutes({
    config: app.config.inbound.webhooks,
    sink: hooks.sink ?? inboundSink(app, (message, event) => report.info('inbound.event', message, { event })),
    now: app.now,
    ...(hooks.fetchText ? { fetchText: hooks.fetchText } : {}),
    info: (message) => report.info('webhook.info', message),
    warn: (message) => report.warn('webhook.warning', message),
  });
  if (webhooks.providers.length > 0) {
    report.info('server.webhooks', `provider webhooks on: ${webhooks.providers.map((p) => `/hooks/${p}/<inbound.webhooks.secret>`).join(', ')}`, { providers: webhooks.providers });
  }
  const subscriptions = await openSubscriptions(app, report);
  try {
    let server;
    try {
      server = await startServer({
        outDir,
        host: opts.host ?? app.config.server.host,
        port: opts.port ?? app.config.server.port,
        routes: [...webhooks.routes, ...clickRoutesOf(app, report), ...subscriptions.routes],
        onError: (e) => report.error('server.error', String(e), e),
      });
    } catch (err) {
      throw new InputError(`cannot serve ${outDir}: ${(err as Error).message}`);
    }
    report.info('server.listening', `serving ${outDir} at ${server.url} (Ctrl-C to stop)`, { outDir, url: server.url });
    const running = server;
    let closing: Promise<void> | undefined;
    const closeAll = async (): Promise<void> => {
      try {
        await running.close();
      } finally {
        await subscriptions.transport?.close();
      }
    };
    return {
      url: running.url,
      outDir,
      close: () => (closing ??= closeAll()),
    };
  } catch (err) {
    await subscriptions.transport?.close();
    throw err;
  }
}

/** The options `serve` and `start` share: where to listen and what to serve. */
export function withServerOptions(command: Command): Command {
  return command
    .option('--port <n>', 'port (0: any free port; default: server.port from the config, 8080)', parsePort)
    .option('--host <address>', 'address to listen on (default: server.host from the config, 127.0.0.1: this machine only)')
    .option('--out <dir>', 'folder to serve (default: build.outDir from the config)');
}

export function registerServe(program: Command, ctx: CommandContext): void {
  withServerOptions(program.command('serve'))
    .description('serve the built site (feeds with ETag and 304, pages) and the subscribe / confirm / preferences / unsubscribe endpoints over HTTP')
    .action(
      ctx.action(async (opts: ServeOptions) =>
        // The store stays open while serving (the endpoints use it) and is closed on shutdown.
        withApp(ctx, async (app) => {
          const server = await startSiteServer(app, ctx.io, opts, printReporter(ctx.io));
          await waitForShutdown();
          await server.close();
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
async function openSubscriptions(app: App, report: ServeReporter): Promise<{ routes: Route[]; transport?: MailTransport }> {
  try {
    requireSecret(app.config);
  } catch (err) {
    if (!(err instanceof TidingsError)) throw err;
    report.warn('server.no-subscriptions', `serving without the subscription endpoints: ${err.message}`);
    return { routes: [] };
  }
  const transport = await openConfiguredTransport(app);
  const routes = subscriptionRoutes({
    config: app.config,
    store: app.store,
    transport,
    now: app.now,
    onError: (e) => report.error('server.confirmation-failed', `a confirmation email was not sent: ${e instanceof Error ? e.message : String(e)}`, e),
  });
  report.info(
    'server.subscriptions',
    `subscription endpoints on: /subscribe, /confirm, /preferences, /unsubscribe (links in emails point to ${app.config.site.baseUrl})`,
    { baseUrl: app.config.site.baseUrl },
  );
  report.info('server.transport', `confirmation emails: ${transport.description}`, { transport: transport.description });
  const proxies = app.config.server.trustedProxies;
  if (proxies.length > 0) {
    report.info('server.trusted-proxies', `sign-ups from ${proxies.join(', ')} are counted by the client their Forwarded / X-Forwarded-For names`, { trustedProxies: proxies });
  }
  return { routes, transport };
}

/** The redirect of the links to posts in roundups (/r/…), whenever a secret can check them: links sent while clicks were counted keep working. */
function clickRoutesOf(app: App, report: ServeReporter): Route[] {
  const secret = app.config.subscriptions.secret;
  if (secret === undefined || secret === '') return [];
  const { clicks, perSubscriber } = app.config.engagement;
  if (clicks) report.info('server.clicks', `counting clicks on the links to posts in roundups (/r/…)${perSubscriber ? ', per subscriber too' : ''}`, { perSubscriber });
  return clickRoutes({
    config: app.config,
    store: app.store,
    secret,
    now: app.now,
    onError: (e) => report.error('server.click-not-counted', `a click was not counted: ${e instanceof Error ? e.message : String(e)}`, e),
  });
}
