import type { SMTPServerOptions } from 'smtp-server';
import { describe, expect, it } from 'vitest';
import { dataPayload } from '../../src/mail/smtp/data.js';
import { classifySmtpError } from '../../src/mail/transport/classify.js';
import { envelope, failure, message, nonLoopback, open, pool, startScripted, startServer, timeouts, TLS, until } from './smtp-relays.js';

/**
 * What the client promises beyond sending: credentials only over TLS,
 * RFC 5321's timeouts per step, a stop that cannot hang, a cap on messages
 * per connection, an idle timeout, XOAUTH2, and replies checked and read
 * as UTF-8. A relay "not on this machine" is one reached at this machine's
 * own non-loopback address.
 */

const PASSWORD = 'hunter2:Sekr3t@!';
const B64_PASSWORD = Buffer.from(`\0ann\0${PASSWORD}`).toString('base64');
const withCredentials = (url: string, pass = PASSWORD) => url.replace(/^(smtps?):\/\//, `$1://ann:${encodeURIComponent(pass)}@`);
const checking = (methods: string[]): SMTPServerOptions => ({
  authMethods: methods,
  onAuth(auth, _session, callback) {
    if (auth.username === 'ann' && (auth.password === PASSWORD || auth.accessToken === 'ya29.good-token')) return callback(null, { user: 'ann' });
    // As Gmail answers a token it does not take: 334 and the reasons, then 535.
    if (auth.method === 'XOAUTH2') return callback(null, { data: { status: '401', schemes: 'bearer', scope: 'https://mail.google.com/' } });
    return callback(new Error('5.7.8 Invalid credentials'));
  },
});
const lan = nonLoopback();

describe.skipIf(lan === undefined)('SmtpConnection: credentials only over TLS (a relay not on this machine)', () => {
  const host = lan as string;

  it('refuses to log in to a relay that offers no STARTTLS: a fatal ETLS that says what to do, and the password never goes', async () => {
    const server = await startServer({ ...checking(['PLAIN', 'LOGIN']), disabledCommands: ['STARTTLS'], allowInsecureAuth: true }, host);
    const error = await failure(open(withCredentials(server.url)));
    expect(error).toMatchObject({ code: 'ETLS', command: 'STARTTLS' });
    expect(error.message).toMatch(/does not offer STARTTLS.*in the clear.*smtps:\/\/.*allowPlainAuth=true/);
    expect(classifySmtpError(error)).toMatchObject({ fatal: true });
    const wire = server.wire.flat().join('');
    expect(wire).not.toMatch(/AUTH/);
    expect(wire).not.toContain(B64_PASSWORD);
    expect(server.messages).toEqual([]);
  });

  it('refuses the same when someone in between strips STARTTLS from the relay\'s EHLO', async () => {
    // The relay would offer STARTTLS; what reaches tidings is an EHLO without it, AUTH still listed.
    const server = await startScripted({ host, extensions: ['PIPELINING', 'AUTH PLAIN LOGIN'] });
    const error = await failure(open(withCredentials(server.url)));
    expect(error).toMatchObject({ code: 'ETLS' });
    expect(classifySmtpError(error).fatal).toBe(true);
    expect(server.lines.some((line) => /^AUTH/i.test(line))).toBe(false);
    expect(server.received()).not.toContain(B64_PASSWORD);
  });

  it('refuses with ignoreTLS=true too, saying it is the URL that keeps TLS off', async () => {
    const server = await startServer({ ...TLS, ...checking(['PLAIN']), disabledCommands: [] }, host);
    const error = await failure(open(`${withCredentials(server.url)}?ignoreTLS=true`));
    expect(error).toMatchObject({ code: 'ETLS' });
    expect(error.message).toMatch(/ignoreTLS=true/);
    expect(server.wire.flat().join('')).not.toContain(B64_PASSWORD);
  });

  it('logs in after STARTTLS, where nothing of the password is in the clear', async () => {
    const server = await startServer({ ...TLS, ...checking(['PLAIN']), disabledCommands: [] }, host);
    const connection = await open(`${withCredentials(server.url)}?tls.rejectUnauthorized=false`);
    await connection.send(envelope(), dataPayload(message('Over TLS')));
    expect(server.messages).toMatchObject([{ user: 'ann', secure: true }]);
    expect((server.wire[0] ?? []).join('')).not.toMatch(/AUTH/);
  });

  it('logs in over smtps://', async () => {
    const server = await startServer({ ...TLS, ...checking(['PLAIN']), secure: true }, host);
    const connection = await open(`${withCredentials(`smtps://${host}:${server.port}`)}?tls.rejectUnauthorized=false`);
    await connection.send(envelope(), dataPayload(message('Implicit TLS')));
    expect(server.messages).toMatchObject([{ user: 'ann', secure: true }]);
  });

  it('logs in in the clear when the URL says ?allowPlainAuth=true', async () => {
    const server = await startServer({ ...checking(['PLAIN']), disabledCommands: ['STARTTLS'], allowInsecureAuth: true }, host);
    const connection = await open(`${withCredentials(server.url)}?allowPlainAuth=true`);
    await connection.send(envelope(), dataPayload(message('Plain, as asked')));
    expect(server.messages).toMatchObject([{ user: 'ann', secure: false }]);
  });
});

describe('SmtpConnection: credentials to a relay on this machine', () => {
  it('logs in without TLS to a relay on loopback (127.0.0.1 and localhost)', async () => {
    const server = await startServer({ ...checking(['PLAIN']), disabledCommands: ['STARTTLS'], allowInsecureAuth: true });
    await (await open(withCredentials(server.url))).send(envelope(), dataPayload(message('Loopback')));
    await (await open(withCredentials(`smtp://localhost:${server.port}`))).send(envelope(), dataPayload(message('localhost')));
    expect(server.messages).toMatchObject([{ user: 'ann' }, { user: 'ann' }]);
  });
});

describe('SmtpConnection: XOAUTH2', () => {
  it('logs in with the access token the URL gives as the password (?authMethod=XOAUTH2)', async () => {
    const server = await startServer(checking(['XOAUTH2']));
    const connection = await open(`${withCredentials(server.url, 'ya29.good-token')}?authMethod=XOAUTH2`);
    await connection.send(envelope(), dataPayload(message('OAuth')));
    expect(server.messages).toMatchObject([{ user: 'ann' }]);
  });

  it('fails an expired token with EAUTH (fatal), saying so, without the token', async () => {
    const server = await startServer(checking(['XOAUTH2']));
    const error = await failure(open(`${withCredentials(server.url, 'ya29.expired')}?authMethod=XOAUTH2`));
    expect(error).toMatchObject({ code: 'EAUTH', command: 'AUTH' });
    expect(error.message).toMatch(/XOAUTH2 refused: 535 .*"status":"401".*may have expired/);
    expect(error.message).not.toContain('ya29.expired');
    expect(classifySmtpError(error).fatal).toBe(true);
  });

  it('fails with EAUTH, sending nothing, when the relay does not offer the method the URL names', async () => {
    const server = await startServer(checking(['PLAIN']));
    const error = await failure(open(`${withCredentials(server.url, 'ya29.good-token')}?authMethod=XOAUTH2`));
    expect(error).toMatchObject({ code: 'EAUTH' });
    expect(error.message).toMatch(/offers only AUTH PLAIN.*XOAUTH2/);
  });
});

describe('SmtpConnection: timeouts per step (RFC 5321 §4.5.3.2)', () => {
  it('times out waiting for the reply to DATA as transient, not in doubt', async () => {
    const server = await startScripted({ answer: (line) => (line === 'DATA' ? 'silent' : undefined) });
    const connection = await open(server.url, timeouts(5_000, { dataStart: 200 }));
    const error = await failure(connection.send(envelope(), dataPayload(message('Never started'))));
    expect(error).toMatchObject({ code: 'ETIMEDOUT', command: 'DATA' });
    expect(error.inDoubt).not.toBe(true);
    expect(error.message).toMatch(/did not answer DATA within 0 s \(smtp\.timeouts\)/);
    expect(classifySmtpError(error)).toMatchObject({ kind: 'transient', fatal: false });
  });

  it('times out a relay that stops reading the content as transient (its end never left), not in doubt', async () => {
    const server = await startScripted({ stallAfterDataLine: true });
    const connection = await open(server.url, timeouts(5_000, { dataBlock: 300 }));
    const big = Buffer.from(`Subject: Big\r\n\r\n${'x'.repeat(998)}\r\n`.repeat(20_000)); // 20 MB: more than the socket buffers hold
    const error = await failure(connection.send(envelope(), dataPayload(big)));
    expect(error).toMatchObject({ code: 'ETIMEDOUT', command: 'content' });
    expect(error.inDoubt).not.toBe(true);
    expect(classifySmtpError(error).kind).toBe('transient');
  });

  it('waits for the end of the message by dataEnd, not by the command timeout', async () => {
    const server = await startScripted({ afterData: () => 'silent' });
    const connection = await open(server.url, timeouts(150, { dataEnd: 5_000 }));
    const sending = connection.send(envelope(), dataPayload(message('Slow relay')));
    const early = await Promise.race([sending.then(() => 'answered', () => 'failed'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 600))]);
    expect(early).toBe('still waiting');
    connection.destroy();
    expect(await failure(sending)).toMatchObject({ command: 'message', inDoubt: true });
  });
});

describe('SmtpPool: abort (a stop that cannot wait)', () => {
  it('settles every message at once: in doubt when its content had gone, transient when it had not', async () => {
    let rcpts = 0;
    // The first message is taken whole and never answered; the second hangs at its RCPT TO.
    const server = await startScripted({
      afterData: () => 'silent',
      answer: (line) => (line.startsWith('RCPT') && ++rcpts === 2 ? 'silent' : undefined),
      extensions: ['8BITMIME'],
    });
    const sending = pool(server.url, { maxConnections: 2, timeouts: timeouts(60_000) });
    const first = sending.send(envelope('ann@example.org'), dataPayload(message('Taken')));
    await until(() => server.contents.length === 1, 'the relay to hold the first message');
    const second = sending.send(envelope('bob@example.org'), dataPayload(message('Stuck')));
    await until(() => rcpts === 2, 'the relay to hang at the second RCPT TO');
    sending.abort();
    const [taken, stuck] = await Promise.all([failure(first), failure(second)]);
    expect(taken).toMatchObject({ command: 'message', inDoubt: true });
    expect(classifySmtpError(taken).kind).toBe('in-doubt');
    expect(stuck).toMatchObject({ command: 'RCPT TO' });
    expect(stuck.inDoubt).not.toBe(true);
    expect(classifySmtpError(stuck).kind).toBe('transient');
    await until(() => server.open() === 0, 'the connections to be closed');
  });
});

describe('SmtpPool: a cap on messages per connection, and an idle timeout', () => {
  it('says goodbye after maxMessages and carries on over a fresh connection, never more open than allowed', async () => {
    const server = await startServer();
    const sending = pool(server.url, { maxConnections: 1, maxMessages: 2 });
    for (let i = 0; i < 5; i++) await sending.send(envelope(), dataPayload(message(`Capped ${i}`)));
    expect(server.messages).toHaveLength(5);
    expect(server.opened()).toBe(3);
    expect(server.mostAtOnce()).toBe(1);
    expect(server.wire.filter((chunks) => chunks.join('').includes('QUIT'))).toHaveLength(2);
  });

  it('closes a connection idle for longer than `idle` (QUIT), and opens a new one for the next message', async () => {
    const server = await startServer();
    const sending = pool(server.url, { maxConnections: 1, timeouts: timeouts(2_000, { idle: 150 }) });
    await sending.send(envelope(), dataPayload(message('Before the pause')));
    await until(() => server.open() === 0, 'the idle connection to be closed');
    expect((server.wire[0] ?? []).join('')).toContain('QUIT');
    await sending.send(envelope(), dataPayload(message('After the pause')));
    expect(server.messages).toHaveLength(2);
    expect(server.opened()).toBe(2);
  });
});

describe('SmtpConnection: replies', () => {
  it('refuses a multi-line reply whose lines carry different codes, quoting it', async () => {
    const server = await startScripted({ answer: (line) => (line.startsWith('EHLO') ? '250-scripted.example.org\r\n550 PIPELINING' : undefined) });
    const error = await failure(open(server.url));
    expect(error).toMatchObject({ code: 'EPROTOCOL', command: 'EHLO' });
    expect(error.message).toMatch(/lines carry different codes \(250, then 550\).*scripted\.example\.org/);
  });

  it('refuses a line that is no reply, quoting it', async () => {
    const server = await startScripted({ answer: (line) => (line.startsWith('MAIL') ? 'hello there' : undefined) });
    const connection = await open(server.url);
    const error = await failure(connection.send(envelope(), dataPayload(message('Odd'))));
    expect(error).toMatchObject({ code: 'EPROTOCOL' });
    expect(error.message).toContain('"hello there"');
  });

  it('keeps a relay\'s UTF-8 reply text intact in the error', async () => {
    const server = await startScripted({ answer: (line) => (line.startsWith('RCPT') ? '550 5.1.1 Empfänger unbekannt: «ann»' : undefined) });
    const connection = await open(server.url);
    const error = await failure(connection.send(envelope(), dataPayload(message('Umlaut'))));
    expect(error.response).toBe('550 5.1.1 Empfänger unbekannt: «ann»');
    expect(classifySmtpError(error)).toMatchObject({ kind: 'unknown-mailbox', reason: '550 5.1.1 Empfänger unbekannt: «ann»' });
  });
});
