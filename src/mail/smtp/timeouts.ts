import type { SmtpStep } from './error.js';

/**
 * How long the client waits, in milliseconds. The defaults are RFC 5321
 * §4.5.3.2's: the relay's greeting 5 minutes, MAIL and RCPT 5 minutes,
 * DATA 2 minutes, each block of the content 3 minutes, and the reply to
 * the content's end 10 minutes (the relay may be checking the message
 * before it answers: leaving early is what makes duplicates).
 */
export interface SmtpTimeouts {
  /** To open the connection (TCP and, for smtps, TLS; the STARTTLS handshake too). */
  readonly connection: number;
  /** For the relay's 220 greeting. */
  readonly greeting: number;
  /** For the reply to EHLO, STARTTLS, AUTH, MAIL FROM, RCPT TO, RSET and QUIT. */
  readonly command: number;
  /** For the reply to DATA (354). */
  readonly dataStart: number;
  /** For the relay to take the next block of the content (no progress in writing it). */
  readonly dataBlock: number;
  /** For the reply to the content's end: the message is in doubt if it does not come. */
  readonly dataEnd: number;
  /** A connection with no message for this long is closed (QUIT). */
  readonly idle: number;
}

export const RFC_5321_TIMEOUTS: SmtpTimeouts = {
  connection: 30_000,
  greeting: 300_000,
  command: 300_000,
  dataStart: 120_000,
  dataBlock: 180_000,
  dataEnd: 600_000,
  idle: 60_000,
};

/** How long to wait for the reply awaited at `step` (none awaited: the idle timeout). */
export function timeoutFor(step: SmtpStep | undefined, timeouts: SmtpTimeouts): number {
  switch (step) {
    case undefined:
      return timeouts.idle;
    case 'connect':
      return timeouts.connection;
    case 'greeting':
      return timeouts.greeting;
    case 'DATA':
      return timeouts.dataStart;
    case 'content':
      return timeouts.dataBlock;
    case 'message':
      return timeouts.dataEnd;
    default:
      return timeouts.command;
  }
}
