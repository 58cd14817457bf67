import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

/**
 * A real SMTP server in-process, on a free port, that catches messages and
 * can misbehave on cue, per recipient:
 * - 'accept' (the default): 250;
 * - 'tempfail': 451 4.3.0 at RCPT TO;
 * - 'reject': 550 5.1.1 (no such user) at RCPT TO;
 * - 'full': 552 5.2.2 (mailbox full) at RCPT TO: refused for good, the address itself fine;
 * - 'drop': the connection is cut at RCPT TO, without a reply;
 * - 'drop-after-data': the whole message is received (and kept in
 *   `messages`), then the connection is cut before the 250: the case where
 *   the relay may have the message while the sender never heard so.
 * It also counts connections, to check pooling.
 */
export type SinkBehaviour = 'accept' | 'tempfail' | 'reject' | 'full' | 'drop' | 'drop-after-data';

export interface SinkMessage {
  from: string;
  to: string[];
  raw: Buffer;
  parsed: ParsedMail;
  receivedAt: number;
}

export interface SmtpSink {
  /** smtp://127.0.0.1:<port> */
  url: string;
  port: number;
  messages: SinkMessage[];
  /** How `address` (any case) is treated from now on. */
  behave(address: string, behaviour: SinkBehaviour): void;
  /** Resolves once `count` messages have arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<SinkMessage[]>;
  /** Connections opened so far, and the most open at once. */
  connections(): { opened: number; mostAtOnce: number };
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const behaviours = new Map<string, SinkBehaviour>();
  const sockets = new Map<number, Socket>();
  const waiters = new Set<() => void>();
  let opened = 0;
  let open = 0;
  let mostAtOnce = 0;

  const behaviourOf = (address: string): SinkBehaviour => behaviours.get(address.toLowerCase()) ?? 'accept';
  const drop = (session: SMTPServerSession) => sockets.get(session.remotePort)?.destroy();
  const replyError = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode });

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      opened += 1;
      open += 1;
      mostAtOnce = Math.max(mostAtOnce, open);
      callback();
    },
    onClose() {
      open -= 1;
    },
    onRcptTo(address, session, callback) {
      const behaviour = behaviourOf(address.address);
      if (behaviour === 'tempfail') return callback(replyError('4.3.0 Try again later', 451));
      if (behaviour === 'reject') return callback(replyError(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`, 550));
      if (behaviour === 'full') return callback(replyError(`5.2.2 <${address.address}>: Mailbox full`, 552));
      if (behaviour === 'drop') return drop(session);
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        void simpleParser(raw).then((parsed) => {
          messages.push({ from, to, raw, parsed, receivedAt: Date.now() });
          for (const wake of waiters) wake();
          if (to.some((address) => behaviourOf(address) === 'drop-after-data')) drop(session);
          else callback();
        }, callback);
      });
    },
  });
  server.server.on('connection', (socket: Socket) => {
    const port = socket.remotePort;
    if (port === undefined) return;
    sockets.set(port, socket);
    socket.once('close', () => sockets.delete(port));
  });
  server.on('error', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    behave(address, behaviour) {
      behaviours.set(address.toLowerCase(), behaviour);
    },
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(messages.slice(0, count));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the SMTP sink got ${messages.length} message(s) in ${timeoutMs} ms, not ${count}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    connections: () => ({ opened, mostAtOnce }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets.values()) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
