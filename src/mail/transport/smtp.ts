import type { DKIMOptions } from 'nodemailer';
import DKIM from 'nodemailer/lib/dkim';
import type { Accepted, Envelope } from '../smtp/connection.js';
import { describeUrl, smtpEndpoint } from '../smtp/endpoint.js';
import { NODEMAILER_WIRE } from '../smtp/nodemailer-wire.js';
import { OWN_WIRE, SmtpPool, type SmtpPoolOptions, type SmtpWire } from '../smtp/pool.js';
import { RFC_5321_TIMEOUTS, type SmtpTimeouts } from '../smtp/timeouts.js';
import { messageComposer, type MessageComposer } from '../compose.js';
import { dkimSigning } from '../dkim-headers.js';
import { classifySmtpFailure } from './classify.js';
import { trackInFlight } from './in-flight.js';
import { messageIdOf } from './message-id.js';
import type { MailTransport, OutgoingMessage, SendResult } from './types.js';

export { describeUrl } from '../smtp/endpoint.js';

export interface SmtpTransportOptions {
  /** smtp://user:pass@host:port or smtps://… (see smtp/endpoint.ts for the settings after '?'). */
  url: string;
  /** Connections open at once (the pool's size). */
  maxConnections: number;
  /** Messages per second over all connections; 0: no limit. */
  rateLimit: number;
  /** Messages a connection carries before a fresh one takes over (default 1000; nodemailer's pool: 100); 0: no cap. */
  maxMessages?: number;
  /** DKIM signing, by nodemailer's signer. */
  dkim?: Pick<DKIMOptions, 'domainName' | 'keySelector' | 'privateKey'>;
  /** Milliseconds; the defaults are RFC 5321's (smtp/timeouts.ts). `socket` sets every reply's at once (tests, the preview's inbox). */
  timeouts?: Partial<SmtpTimeouts> & { socket?: number };
  /** The SMTP client: tidings' own (default), or nodemailer's SMTPConnection under the same pool (for the bench: TIDINGS_SMTP_WIRE). */
  wire?: 'own' | 'nodemailer';
}

/**
 * The SMTP transport: tidings' pipelining client (mail/smtp/) in a pool,
 * with nodemailer composing the messages that come as options (a
 * confirmation) and signing DKIM. A message whose connection drops is NOT
 * sent again behind the caller's back: the relay may already have taken
 * it, and only the sender, with its delivery log, can decide whether a
 * second copy is acceptable; the error says whether it is in doubt.
 */
export function createSmtpTransport(options: SmtpTransportOptions): MailTransport {
  const target = describeUrl(options.url);
  if (!Number.isSafeInteger(options.maxConnections) || options.maxConnections < 1) {
    throw new RangeError(`smtp transport: maxConnections must be 1 or more, not ${options.maxConnections}`);
  }
  if (!(options.rateLimit >= 0) || !Number.isFinite(options.rateLimit)) {
    throw new RangeError(`smtp transport: rateLimit must be 0 or more, not ${options.rateLimit}`);
  }
  const maxMessages = options.maxMessages ?? 1000;
  if (!Number.isSafeInteger(maxMessages) || maxMessages < 0) throw new RangeError(`smtp transport: maxMessages must be 0 (no cap) or more, not ${maxMessages}`);
  const timeouts = resolveTimeouts(options.timeouts ?? {});
  const poolOptions = { endpoint: smtpEndpoint(options.url), timeouts, maxConnections: options.maxConnections, rateLimit: options.rateLimit, maxMessages };
  const pool = options.wire === 'nodemailer' ? poolOver(NODEMAILER_WIRE, poolOptions) : poolOver(OWN_WIRE, poolOptions);
  const signer = options.dkim ? new DKIM(dkimSigning(options.dkim)) : undefined;
  // Messages given as options are built by nodemailer exactly as its own transports build them (List-* headers and all).
  const composer = messageComposer();
  const inFlight = trackInFlight('smtp');
  const limit = options.rateLimit > 0 ? `${options.rateLimit} message(s)/s` : 'no rate limit';

  return {
    name: 'smtp',
    description: `SMTP ${target} (up to ${options.maxConnections} connection(s), ${limit}${options.dkim ? ', DKIM-signed' : ''}${options.wire === 'nodemailer' ? ", nodemailer's SMTPConnection" : ''})`,
    send: (message) =>
      inFlight.run(async (): Promise<SendResult> => {
        const built = await build(message, composer);
        const bytes = signer === undefined ? built.bytes : await collect(signer.sign(built.bytes));
        // A raw message the caller vouches for, unsigned, is not checked for bare line breaks (the hot path of a send).
        const knownCrlf = message.rawIsCrlf === true && built.raw && signer === undefined;
        const result = await pool.send(built.envelope, bytes, knownCrlf);
        return {
          messageId: built.messageId,
          accepted: result.accepted,
          rejected: result.rejected.map((error) => (error as { recipient?: string }).recipient ?? error.message),
          response: result.response,
        };
      }),
    verify: () => pool.verify(),
    classify: classifySmtpFailure,
    async close() {
      await inFlight.drain();
      await pool.close();
    },
    abort: () => pool.abort(),
  };
}

