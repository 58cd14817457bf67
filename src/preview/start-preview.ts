import path from 'node:path';
import type { App } from '../app.js';
import { checkSending, openApp } from '../app.js';
import { openTransport } from '../app/transport.js';
import { InputError } from '../errors.js';
import { makeDirectory } from '../files/make-dir.js';
import type { MailTransport } from '../mail/transport/types.js';
import { startServer, type RunningServer } from '../server/server.js';
import type { PreviewDeps } from './http/context.js';
import { eventHub, type EventHub } from './http/events.js';
import { previewRoutes } from './http/routes.js';
import type { Inbox } from './inbox/catcher.js';
import { startInbox } from './inbox/catcher.js';
import { removeInboxFile, writeInboxFile } from './inbox/inbox-file.js';
import type { PreviewLog, PreviewSession } from './session/session.js';
import { openSession } from './session/session.js';
import type { BatchOptions } from './watch/batch.js';
import type { PreviewWatcher } from './watch/watcher.js';
import { watchSite } from './watch/watcher.js';

export interface PreviewOptions {
  /** The working folder (where tidings.config.yaml is looked for, and relative content paths start). */
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** --config */
  readonly configFile?: string;
  /** Override preview.host / preview.port / preview.inboxPort (0: a free port). */
  readonly host?: string;
  readonly port?: number;
  readonly inboxPort?: number;
  readonly log?: PreviewLog;
  /** Test hook: how file events are batched. */
  readonly batch?: BatchOptions;
  readonly now?: () => Date;
}

export interface RunningPreview {
  /** http://127.0.0.1:4321/ */
  readonly url: string;
  /** smtp://127.0.0.1:1025 */
  readonly inboxUrl: string;
  /** The site's folder. */
  readonly rootDir: string;
  readonly session: PreviewSession;
  readonly inbox: Inbox;
  /** What is watched, as the user knows the paths. */
  readonly watching: readonly string[];
  /** Stops everything, removes .tidings/preview.json and closes the store. */
  close(): Promise<void>;
}

/**
 * `tidings preview`: imports the content, builds the site, then serves
 * the preview pages, catches mail in a local inbox and refreshes
 * everything a change on disk touches until closed.
 */
export async function startPreview(options: PreviewOptions): Promise<RunningPreview> {
  const log: PreviewLog = options.log ?? ((level, message) => (level === 'info' ? console.log(message) : console.error(message)));
  const app = await openApp({ cwd: options.cwd, env: options.env, ...(options.configFile ? { configFile: options.configFile } : {}), ...(options.now ? { now: options.now } : {}) });
  const cleanup: (() => Promise<void>)[] = [() => app.close()];
  const closeAll = async (): Promise<void> => {
    for (const step of cleanup.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        log('warn', `while stopping: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  try {
    return await start(app, options, log, cleanup, closeAll);
  } catch (error) {
    await closeAll();
    throw error;
  }
}

async function start(app: App, options: PreviewOptions, log: PreviewLog, cleanup: (() => Promise<void>)[], closeAll: () => Promise<void>): Promise<RunningPreview> {
  const settings = app.config.preview;
  const host = options.host ?? settings.host;
  const outDir = path.resolve(app.rootDir, app.config.build.outDir);
  await makeDirectory(outDir);

  const inbox = await listen('inbox', host, options.inboxPort ?? settings.inboxPort, '--inbox-port or preview.inboxPort', (port) =>
    startInbox({ host, port, onError: (e) => log('warn', `inbox: ${String(e)}`) }),
  );
  cleanup.push(() => inbox.close());
  // Test sends go to the preview's own inbox, never to subscribers: the sending rule only warns (the demo's http:// base URL keeps working).
  for (const warning of checkSending(app.config, 'preview-inbox', { audience: 'test-copy', allowInsecure: false })) log('warn', `${warning} (fine for the preview's inbox; tidings send refuses to mail subscribers until then)`);
  // Unsigned, as the preview's test sends have always been (a DKIM key the preview cannot read must not stop it).
  const transport: MailTransport = await openTransport(app, { kind: 'preview-inbox', url: inbox.url }, { sign: false });
  cleanup.push(() => transport.close());

  // Made after the session's first snapshot, which they need; the session's callbacks find them here.
  const later: { events?: EventHub; watcher?: PreviewWatcher; roots?: string } = {};
  const session = await openSession({
    app,
    cwd: options.cwd,
    outDir,
    log,
    onSnapshot: (snapshot) => {
      later.events?.send({ type: 'state', generation: snapshot.generation });
      const next = JSON.stringify(snapshot.roots);
      if (later.watcher !== undefined && later.roots !== undefined && next !== later.roots) {
        later.roots = next;
        later.watcher.retarget(snapshot.roots).catch((e: unknown) => log('warn', `watching the new folders failed: ${String(e)}`));
      }
    },
    onBuilt: () => later.events?.send({ type: 'built', generation: session.current().generation }),
  });
  const hub = eventHub(() => [
    { type: 'state', generation: session.current().generation },
    { type: 'inbox', count: inbox.list().length, received: inbox.received },
  ]);
  later.events = hub;
  cleanup.push(async () => hub.close());
  inbox.onMessage(() => hub.send({ type: 'inbox', count: inbox.list().length, received: inbox.received }));

  const deps: PreviewDeps = { session, store: app.store, inbox, transport, outDir, events: hub, now: app.now, log };
  const server: RunningServer = await listen('preview', host, options.port ?? settings.port, '--port or preview.port', (port) =>
    startServer({ outDir, host, port, routes: previewRoutes(deps), onError: (e) => log('error', `tidings preview: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`) }),
  );
  cleanup.push(() => server.close());

  const first = session.current();
  later.roots = JSON.stringify(first.roots);
  const watching = await watchSite({
    roots: first.roots,
    baseDir: app.rootDir,
    onChanges: (changes) => void session.apply(changes),
    onError: (e) => log('warn', `watching files: ${String(e)}`),
    ...(options.batch ? { batch: options.batch } : {}),
  });
  later.watcher = watching;
  // Stopping: the watcher first, then the refresh in progress finishes, then the store closes.
  cleanup.push(() => session.idle());
  cleanup.push(() => watching.close());

  await writeInboxFile(app.rootDir, { smtpUrl: inbox.url, previewUrl: server.url, pid: process.pid, startedAt: app.now().toISOString() });
  cleanup.push(() => removeInboxFile(app.rootDir));

  const shown = (p: string): string => {
    const rel = path.relative(app.rootDir, p);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : p;
  };
  return {
    url: server.url,
    inboxUrl: inbox.url,
    rootDir: app.rootDir,
    session,
    inbox,
    watching: [...first.roots.content, first.roots.templates, first.roots.config].map(shown),
    close: closeAll,
  };
}

/** Starts a server on a port, or says which port is taken and how to choose another. */
async function listen<T>(what: string, host: string, port: number, flag: string, startOn: (port: number) => Promise<T>): Promise<T> {
  try {
    return await startOn(port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new InputError(`the ${what} cannot listen on ${host}:${port}: the port is in use (another tidings preview?); choose another with ${flag}, or 0 for any free port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new InputError(`the ${what} cannot listen on ${host}: no such address on this machine (preview.host)`);
    throw error;
  }
}
