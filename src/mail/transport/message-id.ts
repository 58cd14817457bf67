import type { OutgoingMessage } from './types.js';

/**
 * The Message-ID a message really carries. For a message built from
 * options nodemailer's own answer is right; for one given `raw`, nodemailer
 * makes up an id the message does not contain, so it is read from the raw
 * header block instead.
 */
export function messageIdOf(message: OutgoingMessage, reported: string): string {
  const raw = message.raw;
  const text = typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('latin1') : undefined;
  if (text === undefined) return reported;
  const end = text.search(/\r?\n\r?\n/);
  const headers = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const match = /^message-id:[ \t]*(<[^>\r\n]+>)/im.exec(headers);
  return match?.[1] ?? reported;
}
