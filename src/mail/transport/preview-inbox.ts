import type { DKIMOptions } from 'nodemailer';
import { createSmtpTransport } from './smtp.js';
import type { MailTransport } from './types.js';

export interface PreviewInboxOptions {
  /** The inbox's SMTP URL (smtp://127.0.0.1:1025), as the running preview wrote it in .tidings/preview.json. */
  url: string;
  /** Signed as the relay would get it (tidings send does; the preview's own test sends do not). */
  dkim?: Pick<DKIMOptions, 'domainName' | 'keySelector' | 'privateKey'>;
}

/**
 * The inbox of a running `tidings preview` (an smtp-server on loopback that
 * keeps what it gets): one connection, no rate limit, short timeouts, as
 * the preview's own test sends have always used; the relay's settings in
 * the config (its pool, its rate limit, TIDINGS_SMTP_URL) play no part.
 * Failures are SMTP ones.
 */
export function createPreviewInboxTransport(options: PreviewInboxOptions): MailTransport {
  const smtp = createSmtpTransport({
    url: options.url,
    maxConnections: 1,
    rateLimit: 0,
    timeouts: { connection: 5000, greeting: 5000, socket: 30_000 },
    ...(options.dkim ? { dkim: options.dkim } : {}),
  });
  return {
    name: 'preview-inbox',
    description: `the inbox of the running tidings preview (${options.url})${options.dkim ? ', DKIM-signed' : ''}`,
    send: (message) => smtp.send(message),
    verify: () => smtp.verify(),
    classify: (error) => smtp.classify(error),
    close: () => smtp.close(),
    abort: () => smtp.abort?.(),
  };
}
