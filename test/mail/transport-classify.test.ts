import { describe, expect, it } from 'vitest';
import { classifySmtpError } from '../../src/mail/transport/classify.js';

/** Errors shaped the way nodemailer reports them. */
const smtpError = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.response ?? 'failed')), fields);

describe('classifySmtpError', () => {
  it.each([
    ['451 4.3.0 try later', 451, 'transient'],
    ['421 4.7.0 too many connections', 421, 'transient'],
    ['452 4.2.2 mailbox full', 452, 'transient'],
    ['503 5.5.1 bad sequence of commands', 503, 'transient'],
    ['550 5.1.1 <x@example.org>: user unknown', 550, 'unknown-mailbox'],
    ['550 5.1.10 null MX', 550, 'unknown-mailbox'],
    ['550 No such user here', 550, 'unknown-mailbox'],
    ['554 5.1.1 <x@example.org>: Recipient address rejected: User unknown', 554, 'unknown-mailbox'],
    ['550 5.7.17 mailbox owner has changed', 550, 'unknown-mailbox'],
    ['552 5.2.2 mailbox full', 552, 'permanent'],
    ['550 5.2.1 mailbox disabled', 550, 'permanent'],
    ['550 Message not delivered', 550, 'permanent'],
    ['554 5.7.1 <x@example.org>: Relay access denied', 554, 'relay-refused'],
    ['550 5.7.1 relaying denied', 550, 'relay-refused'],
    ['550 Relaying denied', 550, 'relay-refused'],
    ['530 5.7.0 Authentication required', 530, 'relay-refused'],
    ['530 Authentication required', 530, 'relay-refused'],
    ['550 5.7.23 SPF validation failed', 550, 'relay-refused'],
    ['550 5.7.26 unauthenticated mail is prohibited by DMARC', 550, 'relay-refused'],
    ['553 5.1.8 bad sender domain', 553, 'relay-refused'],
    ['554 5.7.1 message rejected as spam', 554, 'relay-refused'],
    ['552 5.3.4 message too big', 552, 'relay-refused'],
    ['554 Transaction failed', 554, 'relay-refused'],
    ['550 mailbox unavailable for policy reasons 5.7.1', 550, 'relay-refused'],
  ])('reads "%s" as %s', (response, responseCode, kind) => {
    const verdict = classifySmtpError(smtpError({ code: 'EENVELOPE', command: 'RCPT TO', response, responseCode }));
    expect(verdict.kind).toBe(kind);
    // What is about the sender or the relay stops the send; nothing about one recipient does.
    expect(verdict.fatal).toBe(kind === 'relay-refused');
  });

  it('reads any permanent refusal of our sender (MAIL FROM) as the relay refusing the setup', () => {
    for (const response of ['553 5.7.1 <roundup@example.org>: Sender address rejected: not owned by user', '550 5.1.1 sender unknown', '550 go away']) {
      expect(classifySmtpError(smtpError({ code: 'EENVELOPE', command: 'MAIL FROM', response, responseCode: Number(response.slice(0, 3)) }))).toMatchObject({
        kind: 'relay-refused',
        fatal: true,
        command: 'MAIL FROM',
        reason: response,
      });
    }
  });

  it('reads the refused recipient of a message refused at RCPT TO', () => {
    const error = smtpError({
      code: 'EENVELOPE',
      response: '550 5.1.1 No such user',
      rejectedErrors: [smtpError({ code: 'EENVELOPE', response: '550 5.1.1 No such user', responseCode: 550, recipient: 'x@example.org' })],
    });
    expect(classifySmtpError(error)).toMatchObject({ kind: 'unknown-mailbox', responseCode: 550, enhancedCode: '5.1.1', reason: '550 5.1.1 No such user' });
  });

  it.each(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS'])('reads a %s (no reply at all) as transient', (code) => {
    expect(classifySmtpError(smtpError({ code, response: undefined }))).toMatchObject({ kind: 'transient', fatal: false });
  });

  it('marks what no message can get past as fatal: credentials, TLS, our own sender refused', () => {
    expect(classifySmtpError(smtpError({ code: 'EAUTH', response: '535 5.7.8 bad credentials', responseCode: 535 }))).toMatchObject({ kind: 'transient', fatal: true });
    expect(classifySmtpError(smtpError({ code: 'ETLS' }))).toMatchObject({ fatal: true });
    expect(
      classifySmtpError(smtpError({ code: 'EENVELOPE', command: 'MAIL FROM', response: '553 5.7.1 sender not allowed', responseCode: 553 })),
    ).toMatchObject({ kind: 'relay-refused', fatal: true });
  });

  it('treats anything unexpected as worth another try, and keeps the reason to one line', () => {
    expect(classifySmtpError(new Error('something\nodd'))).toEqual({ kind: 'transient', fatal: false, reason: 'something odd' });
    expect(classifySmtpError('a string')).toMatchObject({ kind: 'transient', reason: 'a string' });
  });
});
