import { describe, expect, it } from 'vitest';
import { smtpError } from '../../src/mail/smtp/error.js';
import { failedStep } from '../../src/mail/transport/failure-step.js';

describe('the SMTP step a failure reached', () => {
  it("reads tidings' client's steps", () => {
    expect(failedStep(smtpError('ECONNECTION', 'connect', 'refused'))).toBe('connect');
    expect(failedStep(smtpError('EENVELOPE', 'MAIL FROM', 'no'))).toBe('mail');
    expect(failedStep(smtpError('EENVELOPE', 'RCPT TO', 'no'))).toBe('rcpt');
    expect(failedStep(smtpError('EENVELOPE', 'DATA', 'no'))).toBe('data');
    expect(failedStep(smtpError('ECONNECTION', 'message', 'closed', { inDoubt: true }))).toBe('content');
    expect(failedStep(smtpError('EAUTH', 'AUTH', 'no'))).toBe('auth');
  });

  it("reads nodemailer's commands, and says nothing when the error does not", () => {
    expect(failedStep(Object.assign(new Error('x'), { command: 'CONN' }))).toBe('connect');
    expect(failedStep(Object.assign(new Error('x'), { command: 'AUTH PLAIN' }))).toBe('auth');
    expect(failedStep(Object.assign(new Error('x'), { command: 'HELO' }))).toBe('ehlo');
    expect(failedStep(Object.assign(new Error('x'), { command: 'API' }))).toBeNull();
    expect(failedStep(new Error('disk full'))).toBeNull();
    expect(failedStep('a string')).toBeNull();
  });
});
