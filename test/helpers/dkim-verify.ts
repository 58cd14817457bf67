import { createHash, createVerify, type KeyObject } from 'node:crypto';

/**
 * A small DKIM verifier (RFC 6376) for tests: rsa-sha256 with relaxed/relaxed
 * canonicalisation (what nodemailer signs), against a public key given
 * directly instead of looked up in DNS. Says whether the first signature
 * verifies and which header fields it covers.
 */
export interface DkimResult {
  readonly ok: boolean;
  /** The h= fields, lower case. */
  readonly signed: readonly string[];
  readonly reason?: string;
}

interface HeaderField {
  readonly name: string;
  /** The whole field as in the message, folding included, without the final CRLF. */
  readonly raw: string;
}

export function verifyDkim(message: Buffer, publicKey: KeyObject): DkimResult {
  const text = message.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  if (split === -1) return { ok: false, signed: [], reason: 'no header/body separator' };
  const fields = headerFields(text.slice(0, split + 2));
  const body = text.slice(split + 4);
  const signature = fields.find((f) => f.name === 'dkim-signature');
  if (signature === undefined) return { ok: false, signed: [], reason: 'no DKIM-Signature' };
  const tags = parseTags(signature.raw.slice(signature.raw.indexOf(':') + 1));
  const signed = (tags.get('h') ?? '').split(':').map((h) => h.trim().toLowerCase()).filter((h) => h !== '');
  if (tags.get('a') !== 'rsa-sha256' || tags.get('c') !== 'relaxed/relaxed') return { ok: false, signed, reason: `unsupported a=${tags.get('a')} c=${tags.get('c')}` };
  const bodyHash = createHash('sha256').update(relaxedBody(body), 'latin1').digest('base64');
  if (bodyHash !== tags.get('bh')) return { ok: false, signed, reason: 'body hash differs' };
  // Each name in h= takes the next instance of that field from the bottom (RFC 6376 section 5.4.2).
  const used = new Map<string, number>();
  let data = '';
  for (const name of signed) {
    const instances = fields.filter((f) => f.name === name && f !== signature);
    const n = used.get(name) ?? 0;
    used.set(name, n + 1);
    const field = instances[instances.length - 1 - n];
    if (field !== undefined) data += `${relaxedHeader(field.raw)}\r\n`;
  }
  data += relaxedHeader(signature.raw).replace(/(;\s*b=)[^;]*/, '$1').replace(/(^|;)b=[^;]*/, '$1b=');
  const b = (tags.get('b') ?? '').replace(/\s+/g, '');
  const ok = createVerify('RSA-SHA256').update(data, 'latin1').verify(publicKey, Buffer.from(b, 'base64'));
  return ok ? { ok, signed } : { ok, signed, reason: 'signature does not verify' };
}

function headerFields(head: string): HeaderField[] {
  const out: HeaderField[] = [];
  for (const line of head.split('\r\n')) {
    if (line === '') continue;
    const last = out[out.length - 1];
    if (/^[ \t]/.test(line) && last !== undefined) out[out.length - 1] = { name: last.name, raw: `${last.raw}\r\n${line}` };
    else out.push({ name: line.slice(0, line.indexOf(':')).trim().toLowerCase(), raw: line });
  }
  return out;
}

function parseTags(value: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of value.replace(/\r\n[ \t]/g, ' ').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1) tags.set(part.slice(0, eq).trim(), part.slice(eq + 1).replace(/[ \t]+/g, ' ').trim());
  }
  return tags;
}

/** RFC 6376 section 3.4.2: lower-case name, unfold, runs of WSP to one SP, none around the colon or at the end. */
function relaxedHeader(raw: string): string {
  const colon = raw.indexOf(':');
  const name = raw.slice(0, colon).trim().toLowerCase();
  const value = raw.slice(colon + 1).replace(/\r\n/g, '').replace(/[ \t]+/g, ' ').trim();
  return `${name}:${value}`;
}

/** RFC 6376 section 3.4.4: WSP runs to one SP, none at line ends, no empty lines at the end, one CRLF. */
function relaxedBody(body: string): string {
  const lines = body.split('\r\n').map((line) => line.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length === 0 ? '' : `${lines.join('\r\n')}\r\n`;
}
