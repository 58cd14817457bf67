import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TokenCheck, TokenPurpose } from './tokens.js';

/**
 * Links made before tokens named addresses: `<payload>.<signature>`, the
 * payload JSON naming a subscriber's row id, the purpose and an expiry,
 * signed with HMAC-SHA256. They are only read, never made: a row id means
 * the right person only in the store the link was made for, so the store
 * accepts one only for a subscriber who was already in it when it was
 * upgraded (Store.getSubscriberByLegacyLink); a rebuilt or re-imported store
 * refuses them all. Unsubscribe links never expire, these included.
 */
const DOMAIN = 'tidings-link-v1.';
const SIGNATURE_BYTES = 32;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function readLegacyToken(secret: string, token: string, purpose: TokenPurpose, now: Date): TokenCheck {
  const [payload, signature, extra] = token.split('.');
  if (payload === undefined || signature === undefined || extra !== undefined) return { ok: false, reason: 'malformed' };
  if (!BASE64URL.test(payload) || !BASE64URL.test(signature)) return { ok: false, reason: 'malformed' };
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== SIGNATURE_BYTES || given.toString('base64url') !== signature) return { ok: false, reason: 'malformed' };
  const expected = createHmac('sha256', secret).update(DOMAIN).update(payload).digest();
  if (!timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };

  const claims = readClaims(payload);
  if (claims === undefined) return { ok: false, reason: 'malformed' };
  if (claims.purpose !== purpose) return { ok: false, reason: 'wrong-purpose' };
  const expires = purpose === 'unsubscribe' ? null : claims.expires;
  if (expires !== null && expires.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, subject: { legacyId: claims.id }, expires, after: null };
}

function readClaims(payload: string): { id: number; purpose: TokenPurpose; expires: Date } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { s, p, e } = value as Record<string, unknown>;
  // The purposes v1 links had (a frozen format).
  const purpose = (['confirm', 'unsubscribe', 'preferences'] as const).find((known) => known === p);
  if (typeof s !== 'number' || !Number.isSafeInteger(s) || s < 1) return undefined;
  if (typeof e !== 'number' || !Number.isSafeInteger(e) || purpose === undefined) return undefined;
  return { id: s, purpose, expires: new Date(e * 1000) };
}
