import { timingSafeEqual } from 'node:crypto';
import type { WebhooksConfig } from '../../config/webhooks-schema.js';
import type { InboundEvent, InboundEventKind } from '../event.js';
import { excerptOf, isObject, isoTime, recipientOf, str } from './fields.js';
import { reject, type WebhookHandler } from './types.js';

/**
 * Postmark's webhooks (Bounce, SpamComplaint, SubscriptionChange). Postmark
 * signs nothing: its documentation secures a webhook with HTTP basic auth
 * in the URL (https://user:pass@host/…) and with the URL itself, so the
 * path secret always applies and, with `username` set, the basic-auth
 * credentials must match too (401 otherwise). Postmark's MessageID is its
 * own, not the Message-ID header tidings wrote, so an event names its
 * delivery by the recipient (and the issue it came in, by time).
 */
export function postmarkHandler(config: NonNullable<WebhooksConfig['postmark']>): WebhookHandler {
  return {
    handle(request, now) {
      if (config.username !== undefined && !basicAuthMatches(request.headers.authorization, config.username, config.password ?? '')) {
        return Promise.resolve(reject(401, 'the basic-auth credentials are missing or wrong', { 'www-authenticate': 'Basic realm="tidings webhooks"' }));
      }
      let payload: unknown;
      try {
        payload = JSON.parse(request.body.toString('utf8'));
      } catch {
        return Promise.resolve(reject(400, 'the body is not JSON'));
      }
      const event = postmarkEvent(payload, now);
      return Promise.resolve({ status: 200, message: event === null ? 'not a bounce, complaint or subscription change: ignored' : '1 event', events: event === null ? [] : [event] });
    },
  };
}

/** Bounce Type to event kind, after Postmark's bounce types (its API reference, "Bounce types"). */
const BOUNCE_KINDS: Readonly<Record<string, InboundEventKind>> = {
  HardBounce: 'bounce-hard',
  BadEmailAddress: 'bounce-hard',
  ManuallyDeactivated: 'bounce-hard',
  SoftBounce: 'bounce-soft',
  Transient: 'bounce-soft',
  DnsError: 'bounce-soft',
  Blocked: 'bounce-soft',
  SpamComplaint: 'complaint',
  SpamNotification: 'other',
  Unsubscribe: 'unsubscribe',
  AutoResponder: 'auto-reply',
};

/** The event of one Postmark webhook payload (pure), or null for deliveries, opens, clicks. */
export function postmarkEvent(payload: unknown, now: Date): InboundEvent | null {
  if (!isObject(payload)) return null;
  const record = str(payload.RecordType);
  const base = { source: 'postmark' as const, deliveryToken: null, messageId: null };
  if (record === 'Bounce' || record === 'SpamComplaint') {
    const type = str(payload.Type) ?? record;
    const kind = record === 'SpamComplaint' ? 'complaint' : (BOUNCE_KINDS[type] ?? 'other');
    return {
      ...base,
      kind,
      recipient: recipientOf(payload.Email),
      status: type,
      occurredAt: isoTime(payload.BouncedAt, now),
      excerpt: excerptOf({ RecordType: record, Type: type, TypeCode: payload.TypeCode, MessageID: payload.MessageID, Description: payload.Description, Details: payload.Details, Email: payload.Email }),
    };
  }
  if (record === 'SubscriptionChange') {
    const reason = str(payload.SuppressionReason);
    const suppressed = payload.SuppressSending === true;
    const kind: InboundEventKind = !suppressed ? 'other' : reason === 'HardBounce' ? 'bounce-hard' : reason === 'SpamComplaint' ? 'complaint' : reason === 'ManualSuppression' ? 'unsubscribe' : 'other';
    return {
      ...base,
      kind,
      recipient: recipientOf(payload.Recipient),
      status: reason,
      occurredAt: isoTime(payload.ChangedAt, now),
      excerpt: excerptOf({ RecordType: record, SuppressSending: payload.SuppressSending, SuppressionReason: reason, MessageID: payload.MessageID, Recipient: payload.Recipient, Origin: payload.Origin }),
    };
  }
  return null;
}

function basicAuthMatches(header: string | undefined, username: string, password: string): boolean {
  const m = header === undefined ? null : /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (m === null) return false;
  const given = Buffer.from(Buffer.from(m[1] ?? '', 'base64').toString('utf8'));
  const wanted = Buffer.from(`${username}:${password}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
