import { inspect } from 'node:util';
import type { SMTPServerOptions } from 'smtp-server';
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../src/mail/smtp/connection.js';
import type { SmtpError } from '../../src/mail/smtp/error.js';
import { dataPayload } from '../../src/mail/smtp/data.js';
import { classifySmtpError } from '../../src/mail/transport/classify.js';
import { commandChunks, deadPort, envelope, failure, message, open, pool, startScripted, startServer, timeouts, TLS, until } from './smtp-relays.js';

// ---- the tests ----------------------------------------------------------------------------------

describe('SmtpConnection: sending', () => {
  it('delivers a message byte for byte, lines starting with dots included, with MAIL FROM, RCPT TO and DATA in one write', async () => {
    const server = await startServer();
    const raw = Buffer.from(
      [
        'From: roundup@example.org',
        'To: ann@example.org, bob@example.org',
        'Subject: Dots',
        '',
        '.leading dot',
        '..two dots',
        '.',
        'a line. with. dots.',
        '. space after',
        '',
        '...',
        'end',
        '',
      ].join('\r\n'),
    );
    const connection = await open(server.url);
    expect(connection.has('PIPELINING')).toBe(true);

    const result = await connection.send(envelope('ann@example.org', 'bob@example.org'), dataPayload(raw));

    expect(result.accepted).toEqual(['ann@example.org', 'bob@example.org']);
    expect(result.rejected).toEqual([]);
    expect(result.response).toMatch(/^250 /);
    expect(server.messages).toHaveLength(1);
    expect(server.messages[0]?.raw.equals(raw)).toBe(true);
    expect(server.messages[0]).toMatchObject({ from: 'bounces@example.org', to: ['ann@example.org', 'bob@example.org'] });
    // The envelope went as one write, and the content only after the relay's 354.
    expect(commandChunks(server.wire[0] ?? [])[0]).toMatch(/^MAIL FROM:<bounces@example\.org>[^\r\n]*\r\nRCPT TO:<ann@example\.org>\r\nRCPT TO:<bob@example\.org>\r\nDATA\r\n$/);

    // Even the very first line may start with a dot.
    const dotFirst = Buffer.from('.first\r\n.\r\n..\r\n');
    await connection.send(envelope(), dataPayload(dotFirst));
    expect(server.messages[1]?.raw.equals(dotFirst)).toBe(true);
  });

  it('mends bare line breaks: a message with LF line endings arrives with CRLF', async () => {
    const server = await startServer();
    const connection = await open(server.url);
    await connection.send(envelope(), dataPayload(Buffer.from('Subject: LF\n\n.dot\nlast line without a break')));
    expect(server.messages[0]?.raw.toString('latin1')).toBe('Subject: LF\r\n\r\n.dot\r\nlast line without a break\r\n');
  });

  it('sends several messages over one connection, one after the other', async () => {
    const server = await startServer();
    const connection = await open(server.url);
    for (const subject of ['one', 'two', 'three']) await connection.send(envelope(), dataPayload(message(subject)));
    expect(server.messages.map((m) => m.raw.toString().match(/^Subject: (.*)$/m)?.[1])).toEqual(['one', 'two', 'three']);
    expect(server.opened()).toBe(1);
    expect(connection.usable).toBe(true);
  });

  it('sends commands one at a time to a relay without PIPELINING, and the messages still arrive', async () => {
    const server = await startServer({ hidePIPELINING: true });
    const connection = await open(server.url);
    expect(connection.has('PIPELINING')).toBe(false);
    await connection.send(envelope('ann@example.org', 'bob@example.org'), dataPayload(message('first')));
    await connection.send(envelope('cy@example.org'), dataPayload(message('second')));

    expect(server.messages.map((m) => m.to)).toEqual([['ann@example.org', 'bob@example.org'], ['cy@example.org']]);
    const commands = commandChunks(server.wire[0] ?? []);
    expect(commands.map((chunk) => chunk.split(/[:\r]/)[0])).toEqual(['MAIL FROM', 'RCPT TO', 'RCPT TO', 'DATA', 'MAIL FROM', 'RCPT TO', 'DATA']);
    // Each waited for the reply to the one before: never two commands in one chunk.
    for (const chunk of commands) expect(chunk.match(/\r\n/g)).toHaveLength(1);
  });

  it('sends international addresses with SMTPUTF8 when the relay offers it', async () => {
    const server = await startServer();
    const connection = await open(server.url);
    await connection.send({ from: 'bounces@example.org', to: ['jörg@bücher.example'] }, dataPayload(message('Grüße')));
    expect(server.messages.map((m) => m.to)).toEqual([['jörg@bücher.example']]);
  });
});

