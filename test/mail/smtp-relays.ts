/**
 * The relays the SMTP client tests talk to: smtp-server in-process (a real
 * server) and a scripted raw TCP one that misbehaves on cue, both on port
 * 0; and the clean-up of everything a test opens.
 */
import { readFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import os from 'node:os';
import { afterEach } from 'vitest';
import { SmtpConnection, type Envelope, type SmtpTimeouts } from '../../src/mail/smtp/connection.js';
import { smtpEndpoint } from '../../src/mail/smtp/endpoint.js';
import type { SmtpError } from '../../src/mail/smtp/error.js';
import { SmtpPool } from '../../src/mail/smtp/pool.js';

export const TLS = {
  key: readFileSync(new URL('../fixtures/tls/localhost-key.pem', import.meta.url)),
  cert: readFileSync(new URL('../fixtures/tls/localhost-cert.pem', import.meta.url)),
};
/** Every timeout at `ms` but those given. */
export const timeouts = (ms: number, over: Partial<SmtpTimeouts> = {}): SmtpTimeouts => ({ connection: ms, greeting: ms, command: ms, dataStart: ms, dataBlock: ms, dataEnd: ms, idle: 60_000, ...over });
export const TIMEOUTS: SmtpTimeouts = timeouts(2_000);

// ---- clean-up: every server, connection and pool a test makes is closed after it ----------------

export const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export async function open(url: string, timeouts: SmtpTimeouts = TIMEOUTS): Promise<SmtpConnection> {
  const connection = await SmtpConnection.open(smtpEndpoint(url), timeouts);
  cleanups.push(() => connection.destroy());
  return connection;
}

export function pool(url: string, options: { maxConnections: number; rateLimit?: number; maxMessages?: number; timeouts?: SmtpTimeouts }): SmtpPool {
  const made = new SmtpPool({ endpoint: smtpEndpoint(url), timeouts: options.timeouts ?? TIMEOUTS, maxConnections: options.maxConnections, rateLimit: options.rateLimit ?? 0, maxMessages: options.maxMessages ?? 0 });
  cleanups.push(() => made.close());
  return made;
}

/** The rejection of `promise`, which must fail. */
export async function failure(promise: Promise<unknown>): Promise<SmtpError> {
  try {
    await promise;
  } catch (error) {
    return error as SmtpError;
  }
  throw new Error('expected a failure, but it went through');
}

export async function until(condition: () => boolean, what: string, timeoutMs = 2_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const message = (subject: string, to = 'ann@example.org') => Buffer.from(`From: roundup@example.org\r\nTo: ${to}\r\nSubject: ${subject}\r\n\r\nHello.\r\n`);
export const envelope = (...to: string[]): Envelope => ({ from: 'bounces@example.org', to: to.length > 0 ? to : ['ann@example.org'] });

// ---- a real server: smtp-server, in-process ------------------------------------------------------

export interface Received {
  from: string;
  to: string[];
  raw: Buffer;
  secure: boolean;
  user: string | undefined;
}

export interface RealServer {
  port: number;
  url: string;
  messages: Received[];
  /** Per connection, the chunks the server read off the socket (latin1): what went in the clear, none of what went in TLS. */
  wire: string[][];
  /** SMTP sessions opened so far, open now, and the most open at once. */
  opened(): number;
  open(): number;
  mostAtOnce(): number;
  /** Cuts every connection, saying `farewell` first when given. */
  dropAll(farewell?: string): void;
}

/** `host`: the address it listens on and the URL names (a non-loopback one: see nonLoopback). */
export async function startServer(options: SMTPServerOptions = {}, host = '127.0.0.1'): Promise<RealServer> {
  const messages: Received[] = [];
  const wire: string[][] = [];
  /** The TCP connections, by the client's port. */
  const sockets = new Map<number, net.Socket>();
  /** The SMTP sessions open (by the client's port), counted by smtp-server itself: a TCP socket wrapped in TLS never says it closed. */
  const sessions = new Set<number>();
  const closed = new Set<number>();
  let opened = 0;
  let mostAtOnce = 0;
  const server = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onConnect(session, callback) {
      opened += 1;
      sessions.add(session.remotePort);
      mostAtOnce = Math.max(mostAtOnce, sessions.size);
      callback();
    },
    onClose(session) {
      sessions.delete(session.remotePort);
      closed.add(session.remotePort);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks),
          secure: session.secure,
          user: session.user,
        });
        callback();
      });
    },
    ...options,
  });
  server.server.on('connection', (socket: net.Socket) => {
    const port = socket.remotePort;
    if (port === undefined) return;
    socket.setNoDelay(true);
    sockets.set(port, socket);
    const chunks: string[] = [];
    wire.push(chunks);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(port));
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  cleanups.push(async () => {
    // Let the server close what the client closed first: cutting the TCP socket under smtp-server's TLS
    // socket in mid-handshake (a refused certificate) crashes Node 20 with a SIGSEGV.
    await until(() => [...sockets.keys()].every((port) => closed.has(port)), 'the server to close its connections', 500).catch(() => undefined);
    for (const socket of sockets.values()) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://${host}:${port}`,
    messages,
    wire,
    opened: () => opened,
    open: () => sessions.size,
    mostAtOnce: () => mostAtOnce,
    dropAll(farewell) {
      for (const socket of sockets.values()) {
        if (farewell === undefined) socket.destroy();
        else socket.end(farewell);
      }
    },
  };
}

/** The command lines (MAIL FROM, RCPT TO, DATA...) among the chunks a server read. */
export const commandChunks = (chunks: readonly string[]) => chunks.filter((chunk) => /^(MAIL FROM|RCPT TO|DATA|RSET|QUIT)\b/.test(chunk));

// ---- a scripted server: raw TCP, minimal SMTP, misbehaving on cue --------------------------------

/** A reply line (or lines, joined by CRLF); 'drop' closes without a word, 'drop-after:<reply>' after the reply; 'silent' never answers. */
export type Answer = string | 'drop' | 'silent';

export interface Script {
  greeting?: Answer;
  /** The EHLO keywords offered. */
  extensions?: string[];
  /** The answer to a command line; undefined: the usual one. */
  answer?: (line: string) => Answer | undefined;
  /** The answer to a message's content (still dot-stuffed, without the final ".\r\n"); undefined: 250. */
  afterData?: (content: Buffer) => Answer | undefined;
  /** Once STARTTLS is answered 220, what to send back to the client's TLS hello instead of TLS. */
  fakeTls?: string;
  /** The address it listens on and the URL names (default 127.0.0.1). */
  host?: string;
  /** After answering DATA 354, stop reading: the client's content backs up. */
  stallAfterDataLine?: boolean;
}

export interface ScriptedServer {
  url: string;
  /** Every chunk read, all connections (latin1). */
  chunks: string[];
  /** Every command line read. */
  lines: string[];
  /** Every message's content as it came (stuffed), up to its terminator. */
  contents: Buffer[];
  open(): number;
  received(): string;
}

export async function startScripted(script: Script = {}): Promise<ScriptedServer> {
  const chunks: string[] = [];
  const lines: string[] = [];
  const contents: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    let inData = false;
    let gone = false;
    const say = (answer: Answer): void => {
      if (answer === 'drop' || answer.startsWith('drop-after:')) {
        gone = true;
        if (answer === 'drop') socket.end();
        else socket.end(`${answer.slice('drop-after:'.length)}\r\n`);
      } else if (answer !== 'silent') socket.write(`${answer}\r\n`);
    };
    say(script.greeting ?? '220 scripted.example.org ESMTP');
    let tls = false;
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk.toString('latin1'));
      if (tls) {
        socket.write(script.fakeTls ?? '');
        return;
      }
      buffer = Buffer.concat([buffer, chunk]);
      while (!gone) {
        if (inData) {
          const end = buffer.subarray(0, 3).equals(Buffer.from('.\r\n')) ? 0 : buffer.indexOf('\r\n.\r\n');
          if (end === -1) return;
          const content = end === 0 ? Buffer.alloc(0) : buffer.subarray(0, end + 2);
          buffer = buffer.subarray(end === 0 ? 3 : end + 5);
          inData = false;
          contents.push(content);
          say(script.afterData?.(content) ?? '250 2.0.0 Ok: queued');
          continue;
        }
        const at = buffer.indexOf('\r\n');
        if (at === -1) return;
        const line = buffer.subarray(0, at).toString('utf8');
        buffer = buffer.subarray(at + 2);
        lines.push(line);
        const verb = (line.split(' ')[0] ?? '').toUpperCase();
        const answer = script.answer?.(line) ?? usualAnswer(verb, script.extensions ?? ['PIPELINING', '8BITMIME']);
        if (verb === 'DATA' && answer.startsWith('354')) inData = true;
        if (inData && script.stallAfterDataLine === true) {
          say(answer);
          socket.pause();
          return;
        }
        if (verb === 'STARTTLS' && answer.startsWith('220') && script.fakeTls !== undefined) tls = true;
        say(answer);
        if (verb === 'QUIT') socket.end();
      }
    });
  });
  const host = script.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return {
    url: `smtp://${host}:${(server.address() as AddressInfo).port}`,
    chunks,
    lines,
    contents,
    open: () => sockets.size,
    received: () => chunks.join(''),
  };
}

export function usualAnswer(verb: string, extensions: readonly string[]): string {
  switch (verb) {
    case 'EHLO':
      return ['scripted.example.org', ...extensions].map((line, i, all) => `250${i === all.length - 1 ? ' ' : '-'}${line}`).join('\r\n');
    case 'HELO':
    case 'MAIL':
    case 'RCPT':
    case 'RSET':
    case 'NOOP':
      return '250 2.0.0 Ok';
    case 'DATA':
      return '354 End data with <CR><LF>.<CR><LF>';
    case 'QUIT':
      return '221 2.0.0 Bye';
    default:
      return '502 5.5.2 Error: command not recognized';
  }
}

/** A port nothing listens on. */
export async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * An IPv4 address of this machine that is not loopback (where a relay
 * counts as "not on this machine" for the credentials rule), or undefined
 * on a machine with no network interface but lo.
 */
export function nonLoopback(): string | undefined {
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === 'IPv4' && !address.internal) return address.address;
  }
  return undefined;
}
