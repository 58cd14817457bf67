import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest form body read; a sign-up or preferences form is a few hundred bytes. */
export const MAX_FORM_BYTES = 16 * 1024;

export type FormBody = { ok: true; form: URLSearchParams } | BodyRefused;

export interface BodyRefused {
  ok: false;
  status: 400 | 413 | 415;
  message: string;
}

const TOO_LARGE: BodyRefused = { ok: false, status: 413, message: 'The form is too large.' };

/** Requests whose body was refused part way: their connection closes after the answer. */
const leftUnread = new WeakSet<IncomingMessage>();

function tooLarge(req: IncomingMessage): BodyRefused {
  leftUnread.add(req);
  return TOO_LARGE;
}

/**
 * Reads an application/x-www-form-urlencoded body (a missing Content-Type
 * is read the same way), at most MAX_FORM_BYTES of it: see readBody.
 */
export async function readForm(req: IncomingMessage): Promise<FormBody> {
  const type = (req.headers['content-type'] ?? 'application/x-www-form-urlencoded').split(';')[0]?.trim().toLowerCase();
  const body = await readBody(req);
  if (!body.ok) return body;
  if (type !== 'application/x-www-form-urlencoded') {
    return { ok: false, status: 415, message: 'Send the form as application/x-www-form-urlencoded.' };
  }
  return { ok: true, form: new URLSearchParams(body.bytes.toString('utf8')) };
}

/**
 * Reads a body of at most MAX_FORM_BYTES. A larger one is refused without
 * reading the rest: at once when its Content-Length says so, else as soon as
 * it grows past the limit (the request is then paused, and sendPage closes
 * the connection after the answer instead of reading on).
 */
export function readBody(req: IncomingMessage): Promise<{ ok: true; bytes: Buffer } | BodyRefused> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_FORM_BYTES) return Promise.resolve(tooLarge(req));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (outcome: { ok: true; bytes: Buffer } | BodyRefused) => {
      req.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onError);
      resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_FORM_BYTES) chunks.push(chunk);
      else {
        req.pause();
        settle(tooLarge(req));
      }
    };
    const onEnd = () => settle({ ok: true, bytes: Buffer.concat(chunks) });
    // The client went away part way: nobody will read the answer.
    const onClose = () => settle({ ok: false, status: 400, message: 'The form did not arrive whole.' });
    const onError = (error: Error) => {
      req.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onError);
      reject(error);
    };
    req.on('data', onData).on('end', onEnd).on('close', onClose).on('error', onError);
  });
}

/**
 * Sends a page. Links in these pages carry tokens, so nothing is cached or
 * passed on as a referrer; pages load nothing from anywhere (CSP).
 */
export function sendPage(req: IncomingMessage, res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(html, 'utf8');
  // A body refused part way is not read on: the connection closes after the answer (Node then stops reading).
  const unread = leftUnread.has(req) ? { connection: 'close' } : {};
  res.writeHead(status, {
    ...unread,
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