describe.each([
  ['with PIPELINING', false],
  ['without PIPELINING', true],
])('SmtpConnection: refused recipients (%s)', (_name, hidePIPELINING) => {
  const refusing = (...refused: string[]): SMTPServerOptions => ({
    hidePIPELINING,
    onRcptTo(address, _session, callback) {
      if (refused.includes(address.address)) return callback(Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), { responseCode: 550 }));
      return callback();
    },
  });

  it('sends to the recipients taken and names the one refused', async () => {
    const server = await startServer(refusing('nobody@example.org'));
    const connection = await open(server.url);
    const result = await connection.send(envelope('ann@example.org', 'nobody@example.org', 'bob@example.org'), dataPayload(message('Some')));

    expect(result.accepted).toEqual(['ann@example.org', 'bob@example.org']);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]).toMatchObject({ recipient: 'nobody@example.org', responseCode: 550, command: 'RCPT TO' });
    expect(server.messages.map((m) => m.to)).toEqual([['ann@example.org', 'bob@example.org']]);
  });

  it('fails with the refusal when every recipient is refused, and resets so that the next message goes', async () => {
    const server = await startServer(refusing('nobody@example.org', 'ghost@example.org'));
    const connection = await open(server.url);

    const error = await failure(connection.send(envelope('nobody@example.org', 'ghost@example.org'), dataPayload(message('None'))));
    expect(error).toMatchObject({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550 });
    expect(error.rejectedErrors?.map((e) => (e as SmtpError & { recipient?: string }).recipient)).toEqual(['nobody@example.org', 'ghost@example.org']);
    expect(classifySmtpError(error)).toMatchObject({ kind: 'unknown-mailbox', fatal: false, responseCode: 550, enhancedCode: '5.1.1' });
    expect(server.messages).toEqual([]);

    expect(connection.usable).toBe(true);
    await connection.send(envelope('ann@example.org'), dataPayload(message('Next')));
    expect(server.messages.map((m) => m.to)).toEqual([['ann@example.org']]);
    expect(server.opened()).toBe(1);
    expect(commandChunks(server.wire[0] ?? []).some((chunk) => chunk.startsWith('RSET\r\n'))).toBe(true);
  });
});

describe('SmtpConnection: a relay that says 354 though it took no recipient', () => {
  it('ends the DATA without the message, resets, and goes on', async () => {
    let refuse = true;
    const server = await startScripted({ answer: (line) => (refuse && line.startsWith('RCPT') ? '550 5.1.1 No such user' : undefined) });
    const connection = await open(server.url);

    const error = await failure(connection.send(envelope('nobody@example.org'), dataPayload(message('Secret-Subject-1'))));
    expect(error).toMatchObject({ code: 'EENVELOPE', responseCode: 550 });
    expect(server.received()).not.toContain('Secret-Subject-1');
    expect(server.lines.at(-1)).toBe('RSET');

    refuse = false;
    await connection.send(envelope('ann@example.org'), dataPayload(message('Secret-Subject-2')));
    expect(server.contents.at(-1)?.toString()).toContain('Subject: Secret-Subject-2');
  });
});

