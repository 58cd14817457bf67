import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app.js';
import type { CliIO } from '../../src/cli/io.js';
import { startSiteServer, type ServeReporter, type SiteServer } from '../../src/cli/serve.js';
import type { InboundEvent } from '../../src/inbound/event.js';
import type { Site } from '../helpers/site.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { scheduleConfig, scheduleSite, writePost } from '../schedule/site.js';
import {
  CERT_URL,
  MAILGUN_KEY,
  TOPIC,
  mailgunBody,
  mailgunFailed,
  postmarkBounce,
  postmarkComplaint,
  sendgridEvents,
  sendgridHeaders,
  sendgridKeys,
  sesBounce,
  sesComplaint,
  snsKeys,
  snsMessage,
  type SendgridKeys,
  type SnsKeys,
} from './webhook-fixtures.js';

/**
 * The relays' webhooks on the real site server (port 0), sent by a real
 * HTTP client, in each provider's documented shape and signed with test
 * keys: each becomes the bounce, complaint or unsubscribe event that names
 * the delivery (its Message-ID, its recipient); a request whose signature
 * (or certificate, or credentials, or path secret) is wrong is refused
 * with 401/403/404 and produces no event. Events are asserted through a
 * recording sink: the store's side is the apply step's (another branch).
 */

const HOOK_SECRET = 'hook-secret-0123456789abcdefghij';
const POSTMARK = { username: 'postmark', password: 'pm-password-0123456789' };

let site: Site;
let smtp: SmtpSink;
let app: App;
let server: SiteServer;
let sns: SnsKeys;
let sendgrid: SendgridKeys;
/** Message-ID of the roundup each subscriber got. */
const sent = new Map<string, string>();
const events: InboundEvent[] = [];
const fetched: string[] = [];
const warnings: string[] = [];

function hook(provider: string, secret = HOOK_SECRET): string {
  return new URL(`hooks/${provider}/${secret}`, server.url).href;
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: response.status, text: await response.text() };
}

beforeAll(async () => {
  [sns, sendgrid, smtp] = await Promise.all([snsKeys(), Promise.resolve(sendgridKeys()), startSmtpSink()]);
  site = await scheduleSite();
  const config = `${scheduleConfig()}smtp:\n  url: ${smtp.url}\ninbound:\n  webhooks:\n    ses:\n      topicArns: [${TOPIC}]\n    postmark:\n      username: ${POSTMARK.username}\n    mailgun: {}\n    sendgrid: {}\n`;
  await site.write('tidings.config.yaml', config);
  await writePost(site, 'the-judge-and-the-court', '2025-10-14T10:00:00+01:00', 'The judge told the court what the court would do.');
  expect((await site.run('import')).code).toBe(0);
  const readers = ['ann@example.org', 'bob@example.org', 'cy@example.org', 'di@example.org', 'ed@example.org'];
  for (const email of readers) expect((await site.run('subscribers', 'add', email)).code).toBe(0);
  const run = await site.run('send', '--issue', '2025-W42');
  expect(run.code, run.err).toBe(0);
  for (const message of await smtp.waitFor(readers.length)) sent.set(message.to[0] ?? '', message.parsed.messageId ?? '');

  const env = {
    TIDINGS_WEBHOOK_SECRET: HOOK_SECRET,
    TIDINGS_POSTMARK_WEBHOOK_PASSWORD: POSTMARK.password,
    TIDINGS_MAILGUN_SIGNING_KEY: MAILGUN_KEY,
    TIDINGS_SENDGRID_WEBHOOK_KEY: sendgrid.publicKey,
  };
  app = await openApp({ cwd: site.dir, env });
  await mkdir(path.join(site.dir, 'out'), { recursive: true });
  const io: CliIO = { cwd: site.dir, env, out: () => {}, err: () => {}, isTTY: false };
  const report: ServeReporter = { info: () => {}, warn: (_e, message) => void warnings.push(message), error: (_e, message) => void warnings.push(message) };
  server = await startSiteServer(app, io, { port: 0 }, report, {
    sink: async (taken) => void events.push(...taken),
    fetchText: async (url) => {
      fetched.push(url);
      if (url === CERT_URL) return sns.certificate;
      if (url.startsWith('https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription')) return '<ConfirmSubscriptionResponse/>';
      throw new Error(`unexpected fetch of ${url}`);
    },
  });
});
afterAll(async () => {
  await server?.close();
  await app?.close();
  await smtp?.close();
  await site?.cleanup();
});
beforeEach(() => {
  events.length = 0;
  fetched.length = 0;
});

