import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { readLegacyToken } from './tokens-v1.js';

/**
 * Sealed tokens for the links in emails. A token names the subscriber by
 * their address (normalised, as stored), never by a row id, so a link acts
 * on the person it was sent to in any store, rebuilt, restored or
 * re-imported, and on nobody else. The address is encrypted (AES-256-GCM,
 * which also authenticates), so a link in a log or a scanner's report does
 * not show it: one base64url string, version byte, nonce, ciphertext, tag.
 * The nonce is 64 random bits per signer and a counter: one signer never
 * repeats one, two repeat one only if they drew the same 64 bits (one
 * AES-GCM per token: the sender makes one per recipient, for both its links).
 * The key comes from the secret (HKDF-SHA256). Links made by
 * earlier versions (a signed row id) are still read: see tokens-v1.ts.
 * Pure apart from the crypto.
 */
export const TOKEN_PURPOSES = ['confirm', 'unsubscribe', 'preferences'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/**
 * What a token may be used for: one purpose, or 'recipient', the two links
 * of a roundup sent to a subscriber (unsubscribe and preferences), which sit
 * in the same message: one seal serves both (the sender makes one per
 * recipient, not two). Its expiry is the preferences link's; as an
 * unsubscribe link it never expires.
 */
export const TOKEN_GRANTS = [...TOKEN_PURPOSES, 'recipient'] as const;
export type TokenGrant = (typeof TOKEN_GRANTS)[number];

export interface TokenClaims {
  /** The subscriber's address, as stored. */
  email: string;
  purpose: TokenGrant;
  /** When the token stops working (for 'recipient': as a preferences link); null: never (unsubscribe links). */
  expires: Date | null;
  /**
   * Confirmation links only: when the subscriber had last left (their
   * unsubscribedAt as the link was made), null for someone who never left.
   * Only a link asked for after leaving brings a returning reader back.
   */
  after?: Date | null;
}

/** Who a token names: an address, or (a link made before tokens named addresses) a row id of the store it was made for. */
export type TokenSubject = { email: string } | { legacyId: number };

export type TokenCheck =
  | { ok: true; subject: TokenSubject; expires: Date | null; after: Date | null }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'wrong-purpose' | 'expired' };

export interface TokenSigner {
  sign(claims: TokenClaims): string;
  verify(token: string, purpose: TokenPurpose, now: Date): TokenCheck;
}

const VERSION = 2;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** An address of 254 characters makes a token of about 400. */
export const MAX_TOKEN = 512;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function createTokenSigner(secret: string): TokenSigner {
  if (secret.length === 0) throw new Error('token signer: the secret is empty');
  const encryptionKey = Buffer.from(hkdfSync('sha256', secret, '', 'tidings-link-v2 encryption', 32));
  const header = Buffer.from([VERSION]);
  const nonces = nonceSource();

  return {
    sign({ email, purpose, expires, after = null }) {
      if (email === '') throw new RangeError('token signer: no address');
      const plain = Buffer.from(
        JSON.stringify({ m: email, p: purpose, e: expires === null ? 0 : seconds(expires), a: after === null ? 0 : after.getTime() }),
      );
      const nonce = nonces.next();
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, nonce).setAAD(header);
      const sealed = Buffer.concat([header, nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return sealed.toString('base64url');
    },
    verify(token, purpose, now) {
      if (token.length > MAX_TOKEN || token === '') return { ok: false, reason: 'malformed' };
      if (token.includes('.')) return readLegacyToken(secret, token, purpose, now);
      if (!BASE64URL.test(token)) return { ok: false, reason: 'malformed' };
      const sealed = Buffer.from(token, 'base64url');
      if (sealed.toString('base64url') !== token || sealed.length <= 1 + NONCE_BYTES + TAG_BYTES || sealed[0] !== VERSION) {
        return { ok: false, reason: 'malformed' };
      }
      const nonce = sealed.subarray(1, 1 + NONCE_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, nonce).setAAD(header).setAuthTag(sealed.subarray(-TAG_BYTES));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(sealed.subarray(1 + NONCE_BYTES, -TAG_BYTES)), decipher.final()]);
      } catch {
        return { ok: false, reason: 'bad-signature' };
      }
      const claims = readClaims(plain);
      if (claims === undefined) return { ok: false, reason: 'malformed' };
      if (!grants(claims.purpose, purpose)) return { ok: false, reason: 'wrong-purpose' };
      // A recipient's token is an unsubscribe link that never expires, and a preferences link that does.
      const expires = claims.purpose === 'recipient' && purpose === 'unsubscribe' ? null : claims.expires;
      if (expires !== null && expires.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
      return { ok: true, subject: { email: claims.email }, expires, after: claims.after ?? null };
    },
  };
}

/** 12-byte nonces: 8 random bytes, renewed every 2^32 nonces, then a counter. */
function nonceSource(): { next(): Buffer } {
  let prefix = randomBytes(8);
  let count = 0;
  return {
    next() {
      if (count > 0xffff_ffff) {
        prefix = randomBytes(8);
        count = 0;
      }
      const nonce = Buffer.allocUnsafe(NONCE_BYTES);
      prefix.copy(nonce, 0);
      nonce.writeUInt32BE(count, 8);
      count += 1;
      return nonce;
    },
  };
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** Whether a token made for `grant` may be used for `purpose`. */
function grants(grant: TokenGrant, purpose: TokenPurpose): boolean {
  return grant === purpose || (grant === 'recipient' && (purpose === 'unsubscribe' || purpose === 'preferences'));
}

function readClaims(plain: Buffer): TokenClaims | undefined {
  let value: unknown;
  try {
    value = JSON.parse(plain.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { m, p, e, a } = value as Record<string, unknown>;
  const purpose = TOKEN_GRANTS.find((known) => known === p);
  if (typeof m !== 'string' || m === '' || purpose === undefined) return undefined;
  if (!isWhole(e) || !isWhole(a)) return undefined;
  return { email: m, purpose, expires: e === 0 ? null : new Date(e * 1000), after: a === 0 ? null : new Date(a) };
}

function isWhole(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