describe('SmtpConnection: TLS', () => {
  it('upgrades with STARTTLS and sends, accepting a self-signed certificate when told to', async () => {
    const server = await startServer({ ...TLS, disabledCommands: [] });
    const connection = await open(`${server.url}?tls.rejectUnauthorized=false`);
    expect(connection.has('STARTTLS')).toBe(false); // the EHLO after the upgrade no longer offers it
    await connection.send(envelope(), dataPayload(message('Secure')));
    expect(server.messages).toMatchObject([{ secure: true, to: ['ann@example.org'] }]);
    // Nothing of the message went in the clear.
    expect((server.wire[0] ?? []).join('')).not.toContain('MAIL FROM');
  });

  it('fails with ETLS, and closes the connection, when the relay says 220 to STARTTLS but speaks no TLS', async () => {
    const server = await startScripted({
      extensions: ['PIPELINING', 'STARTTLS'],
      answer: (line) => (line === 'STARTTLS' ? '220 2.0.0 Ready to start TLS' : undefined),
      fakeTls: '500 5.5.1 what is this?\r\n',
    });
    const error = await failure(open(server.url));
    expect(error).toMatchObject({ code: 'ETLS', command: 'STARTTLS' });
    expect(classifySmtpError(error).fatal).toBe(true);
    await until(() => server.open() === 0, 'the client to close the connection');
  });

  it('refuses a certificate it cannot check by default (ETLS, fatal), and sends nothing', async () => {
    const server = await startServer({ ...TLS, disabledCommands: [] });
    const error = await failure(open(server.url));
    expect(error).toMatchObject({ code: 'ETLS', command: 'STARTTLS' });
    expect(classifySmtpError(error).fatal).toBe(true);
    expect(server.messages).toEqual([]);
    await until(() => server.open() === 0, 'the server to see the connection closed');
  });

  it('stays in the clear with ignoreTLS=true, though STARTTLS is offered', async () => {
    const server = await startServer({ ...TLS, disabledCommands: [] });
    const connection = await open(`${server.url}?ignoreTLS=true`);
    expect(connection.has('STARTTLS')).toBe(true);
    await connection.send(envelope(), dataPayload(message('Clear')));
    expect(server.messages).toMatchObject([{ secure: false }]);
    expect((server.wire[0] ?? []).join('')).not.toMatch(/STARTTLS/i);
  });

  it('refuses to go on in the clear with requireTLS=true when the relay has no STARTTLS (ETLS, fatal)', async () => {
    const server = await startServer();
    const error = await failure(open(`${server.url}?requireTLS=true`));
    expect(error).toMatchObject({ code: 'ETLS', command: 'STARTTLS' });
    expect(classifySmtpError(error).fatal).toBe(true);
    expect((server.wire[0] ?? []).join('')).not.toContain('MAIL FROM');
  });

  it('speaks TLS from the first byte over smtps://', async () => {
    const server = await startServer({ ...TLS, secure: true });
    const connection = await open(`smtps://127.0.0.1:${server.port}?tls.rejectUnauthorized=false`);
    await connection.send(envelope(), dataPayload(message('Implicit')));
    expect(server.messages).toMatchObject([{ secure: true }]);
    expect((server.wire[0] ?? []).join('')).not.toContain('EHLO');
  });

  it('refuses an unchecked certificate over smtps:// too (ETLS, fatal)', async () => {
    const server = await startServer({ ...TLS, secure: true });
    const error = await failure(open(`smtps://127.0.0.1:${server.port}`));
    expect(error).toMatchObject({ code: 'ETLS', command: 'connect' });
    expect(classifySmtpError(error).fatal).toBe(true);
  });
});

