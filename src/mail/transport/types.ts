import type { SendMailOptions } from 'nodemailer';
import type { SmtpErrorClass } from './classify.js';
import type { TransportStep } from './failure-step.js';

/**
 * What a transport takes: nodemailer's message options, or an already
 * built message as `{ raw, envelope }` (the sender renders once and sends
 * the same bytes it logged).
 */
export type OutgoingMessage = SendMailOptions & {
  /**
   * For `raw`: every line already ends in CRLF (tidings' MIME template
   * makes them so), so the SMTP transport need not check each one.
   */
  readonly rawIsCrlf?: boolean;
};

/** What a transport reports for a message it took. */
export interface SendResult {
  messageId: string;
  /** Recipients the relay (or the outbox) took. */
  accepted: string[];
  /** Recipients the relay refused while taking the message for others. */
  rejected: string[];
  /** The relay's last reply, or where the outbox wrote the message. */
  response: string;
}

/** What a failed send means, as the transport that failed judges it: the kind (classify.ts) and the step it reached. */
export interface TransportFailure extends SmtpErrorClass {
  /** The step of the conversation the attempt reached, when the error says it; null otherwise (an outbox failure). */
  readonly step: TransportStep | null;
}

/**
 * A transport: where messages go. A small object with a name, a send that
 * resolves once the message was taken (or rejects), a verify that checks
 * the way there without sending, the classification of its own failures,
 * and a close that waits for sends in progress. A send after close is
 * refused rather than left hanging. Each kind is one file beside this one
 * (smtp.ts: a relay; outbox.ts: .eml files; preview-inbox.ts: a running
 * preview's inbox); which one a command gets is chosen in one place, the
 * composition root (src/app/transport.ts).
 */
export interface MailTransport {
  /** The kind: 'smtp', 'outbox', 'preview-inbox' (a new kind adds its name). */
  readonly name: string;
  /** One line for the user: where messages go. Never shows a password. */
  readonly description: string;
  send(message: OutgoingMessage): Promise<SendResult>;
  /**
   * Checks that messages can go without sending one (a relay: connect,
   * greet, secure, log in, then QUIT; the outbox: its folder can be
   * written). Rejects with an error `classify` understands.
   */
  verify(): Promise<void>;
  /** What a failure of this transport's `send` or `verify` means for the delivery (pure). */
  classify(error: unknown): TransportFailure;
  close(): Promise<void>;
  /**
   * For a stop that cannot wait (SIGTERM against a relay that hangs):
   * closes every connection at once, so that every send in progress
   * settles, in doubt if its content had gone (see classifySmtpError).
   * Transports that never hang (the outbox) have none.
   */
  abort?(): void;
}
