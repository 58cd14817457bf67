import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhooksConfig } from '../../config/webhooks-schema.js';
import type { InboundEvent, InboundEventKind } from '../event.js';
import { enhancedStatus, excerptOf, isObject, isoTime, messageIdOf, obj, recipientOf, str, verpToken } from './fields.js';
import { reject, type WebhookHandler } from './types.js';

/**
 * Mailgun's webhooks ("Securing Webhooks"): the JSON body carries
 * `signature: { timestamp, token, signature }`, the signature being the hex
 * HMAC-SHA256 of timestamp and token, concatenated, with the webhook
 * signing key. A wrong signature is 403; so is a timestamp older (or
 * further ahead) than `maxAgeSeconds`. A token already taken within that
 * window is refused with 406, which tells Mailgun not to retry: the event
 * was applied once. Tokens are remembered in memory for the window only,
 * which is all a replay within the window needs.
 */
export function mailgunHandler(config: NonNullable<WebhooksConfig['mailgun']>): WebhookHandler {
  const seen = new Map<string, number>();
  return {
    handle(request, now) {
      const key = config.signingKey;
      if (key === undefined) return Promise.resolve(reject(503, 'no signing key: set TIDINGS_MAILGUN_SIGNING_KEY or inbound.webhooks.mailgun.signingKey'));
      let payload: unknown;
      try {
        payload = JSON.parse(request.body.toString('utf8'));
      } catch {
        return Promise.resolve(reject(400, 'the body is not JSON'));
      }
      const signature = obj(isObject(payload) ? payload.signature : undefined);
      const timestamp = str(signature.timestamp);
      const token = str(signature.token);
      const given = str(signature.signature);
      if (timestamp === null || token === null || given === null || !/^[0-9a-f]{64}$/i.test(given)) return Promise.resolve(reject(403, 'no Mailgun signature (timestamp, token, signature) in the body'));
      const wanted = createHmac('sha256', key).update(timestamp + token).digest();
      if (!timingSafeEqual(wanted, Buffer.from(given, 'hex'))) return Promise.resolve(reject(403, 'the Mailgun signature does not verify'));
      const nowMs = now.getTime();
      const ageSeconds = nowMs / 1000 - Number(timestamp);
      if (!Number.isFinite(ageSeconds) || Math.abs(ageSeconds) > config.maxAgeSeconds) {
        return Promise.resolve(reject(403, `the signature's timestamp is ${Math.round(ageSeconds)} s away from now: more than ${config.maxAgeSeconds} s (a replay, or this machine's clock is wrong)`));
      }
      for (const [old, until] of seen) if (until < nowMs) seen.delete(old);
      if (seen.has(token)) return Promise.resolve(reject(406, 'this token was taken already (a replay): not applied again'));
      const event = mailgunEvent(obj(obj(payload)['event-data']), now);
      return Promise.resolve({
        status: 200,
        message: event === null ? 'not a failure, complaint or unsubscribe: ignored' : '1 event',
        events: event === null ? [] : [event],
        onApplied: () => void seen.set(token, nowMs + config.maxAgeSeconds * 1000),
      });
    },
  };
}

/** The event of one Mailgun event-data object (pure), or null for accepted, delivered, opened, clicked. */
export function mailgunEvent(data: Record<string, unknown>, now: Date): InboundEvent | null {
  const name = str(data.event);
  let kind: InboundEventKind;
  if (name === 'failed') kind = str(data.severity) === 'permanent' ? 'bounce-hard' : 'bounce-soft';
  else if (name === 'complained') kind = 'complaint';
  else if (name === 'unsubscribed') kind = 'unsubscribe';
  else return null;
  const status = obj(data['delivery-status']);
  const code = typeof status.code === 'number' || typeof status.code === 'string' ? String(status.code) : null;
  return {
    kind,
    source: 'mailgun',
    deliveryToken: verpToken(obj(data.envelope).sender),
    messageId: messageIdOf(obj(obj(data.message).headers)['message-id']),
    recipient: recipientOf(data.recipient),
    status: enhancedStatus(status.message) ?? enhancedStatus(status.description) ?? code,
    occurredAt: isoTime(data.timestamp, now),
    excerpt: excerptOf({ event: name, severity: data.severity, reason: data.reason, recipient: data.recipient, 'delivery-status': status, message: data.message }),
  };
}