/** A pool over `wire`, taking a message's bytes (the wire makes its payload). */
function poolOver<P>(wire: SmtpWire<P>, options: Omit<SmtpPoolOptions<P>, 'wire'>) {
  const pool = new SmtpPool<P>({ ...options, wire });
  return {
    send: (envelope: Envelope, bytes: Buffer, knownCrlf: boolean): Promise<Accepted> => pool.send(envelope, wire.payload(bytes, { knownCrlf })),
    /** One connection of its own, outside the pool: connect, greet, secure, log in, then QUIT. */
    async verify(): Promise<void> {
      const connection = await wire.open(options.endpoint, options.timeouts);
      await connection.quit();
    },
    close: () => pool.close(),
    abort: () => pool.abort(),
  };
}

function resolveTimeouts(given: Partial<SmtpTimeouts> & { socket?: number }): SmtpTimeouts {
  const { socket, ...rest } = given;
  const replies = socket === undefined ? {} : { command: socket, dataStart: socket, dataBlock: socket, dataEnd: socket };
  const timeouts = { ...RFC_5321_TIMEOUTS, ...replies, ...rest };
  for (const [key, ms] of Object.entries(timeouts)) {
    if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`smtp transport: timeouts.${key} must be more than 0 ms, not ${ms}`);
  }
  return timeouts;
}

interface Built {
  bytes: Buffer;
  /** Taken as given (not composed by nodemailer). */
  raw: boolean;
  envelope: Envelope;
  messageId: string;
}

/**
 * The message's bytes, envelope and Message-ID. A raw message with a plain
 * envelope (what the sender hands over) is taken as it is; anything else is
 * built by nodemailer (a stream transport: the same Mailer as its SMTP one).
 */
async function build(message: OutgoingMessage, composer: MessageComposer): Promise<Built> {
  const { raw, envelope } = message;
  if ((typeof raw === 'string' || Buffer.isBuffer(raw)) && envelope !== undefined && typeof envelope.from === 'string' && Array.isArray(envelope.to) && envelope.to.every((to) => typeof to === 'string')) {
    const bytes = typeof raw === 'string' ? Buffer.from(raw) : raw;
    // The caller's Message-ID when it gives one (the sender does), else the one in the headers.
    const messageId = typeof message.messageId === 'string' && message.messageId !== '' ? message.messageId : messageIdOf(message, '');
    return { bytes, raw: true, envelope: { from: envelope.from, to: envelope.to as string[] }, messageId };
  }
  const info = await composer.sendMail(message);
  if (!Buffer.isBuffer(info.message)) throw new Error('smtp transport: nodemailer did not build the message into a buffer');
  return { bytes: info.message, raw: false, envelope: { from: info.envelope.from === false ? '' : info.envelope.from, to: info.envelope.to }, messageId: messageIdOf(message, info.messageId) };
}

function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', reject);
    stream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}