describe('Amazon SES through SNS', () => {
  it('confirms the SNS subscription by fetching its SubscribeURL, once the confirmation verifies', async () => {
    const subscribe = 'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:eu-west-1:123456789012:tidings-bounces&Token=2336412f37';
    const message = snsMessage(sns, 'SubscriptionConfirmation', { Message: `You have chosen to subscribe to the topic ${TOPIC}.`, Token: '2336412f37', SubscribeURL: subscribe });
    const answer = await post(hook('ses'), JSON.stringify(message), { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'SubscriptionConfirmation' });
    expect(answer.status).toBe(200);
    expect(fetched).toEqual([CERT_URL, subscribe]);
    expect(events).toEqual([]);
  });

  it('turns a Permanent bounce (SignatureVersion 2) and a complaint (SignatureVersion 1) into events naming the message and recipient', async () => {
    const bounce = snsMessage(sns, 'Notification', { Message: sesBounce(sent.get('ann@example.org') ?? '', 'ann@example.org') }, '2');
    expect((await post(hook('ses'), JSON.stringify(bounce), { 'content-type': 'text/plain; charset=UTF-8' })).status).toBe(200);
    const complaint = snsMessage(sns, 'Notification', { Message: sesComplaint(sent.get('bob@example.org') ?? '', 'bob@example.org'), Subject: 'Amazon SES Email Event Notification' }, '1');
    expect((await post(hook('ses'), JSON.stringify(complaint))).status).toBe(200);
    expect(events).toMatchObject([
      { kind: 'bounce-hard', source: 'ses', recipient: 'ann@example.org', messageId: sent.get('ann@example.org'), status: '5.1.1', occurredAt: '2025-10-20T09:14:59.000Z' },
      { kind: 'complaint', source: 'ses', recipient: 'bob@example.org', messageId: sent.get('bob@example.org'), status: 'abuse' },
    ]);
    expect(events[0]?.excerpt).toContain('550 5.1.1');
    expect(sent.get('ann@example.org')).toMatch(/^<.+@.+>$/);
  });

  it('refuses a changed message, a certificate from elsewhere and a topic not configured, with 403 and no event', async () => {
    const good = snsMessage(sns, 'Notification', { Message: sesBounce(sent.get('cy@example.org') ?? '', 'cy@example.org') });
    const changed = { ...good, Message: sesBounce(sent.get('di@example.org') ?? '', 'di@example.org') };
    expect((await post(hook('ses'), JSON.stringify(changed))).status).toBe(403);
    for (const url of ['http://sns.eu-west-1.amazonaws.com/cert.pem', 'https://sns.eu-west-1.amazonaws.com.evil.example/cert.pem', 'https://evil.example/sns.eu-west-1.amazonaws.com.pem']) {
      expect((await post(hook('ses'), JSON.stringify(snsMessage(sns, 'Notification', { Message: '{}', SigningCertURL: url })))).status, url).toBe(403);
    }
    const otherTopic = snsMessage(sns, 'Notification', { Message: sesBounce(sent.get('cy@example.org') ?? '', 'cy@example.org'), TopicArn: 'arn:aws:sns:eu-west-1:123456789012:someone-else' });
    expect((await post(hook('ses'), JSON.stringify(otherTopic))).status).toBe(403);
    expect(fetched.every((url) => url === CERT_URL)).toBe(true);
    expect(events).toEqual([]);
    // The untouched message still goes through: the refusals above were about what changed.
    expect((await post(hook('ses'), JSON.stringify(good))).status).toBe(200);
    expect(events.map((e) => e.recipient)).toEqual(['cy@example.org']);
  });
});

