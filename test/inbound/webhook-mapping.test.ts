import { describe, expect, it } from 'vitest';
import { mailgunEvent } from '../../src/inbound/webhooks/mailgun.js';
import { postmarkEvent } from '../../src/inbound/webhooks/postmark.js';
import { sendgridEvent } from '../../src/inbound/webhooks/sendgrid.js';
import { sesEvents } from '../../src/inbound/webhooks/ses.js';
import { isSnsUrl } from '../../src/inbound/webhooks/sns.js';
import { mailgunFailed, sesBounce, sesComplaint } from './webhook-fixtures.js';

/** The providers' reports read as a subscriber's fate depends on: what is a bounce, what is only kept for review, what is nothing. */
const NOW = new Date('2025-10-20T12:00:00Z');
const MID = '<2025-W42.abc123@blog.example.org>';

describe('reading the providers’ reports', () => {
  it('takes the delivery token from a VERP envelope sender (SES mail.source, Mailgun envelope.sender)', () => {
    const ses = JSON.parse(sesBounce(MID, 'ann@example.org')) as { mail: { source: string } };
    ses.mail.source = 'bounces+d1.Zm9v-YmFy_9@blog.example.org';
    expect(sesEvents(ses, NOW)[0]).toMatchObject({ deliveryToken: 'd1.Zm9v-YmFy_9', messageId: MID });
    const mailgun = mailgunFailed(MID, 'ann@example.org');
    mailgun.envelope = { sender: 'bounces+tok123@blog.example.org' };
    expect(mailgunEvent(mailgun, NOW)).toMatchObject({ deliveryToken: 'tok123', messageId: MID, kind: 'bounce-hard' });
    expect(sesEvents(JSON.parse(sesBounce(MID, 'ann@example.org')), NOW)[0]?.deliveryToken).toBeNull();
  });

  it('keeps for review what does not condemn anyone: an Undetermined bounce, a not-spam report, a lifted suppression, an unusual drop', () => {
    const undetermined = JSON.parse(sesBounce(MID, 'ann@example.org')) as { bounce: { bounceType: string } };
    undetermined.bounce.bounceType = 'Undetermined';
    expect(sesEvents(undetermined, NOW).map((e) => e.kind)).toEqual(['other']);
    const notSpam = JSON.parse(sesComplaint(MID, 'ann@example.org')) as { complaint: { complaintFeedbackType: string } };
    notSpam.complaint.complaintFeedbackType = 'not-spam';
    expect(sesEvents(notSpam, NOW).map((e) => e.kind)).toEqual(['other']);
    expect(postmarkEvent({ RecordType: 'SubscriptionChange', Recipient: 'ann@example.org', SuppressSending: false, SuppressionReason: null, ChangedAt: '2025-10-20T10:00:00Z' }, NOW)?.kind).toBe('other');
    expect(sendgridEvent({ event: 'dropped', email: 'ann@example.org', reason: 'Invalid SMTPAPI header', timestamp: 1760951700 }, NOW)?.kind).toBe('other');
  });

  it('makes no event of deliveries, opens, clicks and SendGrid’s deferrals', () => {
    expect(sesEvents({ notificationType: 'Delivery', mail: {}, delivery: {} }, NOW)).toEqual([]);
    expect(postmarkEvent({ RecordType: 'Delivery', Recipient: 'ann@example.org' }, NOW)).toBeNull();
    expect(mailgunEvent({ event: 'delivered', recipient: 'ann@example.org' }, NOW)).toBeNull();
    for (const event of ['processed', 'delivered', 'deferred', 'open', 'click']) expect(sendgridEvent({ event, email: 'ann@example.org' }, NOW), event).toBeNull();
  });

  it('maps SendGrid drops of suppressed addresses to the reason they were suppressed', () => {
    const kind = (reason: string) => sendgridEvent({ event: 'dropped', email: 'ann@example.org', reason, 'smtp-id': MID }, NOW)?.kind;
    expect([kind('Bounced Address'), kind('Spam Reporting Address'), kind('Unsubscribed Address')]).toEqual(['bounce-hard', 'complaint', 'unsubscribe']);
  });

  it('only trusts https SNS hosts', () => {
    expect(isSnsUrl('https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem')).toBe(true);
    expect(isSnsUrl('https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem')).toBe(true);
    for (const url of ['http://sns.us-east-1.amazonaws.com/x.pem', 'https://sns.us-east-1.amazonaws.com:8443/x.pem', 'https://user@sns.us-east-1.amazonaws.com/x.pem', 'https://sns.us-east-1.amazonaws.com.example/x.pem', 'https://s3.amazonaws.com/x.pem', 'not a url']) {
      expect(isSnsUrl(url), url).toBe(false);
    }
  });
});
