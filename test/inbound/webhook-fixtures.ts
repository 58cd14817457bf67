import { createHmac, createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Signed requests in the shapes the providers document, made with test
 * keys: an SNS signing certificate (self-signed, by openssl) and its key,
 * a Mailgun signing key, a SendGrid ECDSA P-256 key pair. Payloads follow
 * the providers' published samples (SES "Amazon SNS notification
 * examples", Postmark's bounce and spam-complaint webhooks, Mailgun's
 * "Webhook Payloads", SendGrid's "Event Webhook Reference"), with our own
 * addresses and Message-IDs.
 */

export const CERT_URL = 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem';
export const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:tidings-bounces';

export interface SnsKeys {
  readonly privateKey: string;
  readonly certificate: string;
}

/** A self-signed certificate for "sns.eu-west-1.amazonaws.com", made by openssl in a temporary folder. */
export async function snsKeys(): Promise<SnsKeys> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tidings-sns-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-subj', '/CN=sns.eu-west-1.amazonaws.com', '-days', '2'], { stdio: 'ignore' });
    return { privateKey: await readFile(path.join(dir, 'key.pem'), 'utf8'), certificate: await readFile(path.join(dir, 'cert.pem'), 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

type SnsFields = Record<string, string>;

/** An SNS message of `type`, signed as SNS signs (SignatureVersion 1: SHA1, 2: SHA256). */
export function snsMessage(keys: SnsKeys, type: 'Notification' | 'SubscriptionConfirmation', fields: SnsFields, version: '1' | '2' = '2'): SnsFields {
  const message: SnsFields = {
    Type: type,
    MessageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
    TopicArn: TOPIC,
    Timestamp: '2025-10-20T09:15:02.123Z',
    SignatureVersion: version,
    SigningCertURL: CERT_URL,
    ...fields,
  };
  const order = type === 'Notification' ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  const toSign = order.filter((k) => message[k] !== undefined).map((k) => `${k}\n${message[k]}\n`).join('');
  message.Signature = createSign(version === '1' ? 'RSA-SHA1' : 'RSA-SHA256').update(toSign, 'utf8').sign(keys.privateKey, 'base64');
  return message;
}

/** SES's bounce notification with a DSN (its documented example), for our message and recipient. */
export function sesBounce(messageId: string, recipient: string, bounceType: 'Permanent' | 'Transient' = 'Permanent'): string {
  return JSON.stringify({
    notificationType: 'Bounce',
    bounce: {
      bounceType,
      reportingMTA: 'dns; email.example.com',
      bouncedRecipients: [{ emailAddress: recipient, status: bounceType === 'Permanent' ? '5.1.1' : '4.2.2', action: 'failed', diagnosticCode: `smtp; 550 5.1.1 <${recipient}>... User` }],
      bounceSubType: 'General',
      timestamp: '2025-10-20T09:14:59.000Z',
      feedbackId: '00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa068a-000000',
      remoteMtaIp: '127.0.2.0',
    },
    mail: {
      timestamp: '2025-10-20T07:00:03.000Z',
      source: 'roundup@blog.example.org',
      sourceArn: 'arn:aws:ses:eu-west-1:123456789012:identity/blog.example.org',
      sourceIp: '127.0.3.0',
      sendingAccountId: '123456789012',
      messageId: '00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa0680-000000',
      destination: [recipient],
      headersTruncated: false,
      headers: [{ name: 'Message-ID', value: messageId }, { name: 'To', value: recipient }],
      commonHeaders: { from: ['Roundup <roundup@blog.example.org>'], to: [recipient], messageId, subject: 'The week in courts' },
    },
  });
}

/** SES's complaint notification (its documented example with a feedback report). */
export function sesComplaint(messageId: string, recipient: string): string {
  return JSON.stringify({
    notificationType: 'Complaint',
    complaint: {
      userAgent: 'AnyCompany Feedback Loop (V0.01)',
      complainedRecipients: [{ emailAddress: recipient }],
      complaintFeedbackType: 'abuse',
      arrivalDate: '2025-10-20T10:01:00.000Z',
      timestamp: '2025-10-20T10:01:17.000Z',
      feedbackId: '000001378603177f-18c07c78-fa81-4a58-9dd1-fedc3cb8f49a-000000',
    },
    mail: {
      timestamp: '2025-10-20T07:00:03.000Z',
      messageId: '000001378603177f-7a5433e7-8edb-42ae-af10-f0181f34d6ee-000000',
      source: 'roundup@blog.example.org',
      destination: [recipient],
      commonHeaders: { from: ['Roundup <roundup@blog.example.org>'], to: [recipient], messageId, subject: 'The week in courts' },
    },
  });
}

/** Postmark's bounce webhook body (its documented sample), for our recipient. */
export function postmarkBounce(recipient: string, type = 'HardBounce', typeCode = 1): string {
  return JSON.stringify({
    RecordType: 'Bounce',
    MessageStream: 'broadcast',
    ID: 4323372036,
    Type: type,
    TypeCode: typeCode,
    Name: 'Hard bounce',
    Tag: 'roundup',
    MessageID: '883953f4-6105-42a2-a16a-77a8eac79483',
    Metadata: {},
    ServerID: 23,
    Description: 'The server was unable to deliver your message (ex: unknown user, mailbox not found).',
    Details: 'smtp;550 5.1.1 The email account that you tried to reach does not exist.',
    Email: recipient,
    From: 'roundup@blog.example.org',
    BouncedAt: '2025-10-20T09:28:10.2735393-04:00',
    DumpAvailable: true,
    Inactive: true,
    CanActivate: true,
    Subject: 'The week in courts',
    Content: '<Full dump of bounce>',
  });
}

/** Postmark's spam-complaint webhook body (its documented sample). */
export function postmarkComplaint(recipient: string): string {
  return JSON.stringify({
    RecordType: 'SpamComplaint',
    MessageStream: 'broadcast',
    ID: 42,
    Type: 'SpamComplaint',
    TypeCode: 512,
    Name: 'Spam complaint',
    Tag: 'roundup',
    MessageID: '00000000-0000-0000-0000-000000000000',
    Metadata: {},
    ServerID: 1234,
    Description: 'The subscriber explicitly marked this message as spam.',
    Details: 'Test spam complaint details',
    Email: recipient,
    From: 'roundup@blog.example.org',
    BouncedAt: '2025-10-20T11:00:00Z',
    DumpAvailable: true,
    Inactive: true,
    CanActivate: false,
    Subject: 'The week in courts',
  });
}

export const MAILGUN_KEY = 'mailgun-test-signing-key-0123456789abcdef';

/** A Mailgun webhook body: `signature` (HMAC-SHA256 of timestamp + token) and `event-data` in its documented shape. */
export function mailgunBody(eventData: Record<string, unknown>, at: Date, key = MAILGUN_KEY, token = randomBytes(25).toString('hex')): string {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const signature = createHmac('sha256', key).update(timestamp + token).digest('hex');
  return JSON.stringify({ signature: { token, timestamp, signature }, 'event-data': eventData });
}

/** Mailgun's "failed" (permanent) event-data, for our message (its message-id header has no angle brackets). */
export function mailgunFailed(messageId: string, recipient: string, severity: 'permanent' | 'temporary' = 'permanent'): Record<string, unknown> {
  return {
    id: 'G9Bn5sl1TC6nu79C8C0bwg',
    timestamp: 1760951700.123,
    'log-level': 'error',
    event: 'failed',
    severity,
    reason: severity === 'permanent' ? 'bounce' : 'generic',
    envelope: { sender: 'roundup@blog.example.org', transport: 'smtp', targets: recipient },
    flags: { 'is-routed': false, 'is-authenticated': true, 'is-system-test': false, 'is-test-mode': false },
    'delivery-status': {
      'attempt-no': 1,
      message: severity === 'permanent' ? '5.1.1 The email account that you tried to reach does not exist.' : '4.2.2 The email account that you tried to reach is over quota.',
      code: severity === 'permanent' ? 550 : 452,
      description: '',
      'session-seconds': 0.4,
    },
    message: { headers: { to: recipient, 'message-id': messageId.replace(/^<|>$/g, ''), from: 'Roundup <roundup@blog.example.org>', subject: 'The week in courts' }, attachments: [], size: 111 },
    recipient,
    'recipient-domain': recipient.slice(recipient.indexOf('@') + 1),
  };
}

export interface SendgridKeys {
  readonly privateKey: KeyObject;
  /** As SendGrid shows it: base64 of the DER SubjectPublicKeyInfo. */
  readonly publicKey: string;
}

export function sendgridKeys(): SendgridKeys {
  const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { privateKey: pair.privateKey, publicKey: pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64') };
}

/** The two headers SendGrid's signed Event Webhook adds: ECDSA over timestamp + payload, base64 DER. */
export function sendgridHeaders(keys: SendgridKeys, body: string, timestamp = '1760951700'): Record<string, string> {
  const signature = createSign('SHA256').update(timestamp + body).sign(keys.privateKey, 'base64');
  return { 'content-type': 'application/json', 'X-Twilio-Email-Event-Webhook-Signature': signature, 'X-Twilio-Email-Event-Webhook-Timestamp': timestamp };
}

/** SendGrid's batch (its documented events): processed, deferred, bounce, spamreport, unsubscribe. */
export function sendgridEvents(messageId: string, bounced: string, complained: string, left: string): string {
  const common = { timestamp: 1760951700, 'smtp-id': messageId, category: 'roundup', sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0' };
  return JSON.stringify([
    { ...common, email: bounced, event: 'processed', sg_event_id: 'rbtnWrG1DVDGGGFHFyun0A' },
    { ...common, email: bounced, event: 'deferred', response: '400 try again later', attempt: '5', sg_event_id: 'qK1MxfAaE_ukyyNsjxTpkw' },
    { ...common, email: bounced, event: 'bounce', reason: '500 unknown recipient', status: '5.0.0', type: 'bounce', bounce_classification: 'Invalid Address', sg_event_id: '6g4ZI7SA-xmRDv57GoPIPw' },
    { ...common, email: complained, event: 'spamreport', sg_event_id: 'SQ2BUgnZSHOw9sRTyjJmKQ' },
    { ...common, email: left, event: 'unsubscribe', sg_event_id: 'NZ6tDtZ3TtStYQNe_wTEng' },
  ]);
}
