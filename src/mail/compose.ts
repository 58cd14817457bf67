import type { DKIMOptions, SendMailOptions, Transporter } from 'nodemailer';

/** What nodemailer's stream transport gives back for a message (its buffer, envelope and Message-ID). */
export interface ComposedMessage {
  readonly message: unknown;
  readonly envelope: { readonly from: string | false; readonly to: string[] };
  readonly messageId: string;
}

/** A nodemailer transport as a composer: only its sendMail. */
export interface MessageComposer {
  sendMail(options: SendMailOptions): Promise<ComposedMessage>;
}

/**
 * nodemailer as a composer only: a stream transport that builds a whole
 * RFC 5322 message (CRLF line ends) into a buffer and sends nothing,
 * DKIM-signed when given a key. The one place tidings makes a nodemailer
 * transport (test/architecture.test.ts holds that): the relays are
 * tidings' own SMTP client (mail/smtp/), chosen in src/app/transport.ts.
 * nodemailer is imported at the first message, not with this file: a
 * build whose roundups are all current never loads it (docs/architecture.md).
 */
export function messageComposer(options: { dkim?: DKIMOptions } = {}): MessageComposer {
  let transport: Promise<Transporter> | undefined;
  return {
    async sendMail(message) {
      transport ??= import('nodemailer').then(({ default: nodemailer }) =>
        nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows', ...(options.dkim ? { dkim: options.dkim } : {}) }),
      );
      return ((await transport).sendMail(message)) as Promise<ComposedMessage>;
    },
  };
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
