import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest form body read; a sign-up or preferences form is a few hundred bytes. */
export const MAX_FORM_BYTES = 16 * 1024;

export type FormBody = { ok: true; form: URLSearchParams } | { ok: false; status: 413 | 415; message: string };

/**
 * Reads an application/x-www-form-urlencoded body (a missing Content-Type
 * is read the same way). Stops at MAX_FORM_BYTES.
 */
export async function readForm(req: IncomingMessage): Promise<FormBody> {
  const type = (req.headers['content-type'] ?? 'application/x-www-form-urlencoded').split(';')[0]?.trim().toLowerCase();
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_FORM_BYTES) return { ok: false, status: 413, message: 'The form is too large.' };
  // Read to the end even when too large (keeping none of the excess): leaving
  // the loop early would destroy the request, and the reply with it.
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_FORM_BYTES) chunks.push(chunk);
  }
  if (size > MAX_FORM_BYTES) return { ok: false, status: 413, message: 'The form is too large.' };
  if (type !== 'application/x-www-form-urlencoded') {
    return { ok: false, status: 415, message: 'Send the form as application/x-www-form-urlencoded.' };
  }
  return { ok: true, form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')) };
}

/** Reads and drops a body, for endpoints that act on the URL alone. */
export async function discardBody(req: IncomingMessage): Promise<void> {
  for await (const _chunk of req as AsyncIterable<Buffer>) {
    // drained, kept nowhere
  }
}

/**
 * Sends a page. Links in these pages carry tokens, so nothing is cached or
 * passed on as a referrer; pages load nothing from anywhere (CSP).
 */
export function sendPage(req: IncomingMessage, res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(html, 'utf8');
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(body.length),
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The client's address, the key of the per-IP rate limit. */
export function clientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}
