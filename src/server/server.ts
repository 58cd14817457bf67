import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Route } from './router.js';
import { matchRoute } from './router.js';
import { createStaticHandler } from './static-files.js';

export interface ServerOptions {
  /** The folder to serve (the build's output). */
  outDir: string;
  /** Default 127.0.0.1: reachable from this machine only unless told otherwise. */
  host?: string;
  /** Default 8080; 0 picks a free port (see the returned url). */
  port?: number;
  /** Tried in order before the static files. */
  routes?: readonly Route[];
  /** Where unexpected handler errors are reported (default: stderr). */
  onError?: (error: unknown) => void;
}

export interface RunningServer {
  /** Base URL, ending in '/', e.g. http://127.0.0.1:8080/ */
  url: string;
  /** Stops accepting connections and closes open ones. */
  close(): Promise<void>;
}

/** `tidings serve`: the output folder over HTTP, plus any routes (preview, subscriptions) in front of it. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const outDir = path.resolve(options.outDir);
  const info = await stat(outDir).catch(() => undefined);
  if (!info?.isDirectory()) throw new Error(`nothing to serve: ${outDir} is not a folder; run tidings build first`);
  const host = options.host ?? '127.0.0.1';
  const routes = options.routes ?? [];
  const serveStatic = createStaticHandler(outDir);
  const onError = options.onError ?? ((error: unknown) => console.error('tidings serve:', error));

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = (req.method ?? 'GET').toUpperCase();
      const match = matchRoute(routes, method, url.pathname);
      try {
        if (match) await match.route.handler({ req, res, url, params: match.params });
        else await serveStatic({ req, res, url, params: {} });
      } catch (error) {
        onError(error);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Internal server error\n');
      }
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
