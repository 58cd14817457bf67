import nodemailer, { type DKIMOptions } from 'nodemailer';
import { trackInFlight } from './in-flight.js';
import { messageIdOf } from './message-id.js';
import type { MailTransport, SendResult } from './types.js';

export interface SmtpTransportOptions {
  /** smtp://user:pass@host:port or smtps://… */
  url: string;
  /** Connections open at once (the pool's size). */
  maxConnections: number;
  /** Messages per second over all connections; 0: no limit. */
  rateLimit: number;
  /** DKIM signing, passed through to nodemailer. */
  dkim?: Pick<DKIMOptions, 'domainName' | 'keySelector' | 'privateKey'>;
  /** Milliseconds; defaults suit a relay on the internet. */
  timeouts?: { connection?: number; greeting?: number; socket?: number };
}

/**
 * A pooled SMTP transport over nodemailer. A message whose connection drops
 * is NOT sent again behind the caller's back (nodemailer's pool would, up to
 * five times): the relay may already have taken it, and only the sender,
 * with its delivery log, can decide whether a second copy is acceptable.
 */
export function createSmtpTransport(options: SmtpTransportOptions): MailTransport {
  const target = describeUrl(options.url);
  if (!Number.isSafeInteger(options.maxConnections) || options.maxConnections < 1) {
    throw new RangeError(`smtp transport: maxConnections must be 1 or more, not ${options.maxConnections}`);
  }
  const rate = poolRate(options.rateLimit);
  const transporter = nodemailer.createTransport({
    pool: true,
    url: options.url,
    maxConnections: options.maxConnections,
    maxRequeues: 0,
    ...rate,
    connectionTimeout: options.timeouts?.connection ?? 30_000,
    greetingTimeout: options.timeouts?.greeting ?? 30_000,
    socketTimeout: options.timeouts?.socket ?? 120_000,
    ...(options.dkim ? { dkim: options.dkim } : {}),
  });
  const inFlight = trackInFlight('smtp');
  const limit = options.rateLimit > 0 ? `${options.rateLimit} message(s)/s` : 'no rate limit';

  return {
    name: 'smtp',
    description: `SMTP ${target} (up to ${options.maxConnections} connection(s), ${limit}${options.dkim ? ', DKIM-signed' : ''})`,
    send: (message) =>
      inFlight.run(async (): Promise<SendResult> => {
        const info = await transporter.sendMail(message);
        return {
          messageId: messageIdOf(message, info.messageId),
          accepted: (info.accepted ?? []).map(String),
          rejected: (info.rejected ?? []).map(String),
          response: info.response ?? '',
        };
      }),
    async close() {
      await inFlight.drain();
      transporter.close();
    },
  };
}

/**
 * Messages per second as nodemailer's pool counts them (a number of messages
 * per window of milliseconds); 0 is no limit. 2.5/s becomes 1 per 400 ms.
 */
export function poolRate(perSecond: number): { rateLimit?: number; rateDelta?: number } {
  if (!(perSecond >= 0) || !Number.isFinite(perSecond)) throw new RangeError(`smtp transport: rateLimit must be 0 or more, not ${perSecond}`);
  if (perSecond === 0) return {};
  if (Number.isInteger(perSecond)) return { rateLimit: perSecond, rateDelta: 1000 };
  return { rateLimit: 1, rateDelta: Math.max(1, Math.round(1000 / perSecond)) };
}

/** The relay's address without its credentials, for messages and logs. */
export function describeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('smtp transport: the SMTP URL is not a URL (expected smtp://user:pass@host:port)');
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    throw new Error(`smtp transport: the URL must start with smtp:// or smtps://, not ${parsed.protocol}//`);
  }
  const port = parsed.port || (parsed.protocol === 'smtps:' ? '465' : '587');
  return `${parsed.protocol}//${parsed.hostname}:${port}`;
}
