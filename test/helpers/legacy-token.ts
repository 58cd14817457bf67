import { createHmac } from 'node:crypto';

/** A link as versions before address-bound tokens signed it: a row id, a purpose, an expiry (seconds). */
export function legacyToken(secret: string, claims: { s: unknown; p: string; e: number }): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${createHmac('sha256', secret).update('tidings-link-v1.').update(payload).digest('base64url')}`;
}