describe('SmtpConnection: AUTH', () => {
  const PASSWORD = 'hunter2:Sekr3t@!';
  const checking = (methods: string[], seen: string[] = []): SMTPServerOptions => ({
    authMethods: methods,
    onAuth(auth, _session, callback) {
      seen.push(auth.method);
      if (auth.username === 'ann' && auth.password === PASSWORD) return callback(null, { user: 'ann' });
      return callback(new Error('5.7.8 Invalid username or password'));
    },
  });
  const withCredentials = (url: string, pass = PASSWORD) => url.replace('smtp://', `smtp://ann:${encodeURIComponent(pass)}@`);

  it('logs in after STARTTLS with the right credentials (PLAIN) and sends', async () => {
    const methods: string[] = [];
    const server = await startServer({ ...TLS, disabledCommands: [], ...checking(['PLAIN', 'LOGIN'], methods) });
    const connection = await open(`${withCredentials(server.url)}?tls.rejectUnauthorized=false`);
    await connection.send(envelope(), dataPayload(message('Logged in')));
    expect(methods).toEqual(['PLAIN']);
    expect(server.messages).toMatchObject([{ user: 'ann', secure: true }]);
  });

  it('fails wrong credentials with EAUTH (fatal), never showing the password', async () => {
    const server = await startServer(checking(['PLAIN', 'LOGIN']));
    const wrong = 'not-the-Passw0rd';
    const error = await failure(open(withCredentials(server.url, wrong)));
    expect(error).toMatchObject({ code: 'EAUTH', command: 'AUTH', responseCode: 535 });
    const verdict = classifySmtpError(error);
    expect(verdict.fatal).toBe(true);
    const shown = [error.message, error.response ?? '', inspect(error, { depth: 5 }), verdict.reason].join('\n');
    expect(shown).not.toContain(wrong);
    expect(shown).not.toContain(Buffer.from(`\0ann\0${wrong}`).toString('base64'));
    expect(shown).not.toContain(Buffer.from(wrong).toString('base64'));
  });

  it('logs in with LOGIN when that is all the relay offers', async () => {
    const methods: string[] = [];
    const server = await startServer(checking(['LOGIN'], methods));
    const connection = await open(withCredentials(server.url));
    await connection.send(envelope(), dataPayload(message('LOGIN')));
    expect(methods).toEqual(['LOGIN']);
    expect(server.messages).toMatchObject([{ user: 'ann' }]);
  });

  it('fails with EAUTH when given credentials and the relay offers no AUTH', async () => {
    const server = await startServer({ disabledCommands: ['STARTTLS', 'AUTH'] });
    const error = await failure(open(withCredentials(server.url)));
    expect(error).toMatchObject({ code: 'EAUTH', command: 'AUTH' });
    expect(classifySmtpError(error).fatal).toBe(true);
    expect(error.message).not.toContain(PASSWORD);
  });
});

