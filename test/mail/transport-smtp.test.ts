import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classifySmtpError } from '../../src/mail/transport/classify.js';
import { createSmtpTransport, describeUrl } from '../../src/mail/transport/smtp.js';
import type { MailTransport } from '../../src/mail/transport/types.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

const message = (to: string, subject = 'Hello') => ({
  from: 'Roundup <roundup@example.org>',
  to,
  subject,
  text: `Hello ${to}`,
});

describe('SMTP transport', () => {
  let sink: SmtpSink;
  let transport: MailTransport;
  beforeEach(async () => {
    sink = await startSmtpSink();
  });
  afterEach(async () => {
    await transport.close();
    await sink.close();
  });

  const open = (options: { maxConnections?: number; rateLimit?: number } = {}) => {
    transport = createSmtpTransport({
      url: sink.url,
      maxConnections: options.maxConnections ?? 2,
      rateLimit: options.rateLimit ?? 0,
      timeouts: { connection: 2_000, greeting: 2_000, socket: 5_000 },
    });
    return transport;
  };

  it('delivers a message to the relay and reports what it accepted', async () => {
    const result = await open().send(message('ann@example.org', 'Confirm your subscription'));
    expect(result.accepted).toEqual(['ann@example.org']);
    expect(result.rejected).toEqual([]);
    expect(result.response).toMatch(/^250/);
    const [got] = await sink.waitFor(1);
    expect(got?.to).toEqual(['ann@example.org']);
    expect(got?.parsed.subject).toBe('Confirm your subscription');
    expect(got?.parsed.messageId).toBe(result.messageId);
  });

  it('sends a message already built, as its bytes and envelope', async () => {
    const raw = 'From: roundup@example.org\r\nTo: ann@example.org\r\nSubject: Built once\r\nMessage-ID: <built-1@example.org>\r\n\r\nBody\r\n';
    const result = await open().send({ raw, envelope: { from: 'bounces@example.org', to: ['ann@example.org'] } });
    const [got] = await sink.waitFor(1);
    expect(got?.from).toBe('bounces@example.org');
    expect(got?.parsed.subject).toBe('Built once');
    expect(result.accepted).toEqual(['ann@example.org']);
    expect(result.messageId).toBe('<built-1@example.org>');
  });

  it('shares a small pool of connections among many messages', async () => {
    const send = open({ maxConnections: 2 });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => send.send(message(`r${i}@example.org`))));
    expect(results).toHaveLength(12);
    expect(sink.messages).toHaveLength(12);
    expect(sink.connections().mostAtOnce).toBeLessThanOrEqual(2);
    expect(sink.connections().opened).toBeLessThanOrEqual(2);
  });

  it('keeps to the rate limit: 9 messages at 3 a second take at least 2.5 seconds', async () => {
    const send = open({ maxConnections: 3, rateLimit: 3 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 9 }, (_, i) => send.send(message(`r${i}@example.org`))));
    // Starts are spaced a third of a second apart: the ninth cannot start before 8/3 s.
    // (Asserted a little under, for timer slack.)
    expect(sink.messages).toHaveLength(9);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_500);
  });

  it('fails a temporarily refused recipient as transient (451)', async () => {
    sink.behave('later@example.org', 'tempfail');
    const error = await open().send(message('later@example.org')).catch((e: unknown) => e);
    expect(classifySmtpError(error)).toMatchObject({ kind: 'transient', fatal: false, responseCode: 451, enhancedCode: '4.3.0' });
  });

  it('fails an unknown mailbox as such (550 5.1.1)', async () => {
    sink.behave('nobody@example.org', 'reject');
    const error = await open().send(message('nobody@example.org')).catch((e: unknown) => e);
    const verdict = classifySmtpError(error);
    expect(verdict).toMatchObject({ kind: 'unknown-mailbox', fatal: false, responseCode: 550, enhancedCode: '5.1.1' });
    expect(verdict.reason).toContain('User unknown');
  });

  it('fails a connection dropped after the message went as in doubt, without sending it again behind our back', async () => {
    sink.behave('flaky@example.org', 'drop-after-data');
    const error = await open().send(message('flaky@example.org')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(classifySmtpError(error)).toMatchObject({ kind: 'in-doubt', fatal: false });
    // The relay did get it once; a silent retry would have made it twice.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sink.messages.map((m) => m.to)).toEqual([['flaky@example.org']]);
  });

  it('fails a connection cut before the message as transient, and goes on with the next message', async () => {
    sink.behave('cut@example.org', 'drop');
    const send = open({ maxConnections: 1 });
    const error = await send.send(message('cut@example.org')).catch((e: unknown) => e);
    expect(classifySmtpError(error).kind).toBe('transient');
    await send.send(message('fine@example.org'));
    expect(sink.messages.map((m) => m.to)).toEqual([['fine@example.org']]);
  });

  it('reports a relay that is not there as transient', async () => {
    const port = sink.port;
    await sink.close();
    transport = createSmtpTransport({ url: `smtp://127.0.0.1:${port}`, maxConnections: 1, rateLimit: 0, timeouts: { connection: 1_000 } });
    const error = await transport.send(message('ann@example.org')).catch((e: unknown) => e);
    expect(classifySmtpError(error)).toMatchObject({ kind: 'transient' });
    sink = await startSmtpSink();
  });

  it('DKIM-signs messages when given a key', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    transport = createSmtpTransport({
      url: sink.url,
      maxConnections: 1,
      rateLimit: 0,
      dkim: { domainName: 'example.org', keySelector: 'tidings', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
    });
    await transport.send(message('ann@example.org'));
    const [got] = await sink.waitFor(1);
    const unfolded = got?.raw.toString().replace(/\r?\n[ \t]+/g, ' ');
    expect(unfolded).toMatch(/^DKIM-Signature: .*\bd=example\.org; .*\bs=tidings;/m);
  });

  it('waits for sends in progress on close, and refuses to send after it', async () => {
    const send = open();
    const pending = send.send(message('ann@example.org'));
    await send.close();
    await expect(pending).resolves.toMatchObject({ accepted: ['ann@example.org'] });
    await expect(send.send(message('bob@example.org'))).rejects.toThrow(/closed/);
  });

  it('describes the relay without its password', () => {
    transport = createSmtpTransport({ url: 'smtp://user:s3cret@mail.example.org:2525', maxConnections: 5, rateLimit: 10 });
    expect(transport.description).toBe('SMTP smtp://mail.example.org:2525 (up to 5 connection(s), 10 message(s)/s)');
    expect(transport.description).not.toContain('s3cret');
    expect(describeUrl('smtps://u:p@mail.example.org')).toBe('smtps://mail.example.org:465');
    expect(() => describeUrl('http://mail.example.org')).toThrow(/smtp:\/\//);
  });
});

