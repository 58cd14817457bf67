import type { AddressInfo, Socket } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { InboxMessage } from './message.js';
import { toInboxMessage } from './message.js';

export interface InboxOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Messages kept; the oldest go first (default 500). */
  readonly keep?: number;
  readonly now?: () => Date;
  readonly onError?: (error: unknown) => void;
}

export interface Inbox {
  /** smtp://127.0.0.1:1025: the relay URL to send to. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Newest first. */
  list(): readonly InboxMessage[];
  get(id: number): InboxMessage | undefined;
  /** How many messages have arrived in all (it only goes up, even after clear()). */
  readonly received: number;
  clear(): void;
  /** Called after each message arrives. */
  onMessage(listener: (message: InboxMessage) => void): void;
  close(): Promise<void>;
}

/** Largest message taken (bytes); a larger one is refused with 552. */
const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/**
 * A local SMTP server that catches every message sent to it, whatever the
 * recipient, and keeps it in memory, parsed: the preview's test inbox. No
 * account, no TLS, any (or no) login; nothing leaves the machine.
 */
export async function startInbox(options: InboxOptions): Promise<Inbox> {
  const keep = options.keep ?? 500;
  const now = options.now ?? (() => new Date());
  let messages: InboxMessage[] = [];
  let received = 0;
  const listeners: ((message: InboxMessage) => void)[] = [];
  const sockets = new Set<Socket>();

  const server = new SMTPServer({
    name: 'tidings-preview',
    banner: 'tidings preview inbox',
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    size: MAX_MESSAGE_BYTES,
    logger: false,
    closeTimeout: 1000,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'preview' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error: Error) => callback(error));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(Object.assign(new Error(`5.3.4 Message too big for the preview inbox (over ${MAX_MESSAGE_BYTES} bytes)`), { responseCode: 552 }));
          return;
        }
        const raw = Buffer.concat(chunks);
        const envelope = {
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        simpleParser(raw).then(
          (parsed) => {
            received += 1;
            const message = toInboxMessage(received, now(), envelope, raw, parsed);
            messages = [message, ...messages].slice(0, keep);
            callback(null, `Message ${message.id} caught by the tidings preview inbox`);
            for (const listener of listeners) listener(message);
          },
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      });
    },
  });
  server.on('error', (error) => options.onError?.(error));
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `smtp://${shownHost}:${address.port}`,
    host: address.address,
    port: address.port,
    list: () => messages,
    get: (id) => messages.find((m) => m.id === id),
    get received() {
      return received;
    },
    clear() {
      messages = [];
    },
    onMessage(listener) {
      listeners.push(listener);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
