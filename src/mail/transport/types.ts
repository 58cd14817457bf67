import type { SendMailOptions } from 'nodemailer';

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

/**
 * A transport, shaped like nodemailer's own: a small object with a name, a
 * send that resolves once the message was taken (or rejects with an error
 * that classifySmtpError understands) and a close that waits for sends in
 * progress. A send after close is refused rather than left hanging.
 */
export interface MailTransport {
  readonly name: 'smtp' | 'outbox';
  /** One line for the user: where messages go. Never shows a password. */
  readonly description: string;
  send(message: OutgoingMessage): Promise<SendResult>;
  close(): Promise<void>;
  /**
   * For a stop that cannot wait (SIGTERM against a relay that hangs):
   * closes every connection at once, so that every send in progress
   * settles, in doubt if its content had gone (see classifySmtpError).
   * Transports that never hang (the outbox) have none.
   */
  abort?(): void;
}
