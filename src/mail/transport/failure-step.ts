import type { DeliveryStep } from '../../store/send-log-store.js';

/** The step of the SMTP conversation an attempt reached (the delivery log's own list: store/send-log-store.ts). */
export type TransportStep = DeliveryStep;

/**
 * The SMTP step a failed attempt reached, from the `command` that tidings'
 * SMTP client (mail/smtp/error.ts) and nodemailer put on their errors; null
 * when the error does not say (an outbox failure, an unexpected error).
 * Pure.
 */
export function failedStep(error: unknown): TransportStep | null {
  const command = typeof error === 'object' && error !== null ? (error as { command?: unknown }).command : undefined;
  if (typeof command !== 'string') return null;
  const word = command.trim().toUpperCase();
  // 'message' is the client's step for the content itself (after DATA was accepted).
  if (word === 'MESSAGE') return 'content';
  for (const [prefix, step] of PREFIXES) if (word.startsWith(prefix)) return step;
  return null;
}

/** Commands as the two clients name them (nodemailer: 'CONN', 'AUTH PLAIN', 'HELO', ...), first match wins. */
const PREFIXES: readonly (readonly [string, TransportStep])[] = [
  ['CONN', 'connect'],
  ['GREETING', 'greeting'],
  ['EHLO', 'ehlo'],
  ['HELO', 'ehlo'],
  ['LHLO', 'ehlo'],
  ['STARTTLS', 'starttls'],
  ['AUTH', 'auth'],
  ['MAIL', 'mail'],
  ['RCPT', 'rcpt'],
  ['DATA', 'data'],
  ['RSET', 'rset'],
  ['QUIT', 'quit'],
];