describe('SMTP transport settings', () => {
  it('refuses a pool size or rate limit that cannot work, and settings the URL cannot carry', () => {
    const url = 'smtp://mail.example.org:2525';
    expect(() => createSmtpTransport({ url, maxConnections: 0, rateLimit: 0 })).toThrow(/maxConnections must be 1 or more/);
    expect(() => createSmtpTransport({ url, maxConnections: 1, rateLimit: -1 })).toThrow(/rateLimit must be 0 or more/);
    expect(() => createSmtpTransport({ url: `${url}?secure=true`, maxConnections: 1, rateLimit: 0 })).toThrow(/unknown setting \?secure=; allowed: requireTLS/);
    expect(() => createSmtpTransport({ url: `${url}?requireTLS=yes`, maxConnections: 1, rateLimit: 0 })).toThrow(/takes true or false/);
    expect(() => createSmtpTransport({ url: `${url}?allowPlainAuth=yes`, maxConnections: 1, rateLimit: 0 })).toThrow(/\?allowPlainAuth= takes true or false/);
    expect(() => createSmtpTransport({ url: `${url}?authMethod=CRAM-MD5`, maxConnections: 1, rateLimit: 0 })).toThrow(/\?authMethod= takes PLAIN, LOGIN, XOAUTH2, not "CRAM-MD5"/);
    expect(() => createSmtpTransport({ url: 'smtp://mail.example.org?authMethod=XOAUTH2', maxConnections: 1, rateLimit: 0 })).toThrow(/needs a user name/);
    expect(() => createSmtpTransport({ url: `${url}?requireTLS=true&ignoreTLS=true`, maxConnections: 1, rateLimit: 0 })).toThrow(/contradict each other/);
    expect(() => createSmtpTransport({ url, maxConnections: 1, rateLimit: 0, maxMessages: -1 })).toThrow(/maxMessages must be 0 \(no cap\) or more/);
    expect(() => createSmtpTransport({ url, maxConnections: 1, rateLimit: 0, timeouts: { dataEnd: 0 } })).toThrow(/timeouts\.dataEnd must be more than 0 ms/);
  });
});

describe("SMTP transport over nodemailer's SMTPConnection (the bench's wire)", () => {
  let sink: SmtpSink;
  let transport: MailTransport;
  beforeEach(async () => {
    sink = await startSmtpSink();
    transport = createSmtpTransport({ url: sink.url, maxConnections: 2, rateLimit: 0, timeouts: { connection: 2_000, greeting: 2_000, socket: 5_000 }, wire: 'nodemailer' });
  });
  afterEach(async () => {
    await transport.close();
    await sink.close();
  });

  it('delivers through the same pool, a refusal and a message in doubt told as with the own client', async () => {
    sink.behave('gone@example.org', 'reject');
    sink.behave('flaky@example.org', 'drop-after-data');
    const raw = (to: string) => ({ raw: `From: roundup@example.org\r\nTo: ${to}\r\nSubject: Wire\r\n\r\n.Dotted line\r\n`, envelope: { from: 'bounces@example.org', to: [to] } });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => transport.send(raw(`r${i}@example.org`))));
    expect(results.map((r) => r.accepted)).toEqual(Array.from({ length: 6 }, (_, i) => [`r${i}@example.org`]));
    expect(classifySmtpError(await transport.send(raw('gone@example.org')).catch((e: unknown) => e))).toMatchObject({ kind: 'unknown-mailbox' });
    expect(classifySmtpError(await transport.send(raw('flaky@example.org')).catch((e: unknown) => e))).toMatchObject({ kind: 'in-doubt' });
    expect(sink.messages.filter((m) => m.to[0]?.startsWith('r'))).toHaveLength(6);
    expect(sink.messages[0]?.raw.toString()).toContain('\r\n.Dotted line\r\n');
  });
});
