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
    ['554 5.7.1 message rejected as spam', 554, 'permanent'],
    ['552 5.3.4 message too big', 552, 'permanent'],
    ['550 5.1.1 <x@example.org>: user unknown', 550, 'unknown-mailbox'],
    ['550 5.1.10 null MX', 550, 'unknown-mailbox'],
    ['550 No such user here', 550, 'unknown-mailbox'],
    ['550 5.7.1 relaying denied', 550, 'permanent'],
    ['550 mailbox unavailable for policy reasons 5.7.1', 550, 'permanent'],
  ])('reads "%s" as %s', (response, responseCode, kind) => {
    expect(classifySmtpError(smtpError({ code: 'EENVELOPE', response, responseCode })).kind).toBe(kind);
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
    ).toMatchObject({ kind: 'permanent', fatal: true });
  });

  it('treats anything unexpected as worth another try, and keeps the reason to one line', () => {
    expect(classifySmtpError(new Error('something\nodd'))).toEqual({ kind: 'transient', fatal: false, reason: 'something odd' });
    expect(classifySmtpError('a string')).toMatchObject({ kind: 'transient', reason: 'a string' });
  });
});