describe('Postmark', () => {
  const auth = `Basic ${Buffer.from(`${POSTMARK.username}:${POSTMARK.password}`).toString('base64')}`;

  it('turns its bounce and spam-complaint webhooks into events, with basic auth', async () => {
    expect((await post(hook('postmark'), postmarkBounce('ann@example.org'), { authorization: auth })).status).toBe(200);
    expect((await post(hook('postmark'), postmarkBounce('cy@example.org', 'SoftBounce', 4096), { authorization: auth })).status).toBe(200);
    expect((await post(hook('postmark'), postmarkComplaint('bob@example.org'), { authorization: auth })).status).toBe(200);
    expect(events).toMatchObject([
      { kind: 'bounce-hard', source: 'postmark', recipient: 'ann@example.org', status: 'HardBounce', occurredAt: '2025-10-20T13:28:10.273Z' },
      { kind: 'bounce-soft', source: 'postmark', recipient: 'cy@example.org', status: 'SoftBounce' },
      { kind: 'complaint', source: 'postmark', recipient: 'bob@example.org' },
    ]);
  });

  it('refuses missing or wrong credentials with 401, and a wrong path secret with 404, without an event', async () => {
    const none = await fetch(hook('postmark'), { method: 'POST', body: postmarkBounce('ann@example.org') });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic/);
    const wrong = `Basic ${Buffer.from(`${POSTMARK.username}:guess`).toString('base64')}`;
    expect((await post(hook('postmark'), postmarkBounce('ann@example.org'), { authorization: wrong })).status).toBe(401);
    expect((await post(hook('postmark', 'hook-secret-0123456789abcdefghiX'), postmarkBounce('ann@example.org'), { authorization: auth })).status).toBe(404);
    expect((await post(hook('nosuchrelay'), '{}')).status).toBe(404);
    expect(events).toEqual([]);
  });
});

describe('Mailgun', () => {
  it('turns a signed permanent failure into a hard bounce naming the message, a temporary one into a soft bounce', async () => {
    const now = new Date();
    expect((await post(hook('mailgun'), mailgunBody(mailgunFailed(sent.get('di@example.org') ?? '', 'di@example.org'), now))).status).toBe(200);
    expect((await post(hook('mailgun'), mailgunBody(mailgunFailed(sent.get('ed@example.org') ?? '', 'ed@example.org', 'temporary'), now))).status).toBe(200);
    expect(events).toMatchObject([
      { kind: 'bounce-hard', source: 'mailgun', recipient: 'di@example.org', messageId: sent.get('di@example.org'), status: '5.1.1' },
      { kind: 'bounce-soft', source: 'mailgun', recipient: 'ed@example.org', messageId: sent.get('ed@example.org'), status: '4.2.2' },
    ]);
  });

  it('refuses a wrong signature, a stale timestamp and a replayed token, without an event', async () => {
    const now = new Date();
    const failed = mailgunFailed(sent.get('di@example.org') ?? '', 'di@example.org');
    expect((await post(hook('mailgun'), mailgunBody(failed, now, 'not-the-signing-key'))).status).toBe(403);
    expect((await post(hook('mailgun'), mailgunBody(failed, new Date(now.getTime() - 10 * 60_000)))).status).toBe(403);
    const once = mailgunBody(failed, now, MAILGUN_KEY, 'a-token-used-only-once-0123456789abcdef0123456789');
    expect((await post(hook('mailgun'), once)).status).toBe(200);
    expect((await post(hook('mailgun'), once)).status).toBe(406);
    expect(events).toHaveLength(1);
  });
});

describe('SendGrid', () => {
  it('turns a signed batch into a bounce, a complaint and an unsubscribe, and leaves processed and deferred alone', async () => {
    const body = sendgridEvents(sent.get('ann@example.org') ?? '', 'ann@example.org', 'bob@example.org', 'cy@example.org');
    expect((await post(hook('sendgrid'), body, sendgridHeaders(sendgrid, body))).status).toBe(200);
    expect(events).toMatchObject([
      { kind: 'bounce-hard', source: 'sendgrid', recipient: 'ann@example.org', messageId: sent.get('ann@example.org'), status: '5.0.0' },
      { kind: 'complaint', source: 'sendgrid', recipient: 'bob@example.org' },
      { kind: 'unsubscribe', source: 'sendgrid', recipient: 'cy@example.org' },
    ]);
  });

  it('refuses a body that is not what was signed, a signature by another key and a missing one, with 403 and no event', async () => {
    const body = sendgridEvents(sent.get('ann@example.org') ?? '', 'ann@example.org', 'bob@example.org', 'cy@example.org');
    const headers = sendgridHeaders(sendgrid, body);
    expect((await post(hook('sendgrid'), body.replace('bob@example.org', 'di@example.org'), headers)).status).toBe(403);
    expect((await post(hook('sendgrid'), body, sendgridHeaders(sendgridKeys(), body))).status).toBe(403);
    expect((await post(hook('sendgrid'), body, { ...headers, 'X-Twilio-Email-Event-Webhook-Timestamp': '1760951701' })).status).toBe(403);
    expect((await post(hook('sendgrid'), body)).status).toBe(403);
    expect(events).toEqual([]);
  });
});
