import type { ServerResponse } from 'node:http';
import type { RouteHandler } from '../../server/router.js';

/** The events open pages listen to. */
export type PreviewEvent =
  /** A new snapshot: pages showing an older generation reload. */
  | { readonly type: 'state'; readonly generation: number }
  /** The site was rebuilt: frames showing the built site reload. */
  | { readonly type: 'built'; readonly generation: number }
  /** The inbox caught a message (or was emptied): `count` messages in it, `received` in all. */
  | { readonly type: 'inbox'; readonly count: number; readonly received: number };

export interface EventHub {
  /** GET /events: a server-sent event stream, starting with the current state and inbox count. */
  readonly handler: RouteHandler;
  send(event: PreviewEvent): void;
  /** Open streams. */
  readonly clients: number;
  /** Ends every stream (a server stopping). */
  close(): void;
}

/** A comment every so often keeps proxies and browsers from dropping an idle stream. */
const KEEPALIVE_MS = 20_000;

/** Server-sent events to every open preview page. */
export function eventHub(initial: () => readonly PreviewEvent[]): EventHub {
  const clients = new Set<ServerResponse>();
  const keepalive = setInterval(() => {
    for (const res of clients) res.write(': keepalive\n\n');
  }, KEEPALIVE_MS);
  keepalive.unref();

  return {
    handler({ req, res }) {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      // Reconnect quickly after the preview restarts.
      res.write('retry: 1000\n\n');
      for (const event of initial()) res.write(frame(event));
      clients.add(res);
      req.on('close', () => clients.delete(res));
    },
    send(event) {
      const text = frame(event);
      for (const res of clients) res.write(text);
    },
    get clients() {
      return clients.size;
    },
    close() {
      clearInterval(keepalive);
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}

/** One event in the text/event-stream format. Pure. */
export function frame(event: PreviewEvent): string {
  const { type, ...data } = event;
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}