describe('SmtpConnection: failures', () => {
  it('marks a message in doubt when the relay hangs up after taking all of it, before answering', async () => {
    const server = await startScripted({ afterData: () => 'drop' });
    const connection = await open(server.url);
    const error = await failure(connection.send(envelope(), dataPayload(message('Maybe'))));
    expect(error.inDoubt).toBe(true);
    expect(error.command).toBe('message');
    expect(['ECONNECTION', 'ESOCKET']).toContain(error.code);
    expect(classifySmtpError(error)).toMatchObject({ kind: 'in-doubt', fatal: false });
    // It really had the whole message.
    expect(server.contents.map((c) => c.toString())).toEqual([message('Maybe').toString()]);
    expect(connection.usable).toBe(false);
  });

  it('does not mark a message in doubt when the relay hangs up at RCPT TO', async () => {
    const server = await startScripted({ answer: (line) => (line.startsWith('RCPT') ? 'drop' : undefined) });
    const connection = await open(server.url);
    const error = await failure(connection.send(envelope(), dataPayload(message('Never'))));
    expect(error.inDoubt).not.toBe(true);
    expect(error.command).toBe('RCPT TO');
    expect(classifySmtpError(error)).toMatchObject({ kind: 'transient', fatal: false });
    expect(server.received()).not.toContain('Subject: Never');
  });

  it('times out, in doubt, when the relay never answers the message', async () => {
    const server = await startScripted({ afterData: () => 'silent' });
    const connection = await open(server.url, timeouts(1_000, { dataEnd: 300 }));
    const started = Date.now();
    const error = await failure(connection.send(envelope(), dataPayload(message('Silence'))));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toMatchObject({ code: 'ETIMEDOUT', command: 'message', inDoubt: true });
    expect(classifySmtpError(error).kind).toBe('in-doubt');
    expect(server.contents).toHaveLength(1);
  });

  it('times out at the greeting when the relay never greets, and lets go of the socket', async () => {
    const server = await startScripted({ greeting: 'silent' });
    const started = Date.now();
    const error = await failure(open(server.url, timeouts(5_000, { connection: 1_000, greeting: 300 })));
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toMatchObject({ code: 'ETIMEDOUT', command: 'greeting' });
    expect(error.inDoubt).not.toBe(true);
    expect(classifySmtpError(error)).toMatchObject({ kind: 'transient', fatal: false });
    await until(() => server.open() === 0, 'the server to see the connection closed');
  });

  it('fails a 421 at MAIL FROM as transient, with the reply', async () => {
    const server = await startScripted({
      answer: (line) => (line.startsWith('MAIL') ? '421 4.7.0 Too many messages, try later' : /^(RCPT|DATA)/.test(line) ? '503 5.5.1 Error: need MAIL command' : undefined),
    });
    const connection = await open(server.url);
    const error = await failure(connection.send(envelope(), dataPayload(message('Busy'))));
    expect(error).toMatchObject({ command: 'MAIL FROM', responseCode: 421 });
    expect(classifySmtpError(error)).toMatchObject({ kind: 'transient', fatal: false, responseCode: 421, enhancedCode: '4.7.0' });
    expect(server.received()).not.toContain('Subject: Busy');
  });

  it.each([
    ['554 5.7.1 Message rejected as spam', 'relay-refused', true],
    ['550 5.2.2 Mailbox full', 'permanent', false],
    ['451 4.3.0 Queue full, try again later', 'transient', false],
  ])('fails a message the relay refuses after taking its content (%s) as %s, not in doubt, and goes on', async (refusal, kind, fatal) => {
    let refuse = true;
    const server = await startScripted({ afterData: () => (refuse ? refusal : undefined) });
    const connection = await open(server.url);
    const error = await failure(connection.send(envelope(), dataPayload(message('Refused'))));
    expect(error).toMatchObject({ code: 'EMESSAGE', command: 'message', responseCode: Number(refusal.slice(0, 3)) });
    expect(error.inDoubt).not.toBe(true);
    expect(classifySmtpError(error)).toMatchObject({ kind, fatal });
    refuse = false;
    await connection.send(envelope(), dataPayload(message('Accepted')));
    expect(server.contents).toHaveLength(2);
  });

  it('fails at once, without hanging, a message given to a connection the relay has closed', async () => {
    const server = await startScripted({ afterData: () => 'drop' });
    const connection = await open(server.url);
    await failure(connection.send(envelope(), dataPayload(message('First'))));
    expect(connection.usable).toBe(false);
    const error = await failure(connection.send(envelope(), dataPayload(message('Second'))));
    expect(['ECONNECTION', 'ESOCKET']).toContain(error.code);
    expect(error.inDoubt).not.toBe(true);
    expect(server.received()).not.toContain('Subject: Second');
  });

  // With PIPELINING the RCPT TO and DATA still awaited fail when the relay answers MAIL FROM and hangs up
  // (as RFC 5321 §3.8 has it do after a 421): the reply that did arrive must win, or a refused sender
  // (5xx, fatal) would read as a transient hiccup.
  it('keeps the reply of a relay that refuses MAIL FROM with 421 and hangs up', async () => {
    const server = await startScripted({ answer: (line) => (line.startsWith('MAIL') ? 'drop-after:421 4.7.0 Too busy, closing connection' : undefined) });
    const connection = await open(server.url);
    const error = await failure(connection.send(envelope(), dataPayload(message('Busy'))));
    expect(error).toMatchObject({ command: 'MAIL FROM', responseCode: 421 });
    expect(classifySmtpError(error)).toMatchObject({ kind: 'transient', responseCode: 421, reason: '421 4.7.0 Too busy, closing connection' });
  });

  it('stops (fatal) on a relay that refuses the sender with 554 and hangs up', async () => {
    const server = await startScripted({ answer: (line) => (line.startsWith('MAIL') ? 'drop-after:554 5.7.1 Service refused: your address is listed' : undefined) });
    const connection = await open(server.url);
    const error = await failure(connection.send(envelope(), dataPayload(message('Listed'))));
    expect(classifySmtpError(error)).toMatchObject({ kind: 'relay-refused', fatal: true, responseCode: 554 });
  });

  it('fails 550 5.1.1 at RCPT TO as an unknown mailbox', async () => {
    const server = await startScripted({ answer: (line) => (line.startsWith('RCPT') ? '550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown' : /^DATA/.test(line) ? '554 5.5.1 Error: no valid recipients' : undefined) });
    const connection = await open(server.url);
    const error = await failure(connection.send(envelope('gone@example.org'), dataPayload(message('Gone'))));
    expect(classifySmtpError(error)).toMatchObject({ kind: 'unknown-mailbox', fatal: false, responseCode: 550, enhancedCode: '5.1.1' });
    expect(server.contents).toEqual([]);
  });

  it('fails a non-ASCII address as permanent, without sending anything, when the relay lacks SMTPUTF8', async () => {
    const server = await startServer({ hideSMTPUTF8: true });
    const connection = await open(server.url);
    expect(connection.has('SMTPUTF8')).toBe(false);
    const error = await failure(connection.send({ from: 'bounces@example.org', to: ['jörg@example.de'] }, dataPayload(message('Umlaut'))));
    expect(error.code).toBe('EENVELOPE');
    expect(classifySmtpError(error).kind).toBe('permanent');
    expect(commandChunks(server.wire[0] ?? [])).toEqual([]);
    expect(server.messages).toEqual([]);
    // The connection is fine for the next (ASCII) message.
    await connection.send(envelope(), dataPayload(message('Plain')));
    expect(server.messages).toHaveLength(1);
  });

  // A refusal naming MAIL FROM would read as "the relay refused our sender" (fatal): one subscriber with an
  // international address would stop every send.
  it('does not call a non-ASCII recipient the setup\'s fault (not fatal)', async () => {
    const server = await startServer({ hideSMTPUTF8: true });
    const connection = await open(server.url);
    const error = await failure(connection.send({ from: 'bounces@example.org', to: ['jörg@example.de'] }, dataPayload(message('Umlaut'))));
    expect(classifySmtpError(error)).toMatchObject({ kind: 'permanent', fatal: false });
  });

  it.each([
    ['a recipient with CRLF (command injection)', { from: 'bounces@example.org', to: ['ann@example.org>\r\nRCPT TO:<evil@example.org'] }],
    ['a recipient with a bare LF', { from: 'bounces@example.org', to: ['ann@example.org\nDATA'] }],
    ["a recipient with '>'", { from: 'bounces@example.org', to: ['ann>@example.org'] }],
    ['a sender with CRLF', { from: 'bounces@example.org>\r\nRSET', to: ['ann@example.org'] }],
  ])('refuses %s locally, with nothing written to the wire', async (_name, bad: Envelope) => {
    const server = await startScripted();
    const connection = await open(server.url);
    const before = server.received().length;
    const error = await failure(connection.send(bad, dataPayload(message('Injected'))));
    expect(error.code).toBe('EENVELOPE');
    expect(classifySmtpError(error).kind).not.toBe('transient');
    expect(server.received().length).toBe(before);
    // Nothing half-written: the next message goes normally.
    await connection.send(envelope(), dataPayload(message('Fine')));
    expect(server.lines.filter((line) => !line.startsWith('EHLO'))).toEqual(['MAIL FROM:<bounces@example.org>', 'RCPT TO:<ann@example.org>', 'DATA']);
  });
});

