import type { WebhooksConfig } from '../../config/webhooks-schema.js';
import type { InboundEvent, InboundEventKind } from '../event.js';
import { excerptOf, isObject, isoTime, list, messageIdOf, obj, recipientOf, str, verpToken, type Json } from './fields.js';
import { isSnsUrl, parseSnsMessage, snsVerifier } from './sns.js';
import { reject, type FetchText, type WebhookHandler } from './types.js';

/**
 * Amazon SES bounce and complaint notifications, through an SNS topic
 * subscribed to `/hooks/ses/<secret>`. The SNS envelope is verified first
 * (sns.ts), the topic held to `topicArns` when set; a
 * SubscriptionConfirmation is confirmed by fetching its SubscribeURL. The
 * notification itself (SES "Amazon SNS notification contents": a
 * `notificationType`, or `eventType` with event publishing, a `mail` and a
 * `bounce` or `complaint` object) becomes one event per recipient.
 */
export function sesHandler(config: NonNullable<WebhooksConfig['ses']>, fetchText: FetchText, log: (message: string) => void): WebhookHandler {
  const verify = snsVerifier(fetchText);
  return {
    async handle(request, now) {
      const message = parseSnsMessage(request.body);
      if (typeof message === 'string') return reject(400, message);
      const problem = await verify(message);
      if (problem !== null) return reject(403, problem);
      if (config.topicArns.length > 0 && !config.topicArns.includes(message.TopicArn)) {
        return reject(403, `topic ${message.TopicArn} is not one of inbound.webhooks.ses.topicArns`);
      }
      if (message.Type === 'SubscriptionConfirmation') {
        const url = message.SubscribeURL ?? '';
        if (!isSnsUrl(url)) return reject(403, `SubscribeURL ${url} is not on an sns.<region>.amazonaws.com host`);
        try {
          await fetchText(url);
        } catch (error) {
          return reject(502, `could not confirm the subscription to ${message.TopicArn}: ${error instanceof Error ? error.message : String(error)}`);
        }
        log(`confirmed the SNS subscription to ${message.TopicArn}`);
        return { status: 200, message: `subscription to ${message.TopicArn} confirmed`, events: [] };
      }
      if (message.Type === 'UnsubscribeConfirmation') {
        log(`SNS says the subscription to ${message.TopicArn} was removed`);
        return { status: 200, message: 'unsubscribe confirmation noted', events: [] };
      }
      let notification: unknown;
      try {
        notification = JSON.parse(message.Message);
      } catch {
        return { status: 200, message: 'an SNS notification that is not from SES (not JSON): ignored', events: [] };
      }
      const events = sesEvents(notification, now);
      return { status: 200, message: `${events.length} event(s)`, events };
    },
  };
}

/** The events of one SES notification (pure); none for deliveries, opens and anything else. */
export function sesEvents(notification: unknown, now: Date): InboundEvent[] {
  if (!isObject(notification)) return [];
  const type = str(notification.notificationType) ?? str(notification.eventType);
  const mail = obj(notification.mail);
  const messageId = messageIdOf(obj(mail.commonHeaders).messageId) ?? messageIdOf(headerValue(mail, 'message-id'));
  const deliveryToken = verpToken(mail.source);
  const base = { source: 'ses' as const, deliveryToken, messageId };
  if (type === 'Bounce') {
    const bounce = obj(notification.bounce);
    const bounceType = str(bounce.bounceType);
    const kind: InboundEventKind = bounceType === 'Permanent' ? 'bounce-hard' : bounceType === 'Transient' ? 'bounce-soft' : 'other';
    return list(bounce.bouncedRecipients).filter(isObject).map((recipient) => ({
      ...base,
      kind,
      recipient: recipientOf(recipient.emailAddress),
      status: str(recipient.status),
      occurredAt: isoTime(bounce.timestamp, now),
      excerpt: excerptOf({ notificationType: type, bounceType, bounceSubType: bounce.bounceSubType, reportingMTA: bounce.reportingMTA, recipient }),
    }));
  }
  if (type === 'Complaint') {
    const complaint = obj(notification.complaint);
    const feedbackType = str(complaint.complaintFeedbackType);
    // "not-spam" is a receiver saying the message was NOT spam: nothing to hold against anyone.
    const kind: InboundEventKind = feedbackType === 'not-spam' ? 'other' : 'complaint';
    return list(complaint.complainedRecipients).filter(isObject).map((recipient) => ({
      ...base,
      kind,
      recipient: recipientOf(recipient.emailAddress),
      status: feedbackType,
      occurredAt: isoTime(complaint.timestamp, now),
      excerpt: excerptOf({ notificationType: type, complaintFeedbackType: feedbackType, userAgent: complaint.userAgent, feedbackId: complaint.feedbackId, recipient }),
    }));
  }
  return [];
}

function headerValue(mail: Json, name: string): unknown {
  return list(mail.headers).filter(isObject).find((h) => str(h.name)?.toLowerCase() === name)?.value;
}
