import nodemailer from 'nodemailer';
import type { DKIMOptions, SendMailOptions, Transporter } from 'nodemailer';

/**
 * nodemailer as a composer only: a stream transport that builds a whole
 * RFC 5322 message (CRLF line ends) into a buffer and sends nothing,
 * DKIM-signed when given a key. The one place tidings makes a nodemailer
 * transport (test/architecture.test.ts holds that): the relays are
 * tidings' own SMTP client (mail/smtp/), chosen in src/app/transport.ts.
 */
export function messageComposer(options: { dkim?: DKIMOptions } = {}): Transporter {
  return nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows', ...(options.dkim ? { dkim: options.dkim } : {}) });
}

/**
 * The whole message that nodemailer would send for `options`, as bytes:
 * what `tidings build` writes to message.eml and what a test inbox stores.
 * Nothing is sent.
 */
export async function composeEml(options: SendMailOptions): Promise<Buffer> {
  const info = await messageComposer().sendMail(options);
  const message: unknown = info.message;
  if (!Buffer.isBuffer(message)) throw new TypeError('composeEml: nodemailer returned a stream instead of a buffer');
  return message;
}
