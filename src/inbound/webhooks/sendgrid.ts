import { createPublicKey, createVerify, type KeyObject } from 'node:crypto';
import type { WebhooksConfig } from '../../config/webhooks-schema.js';
import type { InboundEvent, InboundEventKind } from '../event.js';
import { enhancedStatus, excerptOf, isObject, isoTime, list, messageIdOf, recipientOf, str } from './fields.js';
import { reject, type WebhookHandler } from './types.js';

/**
 * SendGrid's signed Event Webhook ("Getting Started with the Event Webhook
 * Security Features"): ECDSA (P-256, SHA-256) over the
 * X-Twilio-Email-Event-Webhook-Timestamp header followed by the raw body,
 * the base64 DER signature in X-Twilio-Email-Event-Webhook-Signature,
 * checked with the verification key SendGrid shows (base64 DER, or PEM).
 * The body is a JSON array of events; bounces, drops of suppressed
 * addresses, spam reports and unsubscribes become events. `deferred` does
 * not: SendGrid keeps retrying and reports a bounce or drop if it gives up.
 */
export function sendgridHandler(config: NonNullable<WebhooksConfig['sendgrid']>): WebhookHandler {
  let key: KeyObject | null | undefined;
  return {
    handle(request, now) {
      if (key === undefined) key = publicKeyOf(config.publicKey);
      if (key === null) return Promise.resolve(reject(503, 'no usable verification key: set TIDINGS_SENDGRID_WEBHOOK_KEY or inbound.webhooks.sendgrid.publicKey to the key SendGrid shows'));
      const signature = header(request.headers['x-twilio-email-event-webhook-signature']);
      const timestamp = header(request.headers['x-twilio-email-event-webhook-timestamp']);
      if (signature === null || timestamp === null) return Promise.resolve(reject(403, 'no X-Twilio-Email-Event-Webhook-Signature and -Timestamp headers'));
      const ok = createVerify('SHA256').update(Buffer.concat([Buffer.from(timestamp, 'utf8'), request.body])).verify(key, Buffer.from(signature, 'base64'));
      if (!ok) return Promise.resolve(reject(403, 'the SendGrid signature does not verify'));
      let payload: unknown;
      try {
        payload = JSON.parse(request.body.toString('utf8'));
      } catch {
        return Promise.resolve(reject(400, 'the body is not JSON'));
      }
      const events = list(payload).flatMap((item) => {
        const event = sendgridEvent(item, now);
        return event === null ? [] : [event];
      });
      return Promise.resolve({ status: 200, message: `${events.length} event(s)`, events });
    },
  };
}

/** The event of one item of SendGrid's array (pure), or null for processed, delivered, deferred, open, click. */
export function sendgridEvent(item: unknown, now: Date): InboundEvent | null {
  if (!isObject(item)) return null;
  const name = str(item.event);
  let kind: InboundEventKind;
  if (name === 'bounce') kind = str(item.type) === 'blocked' ? 'bounce-soft' : 'bounce-hard';
  else if (name === 'spamreport') kind = 'complaint';
  else if (name === 'unsubscribe' || name === 'group_unsubscribe') kind = 'unsubscribe';
  else if (name === 'dropped') kind = droppedKind(str(item.reason));
  else return null;
  return {
    kind,
    source: 'sendgrid',
    deliveryToken: null,
    messageId: messageIdOf(item['smtp-id']),
    recipient: recipientOf(item.email),
    status: enhancedStatus(item.status) ?? enhancedStatus(item.reason) ?? str(item.status),
    occurredAt: isoTime(item.timestamp, now),
    excerpt: excerptOf({ event: name, type: item.type, status: item.status, reason: item.reason, email: item.email, 'smtp-id': item['smtp-id'], sg_message_id: item.sg_message_id, sg_event_id: item.sg_event_id }),
  };
}

/** A drop of an address SendGrid already suppresses says why; other drops (invalid content, ...) are kept for review. */
function droppedKind(reason: string | null): InboundEventKind {
  if (reason === 'Bounced Address') return 'bounce-hard';
  if (reason === 'Spam Reporting Address') return 'complaint';
  if (reason === 'Unsubscribed Address') return 'unsubscribe';
  return 'other';
}

function header(value: string | string[] | undefined): string | null {
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === '' ? null : text.trim();
}

/** The key as SendGrid shows it (base64 of the DER SubjectPublicKeyInfo) or as PEM; null when it is neither. */
export function publicKeyOf(text: string | undefined): KeyObject | null {
  if (text === undefined) return null;
  try {
    if (text.includes('-----BEGIN')) return createPublicKey(text);
    return createPublicKey({ key: Buffer.from(text.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'spki' });
  } catch {
    return null;
  }
}
