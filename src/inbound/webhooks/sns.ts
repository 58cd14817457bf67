import { createPublicKey, createVerify, type KeyObject } from 'node:crypto';
import type { FetchText } from './types.js';
import { isObject, str, type Json } from './fields.js';

/**
 * Amazon SNS's HTTP(S) deliveries, as its documentation describes them
 * ("Verifying the signatures of Amazon SNS messages"): a JSON body whose
 * Signature (base64) is RSA over a "string to sign" made of some of its
 * fields, each as `Name\nvalue\n` in a fixed order, with SHA1
 * (SignatureVersion 1) or SHA256 (2), checked against the X.509
 * certificate at SigningCertURL, which must be https on an
 * sns.<region>.amazonaws.com host (never a certificate the message merely
 * names elsewhere). SubscriptionConfirmation messages are confirmed by
 * fetching their SubscribeURL, on the same kind of host.
 */

export type SnsType = 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';

export interface SnsMessage {
  readonly Type: SnsType;
  readonly MessageId: string;
  readonly TopicArn: string;
  readonly Message: string;
  readonly Timestamp: string;
  readonly Signature: string;
  readonly SignatureVersion: string;
  readonly SigningCertURL: string;
  readonly Subject?: string;
  readonly Token?: string;
  readonly SubscribeURL?: string;
}

/** The fields signed, in order, per message type. */
const SIGNED_FIELDS: Record<SnsType, readonly (keyof SnsMessage)[]> = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
  UnsubscribeConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
};

const ALGORITHMS: Record<string, string> = { '1': 'RSA-SHA1', '2': 'RSA-SHA256' };

/** The message, or why the body is not an SNS message. */
export function parseSnsMessage(body: Buffer): SnsMessage | string {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return 'the body is not JSON';
  }
  if (!isObject(value)) return 'the body is not a JSON object';
  const type = str(value.Type);
  if (type !== 'Notification' && type !== 'SubscriptionConfirmation' && type !== 'UnsubscribeConfirmation') return `not an SNS message type: ${type ?? 'none'}`;
  for (const field of ['MessageId', 'TopicArn', 'Message', 'Timestamp', 'Signature', 'SignatureVersion', 'SigningCertURL']) {
    if (typeof value[field] !== 'string') return `the SNS message has no ${field}`;
  }
  if (type !== 'Notification' && (typeof value.Token !== 'string' || typeof value.SubscribeURL !== 'string')) return `the ${type} has no Token or SubscribeURL`;
  return value as Json as unknown as SnsMessage;
}

/** The string SNS signed for this message. */
export function snsStringToSign(message: SnsMessage): string {
  let out = '';
  for (const field of SIGNED_FIELDS[message.Type]) {
    const value = message[field];
    // Subject is signed only when the notification has one.
    if (value === undefined || value === null) continue;
    out += `${field}\n${String(value)}\n`;
  }
  return out;
}

/** True for https://sns.<region>.amazonaws.com/… (and .amazonaws.com.cn in China), the only hosts SNS signs from. */
export function isSnsUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && parsed.port === '' && parsed.username === '' && /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(parsed.hostname);
}

/**
 * Checks SNS signatures, keeping each certificate it fetched (they are
 * few, and rotate rarely) so that a burst of notifications costs one fetch.
 */
export function snsVerifier(fetchText: FetchText): (message: SnsMessage) => Promise<string | null> {
  const certificates = new Map<string, Promise<KeyObject>>();
  const keyFor = (url: string): Promise<KeyObject> => {
    let key = certificates.get(url);
    if (key === undefined) {
      key = fetchText(url).then((pem) => createPublicKey(pem));
      // A failed fetch is not kept: the next message tries again.
      key.catch(() => certificates.delete(url));
      certificates.set(url, key);
    }
    return key;
  };
  return async (message) => {
    const algorithm = ALGORITHMS[message.SignatureVersion];
    if (algorithm === undefined) return `unknown SignatureVersion ${message.SignatureVersion}`;
    if (!isSnsUrl(message.SigningCertURL) || !new URL(message.SigningCertURL).pathname.endsWith('.pem')) {
      return `SigningCertURL ${message.SigningCertURL} is not an https .pem on an sns.<region>.amazonaws.com host`;
    }
    let key: KeyObject;
    try {
      key = await keyFor(message.SigningCertURL);
    } catch (error) {
      return `cannot get the signing certificate ${message.SigningCertURL}: ${error instanceof Error ? error.message : String(error)}`;
    }
    const ok = createVerify(algorithm).update(snsStringToSign(message), 'utf8').verify(key, Buffer.from(message.Signature, 'base64'));
    return ok ? null : 'the SNS signature does not verify';
  };
}
