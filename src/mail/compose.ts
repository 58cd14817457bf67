import nodemailer from 'nodemailer';
import type { SendMailOptions } from 'nodemailer';

/**
 * The whole RFC 5322 message (CRLF line ends) that nodemailer would send
 * for `options`, as bytes: what `tidings build` writes to message.eml and
 * what a test inbox stores. Nothing is sent.
 */
export async function composeEml(options: SendMailOptions): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await transport.sendMail(options);
  const message: unknown = info.message;
  if (!Buffer.isBuffer(message)) throw new TypeError('composeEml: nodemailer returned a stream instead of a buffer');
  return message;
}
