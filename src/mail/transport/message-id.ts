import type { OutgoingMessage } from './types.js';

/**
 * The Message-ID a message really carries. For a message built from
 * options nodemailer's own answer is right; for one given `raw`, it is read
 * from the raw header block (only the headers are decoded).
 */
export function messageIdOf(message: OutgoingMessage, reported: string): string {
  const raw = message.raw;
  const bytes = typeof raw === 'string' ? Buffer.from(raw) : Buffer.isBuffer(raw) ? raw : undefined;
  if (bytes === undefined) return reported;
  const crlf = bytes.indexOf('\r\n\r\n');
  const lf = bytes.indexOf('\n\n');
  const end = crlf === -1 ? lf : lf === -1 ? crlf : Math.min(crlf, lf);
  const headers = bytes
    .subarray(0, end === -1 ? bytes.length : end)
    .toString('latin1')
    .replace(/\r?\n[ \t]+/g, ' ');
  const match = /^message-id:[ \t]*(<[^>\r\n]+>)/im.exec(headers);
  return match?.[1] ?? reported;
}
