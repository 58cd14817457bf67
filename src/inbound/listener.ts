import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { ReceivedMessage } from './classify.js';

export interface ListenerOptions {
  readonly host: string;
  readonly port: number;
  readonly maxMessageBytes: number;
  /** Whether mail to this address is taken (the site's bounce and unsubscribe addresses); others get 550 5.1.1. */
  accepts(address: string): boolean;
  /** Stores what the message means; the sender gets its 250 only after this resolves (a 451 if it throws: try again later). */
  onMessage(message: ReceivedMessage): Promise<void>;
  onError(error: Error): void;
  readonly clock: () => Date;
}

export interface InboundListener {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

const replyError = (message: string, responseCode: number): Error => Object.assign(new Error(message), { responseCode });

/**
 * `tidings inbound --listen`: an SMTP server (smtp-server) for the MX or a
 * forward of the bounce domain. It takes mail only for this site's bounce
 * and unsubscribe addresses, up to maxMessageBytes, and answers 250 once
 * the message's events are stored, so a message is never lost between the
 * sender's queue and the store.
 */
export async function startInboundListener(options: ListenerOptions): Promise<InboundListener> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: options.maxMessageBytes,
    banner: 'tidings inbound',
    onRcptTo(address, _session, callback) {
      if (options.accepts(address.address)) return callback();
      return callback(replyError(`5.1.1 <${address.address}>: no such mailbox here (this server takes only bounces and unsubscribes)`, 550));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(replyError(`5.3.4 message larger than ${options.maxMessageBytes} bytes`, 552));
        const message: ReceivedMessage = {
          raw: Buffer.concat(chunks),
          source: 'smtp',
          envelopeTo: session.envelope.rcptTo.map((to) => to.address),
          receivedAt: options.clock(),
        };
        options.onMessage(message).then(
          () => callback(),
          (error: unknown) => {
            options.onError(error instanceof Error ? error : new Error(String(error)));
            callback(replyError('4.3.0 could not store the message: try again later', 451));
          },
        );
      });
    },
  });
  server.on('error', (error) => options.onError(error));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address() as AddressInfo;
  return {
    host: options.host,
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
