import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A fresh nonce for a page's inline script. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The preview's own pages: their script by nonce only, frames from this origin only, never framed elsewhere. */
function pageCsp(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: http: https:",
    "frame-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function sendPage(res: ServerResponse, status: number, html: string, nonce: string, head = false): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
    'content-security-policy': pageCsp(nonce),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
  });
  res.end(head ? undefined : html);
}

export function sendBody(res: ServerResponse, status: number, body: string | Buffer, headers: Readonly<Record<string, string>>, head = false): void {
  res.writeHead(status, {
    'content-length': String(typeof body === 'string' ? Buffer.byteLength(body) : body.length),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(head ? undefined : body);
}

/** 303 See Other: after a form post, the browser GETs `location`. */
export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, 'cache-control': 'no-store' }).end();
}

/** Largest form body read (bytes). */
const MAX_FORM_BYTES = 16 * 1024;

/** An application/x-www-form-urlencoded body; throws RangeError when it is too large. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_FORM_BYTES) throw new RangeError('form too large');
    chunks.push(buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * Whether a form post comes from the preview's own pages: another site
 * open in the same browser must not be able to make the preview send.
 * Browsers say where a request comes from (Sec-Fetch-Site, else Origin);
 * a request that says neither (a script, curl) is let through.
 */
export function fromOwnPage(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin' || site === 'none';
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}
