import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * Short signed tokens that name one Delivery, for addresses: the envelope
 * sender of a roundup (`bounces+<token>@domain`, VERP) and its
 * List-Unsubscribe `mailto:` address (`unsubscribe+<token>@domain`). A
 * relay may lower-case a local part, so a token is base32 (RFC 4648) in
 * lower case and read in any case: a purpose letter (`b` bounce, `u`
 * unsubscribe), the delivery's id, and an 80-bit HMAC-SHA256 over the
 * purpose, the id and the subscriber's address (in lower case). The address
 * is in the MAC, not in the token: checking a token takes the delivery's
 * subscriber from the store, so a token acts on the person the message was
 * sent to and, in a store rebuilt with other ids, on nobody. Pure apart
 * from the crypto.
 */
export const DELIVERY_TOKEN_PURPOSES = { bounce: 'b', unsubscribe: 'u' } as const;
export type DeliveryTokenPurpose = keyof typeof DELIVERY_TOKEN_PURPOSES;

/** What a token says before it is checked against the store. */
export interface DeliveryTokenParts {
  readonly purpose: DeliveryTokenPurpose;
  readonly deliveryId: number;
}

export interface DeliveryTokenSigner {
  sign(purpose: DeliveryTokenPurpose, deliveryId: number, email: string): string;
  /** Whether `token` was made by this secret for this purpose, delivery and address. */
  verify(token: string, purpose: DeliveryTokenPurpose, deliveryId: number, email: string): boolean;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const MAC_BYTES = 10;
/** 10 bytes make 16 base32 characters. */
const MAC_CHARS = 16;
/** A purpose letter, an id of 1 to 13 characters, the MAC. */
const TOKEN = /^[bu][a-z2-7]{1,13}[a-z2-7]{16}$/;

export function createDeliveryTokenSigner(secret: string): DeliveryTokenSigner {
  if (secret.length === 0) throw new Error('delivery token signer: the secret is empty');
  const key = Buffer.from(hkdfSync('sha256', secret, '', 'tidings-delivery-token-v1', 32));
  const mac = (purpose: DeliveryTokenPurpose, deliveryId: number, email: string): Buffer =>
    createHmac('sha256', key).update(`${purpose}\0${deliveryId}\0${email.toLowerCase()}`).digest().subarray(0, MAC_BYTES);
  return {
    sign(purpose, deliveryId, email) {
      if (!Number.isSafeInteger(deliveryId) || deliveryId < 1) throw new RangeError(`delivery token: not a delivery id: ${deliveryId}`);
      return `${DELIVERY_TOKEN_PURPOSES[purpose]}${encodeNumber(deliveryId)}${base32(mac(purpose, deliveryId, email))}`;
    },
    verify(token, purpose, deliveryId, email) {
      const parts = readDeliveryToken(token);
      if (parts === null || parts.purpose !== purpose || parts.deliveryId !== deliveryId) return false;
      const given = Buffer.from(token.toLowerCase().slice(-MAC_CHARS));
      const expected = Buffer.from(base32(mac(purpose, deliveryId, email)));
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

/** The purpose and delivery a token names, unchecked (any case); null when it is not shaped like one. */
export function readDeliveryToken(token: string): DeliveryTokenParts | null {
  const lower = token.toLowerCase();
  if (!TOKEN.test(lower)) return null;
  const purpose = lower[0] === 'b' ? 'bounce' : 'unsubscribe';
  const deliveryId = decodeNumber(lower.slice(1, -MAC_CHARS));
  if (deliveryId === null) return null;
  return { purpose, deliveryId };
}

/** RFC 4648 base32, lower case, no padding. */
function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** A positive whole number in the base32 alphabet, most significant digit first. */
function encodeNumber(value: number): string {
  let out = '';
  for (let rest = value; rest > 0; rest = Math.floor(rest / 32)) out = (ALPHABET[rest % 32] as string) + out;
  return out;
}

function decodeNumber(text: string): number | null {
  let value = 0;
  for (const char of text) value = value * 32 + ALPHABET.indexOf(char);
  // No leading zero digit ('a'): one id has one spelling.
  return text.startsWith('a') || !Number.isSafeInteger(value) || value < 1 ? null : value;
}