describe('SmtpPool', () => {
  it('shares at most maxConnections connections among 20 messages, and delivers them all', async () => {
    const server = await startServer();
    const sender = pool(server.url, { maxConnections: 3 });
    const recipients = Array.from({ length: 20 }, (_, i) => `r${i}@example.org`);
    const results = await Promise.all(recipients.map((to) => sender.send(envelope(to), dataPayload(message(`for ${to}`, to)))));
    expect(results.map((r) => r.accepted[0])).toEqual(recipients);
    expect(server.messages.map((m) => m.to[0]).sort()).toEqual([...recipients].sort());
    expect(server.mostAtOnce()).toBe(3);
    expect(server.opened()).toBe(3);
  });

  it('keeps to the rate limit: 10 messages at 5 a second take at least 1.8 s', async () => {
    const server = await startServer();
    const sender = pool(server.url, { maxConnections: 3, rateLimit: 5 });
    const arrivals: number[] = [];
    const started = Date.now();
    await Promise.all(Array.from({ length: 10 }, (_, i) => sender.send(envelope(), dataPayload(message(`m${i}`))).then(() => arrivals.push(Date.now()))));
    const took = Date.now() - started;
    expect(server.messages).toHaveLength(10);
    expect(took).toBeGreaterThanOrEqual(1_750);
    expect(took).toBeLessThan(4_000);
    // Spread evenly, not a burst then a pause: the sixth is a second after the first.
    arrivals.sort((a, b) => a - b);
    expect((arrivals[5] ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(900);
  });

  it('opens another connection after the relay drops an idle one, and later messages go', async () => {
    const server = await startServer();
    const sender = pool(server.url, { maxConnections: 1 });
    await sender.send(envelope(), dataPayload(message('before')));
    server.dropAll('421 4.4.2 Idle for too long, closing connection\r\n');
    await until(() => server.open() === 0, 'the server to close the connection');
    await new Promise((resolve) => setTimeout(resolve, 50));

    await sender.send(envelope(), dataPayload(message('after')));
    expect(server.messages).toHaveLength(2);
    expect(server.opened()).toBe(2);
  });

  it('never sends a message twice: one refused after its content fails, and only once reached the relay', async () => {
    let first = true;
    const server = await startScripted({
      afterData: () => {
        if (!first) return undefined;
        first = false;
        return '451 4.3.0 Temporary failure, try again later';
      },
    });
    const sender = pool(server.url, { maxConnections: 1 });
    const error = await failure(sender.send(envelope(), dataPayload(message('Once'))));
    expect(classifySmtpError(error).kind).toBe('transient');
    await sender.send(envelope(), dataPayload(message('Next')));
    expect(server.contents.map((c) => c.toString().match(/^Subject: (.*)$/m)?.[1])).toEqual(['Once', 'Next']);
  });

  it('never sends a message in doubt again: the relay got one copy, and the next message goes on a new connection', async () => {
    let first = true;
    const server = await startScripted({
      afterData: () => {
        if (!first) return undefined;
        first = false;
        return 'drop';
      },
    });
    const sender = pool(server.url, { maxConnections: 1 });
    const error = await failure(sender.send(envelope(), dataPayload(message('Doubtful'))));
    expect(classifySmtpError(error).kind).toBe('in-doubt');
    await sender.send(envelope(), dataPayload(message('Next')));
    expect(server.contents.map((c) => c.toString().match(/^Subject: (.*)$/m)?.[1])).toEqual(['Doubtful', 'Next']);
  });

  it('fails only the message whose connection broke, and sends the ones queued behind it', async () => {
    const server = await startScripted({ answer: (line) => (line === 'RCPT TO:<cut@example.org>' ? 'drop' : undefined) });
    const sender = pool(server.url, { maxConnections: 1 });
    const outcomes = await Promise.allSettled(['cut@example.org', 'ann@example.org', 'bob@example.org'].map((to) => sender.send(envelope(to), dataPayload(message(to)))));
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    const [cut] = outcomes;
    expect(cut?.status === 'rejected' && classifySmtpError(cut.reason).kind).toBe('transient');
    expect(server.contents).toHaveLength(2);
  });

  it('says QUIT on its idle connections when closed, then refuses messages', async () => {
    // The relay holds each message until both have come, so both connections are surely in use.
    const held: (() => void)[] = [];
    const server = await startServer({
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => {
          held.push(() => callback());
          if (held.length === 2) for (const release of held) release();
        });
      },
    });
    const sender = pool(server.url, { maxConnections: 2 });
    await Promise.all(['a', 'b'].map((s) => sender.send(envelope(), dataPayload(message(s)))));
    expect(server.opened()).toBe(2);
    await sender.close();
    for (const chunks of server.wire) expect(commandChunks(chunks).at(-1)).toBe('QUIT\r\n');
    await until(() => server.open() === 0, 'the connections to close');
    await expect(sender.send(envelope(), dataPayload(message('late')))).rejects.toThrow(/closed/);
  });

  it('fails each message with a transient ECONNECTION, rather than hanging, when the relay is down', async () => {
    const port = await deadPort();
    const sender = pool(`smtp://127.0.0.1:${port}`, { maxConnections: 2 });
    const started = Date.now();
    const outcomes = await Promise.allSettled(['a', 'b', 'c', 'd'].map((s) => sender.send(envelope(), dataPayload(message(s)))));
    expect(Date.now() - started).toBeLessThan(2_000);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      const error = (outcome as PromiseRejectedResult).reason as SmtpError;
      expect(error).toMatchObject({ code: 'ECONNECTION', command: 'connect' });
      expect(classifySmtpError(error)).toMatchObject({ kind: 'transient', fatal: false });
    }
  });
});
