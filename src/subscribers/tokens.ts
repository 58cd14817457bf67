import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed tokens for the links in emails: `<payload>.<signature>`, both
 * base64url. The payload is JSON naming the subscriber, the purpose and the
 * expiry (seconds since the epoch); the signature is HMAC-SHA256 over a
 * versioned prefix and the payload, compared in constant time. A token made
 * for one purpose is refused for another. Pure apart from the HMAC.
 */
export const TOKEN_PURPOSES = ['confirm', 'unsubscribe', 'preferences'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

export interface TokenClaims {
  subscriberId: number;
  purpose: TokenPurpose;
  /** When the token stops working. */
  expires: Date;
}

export type TokenCheck =
  | { ok: true; subscriberId: number; expires: Date }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'wrong-purpose' | 'expired' };

export interface TokenSigner {
  sign(claims: TokenClaims): string;
  verify(token: string, purpose: TokenPurpose, now: Date): TokenCheck;
}

const DOMAIN = 'tidings-link-v1.';
const MAX_TOKEN = 512;
const SIGNATURE_BYTES = 32;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function createTokenSigner(secret: string): TokenSigner {
  if (secret.length === 0) throw new Error('token signer: the secret is empty');
  const mac = (payload: string) => createHmac('sha256', secret).update(DOMAIN).update(payload).digest();

  return {
    sign({ subscriberId, purpose, expires }) {
      if (!Number.isSafeInteger(subscriberId) || subscriberId < 1) throw new RangeError(`token signer: bad subscriber id ${subscriberId}`);
      const payload = Buffer.from(JSON.stringify({ s: subscriberId, p: purpose, e: Math.floor(expires.getTime() / 1000) })).toString('base64url');
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    verify(token, purpose, now) {
      if (token.length > MAX_TOKEN) return { ok: false, reason: 'malformed' };
      const [payload, signature, extra] = token.split('.');
      if (payload === undefined || signature === undefined || extra !== undefined) return { ok: false, reason: 'malformed' };
      if (!BASE64URL.test(payload) || !BASE64URL.test(signature)) return { ok: false, reason: 'malformed' };
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== SIGNATURE_BYTES || given.toString('base64url') !== signature) return { ok: false, reason: 'malformed' };
      if (!timingSafeEqual(given, mac(payload))) return { ok: false, reason: 'bad-signature' };

      const claims = readClaims(payload);
      if (claims === undefined) return { ok: false, reason: 'malformed' };
      if (claims.purpose !== purpose) return { ok: false, reason: 'wrong-purpose' };
      if (claims.expires.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
      return { ok: true, subscriberId: claims.subscriberId, expires: claims.expires };
    },
  };
}

function readClaims(payload: string): TokenClaims | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { s, p, e } = value as Record<string, unknown>;
  const purpose = TOKEN_PURPOSES.find((known) => known === p);
  if (typeof s !== 'number' || !Number.isSafeInteger(s) || s < 1) return undefined;
  if (typeof e !== 'number' || !Number.isSafeInteger(e) || purpose === undefined) return undefined;
  return { subscriberId: s, purpose, expires: new Date(e * 1000) };
}
