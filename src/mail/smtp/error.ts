import type { SmtpReply } from './reply.js';

/**
 * Where in the conversation a failure came: setup steps (before any message),
 * a message's envelope (MAIL FROM, RCPT TO, DATA: nothing of it was taken),
 * 'content' (the content was being written: its end had not left, so the
 * relay cannot have the message), or 'message': its content had been sent
 * in full and the relay's answer was awaited. Only the last can leave a
 * message in doubt.
 */
export type SmtpStep = 'connect' | 'greeting' | 'EHLO' | 'STARTTLS' | 'AUTH' | 'MAIL FROM' | 'RCPT TO' | 'DATA' | 'content' | 'message' | 'RSET' | 'QUIT';

/**
 * A failed SMTP exchange, shaped like nodemailer's errors (code, command,
 * responseCode, response) so that one classifier reads both, plus what only
 * this client knows: the step, and whether the relay may have the message.
 */
export interface SmtpError extends Error {
  /** ECONNECTION, ETIMEDOUT, ESOCKET, EPROTOCOL, ETLS, EAUTH, EENVELOPE, EMESSAGE. */
  code: string;
  command: SmtpStep;
  responseCode?: number;
  response?: string;
  /** For a refused recipient: that recipient's refusal (RCPT TO). */
  rejectedErrors?: SmtpError[];
  /** The message's content had gone in full when the connection failed: the relay may have it. */
  inDoubt?: boolean;
}

export function smtpError(code: string, command: SmtpStep, message: string, extra: { reply?: SmtpReply; inDoubt?: boolean; cause?: unknown } = {}): SmtpError {
  const error = new Error(message, extra.cause === undefined ? undefined : { cause: extra.cause }) as SmtpError;
  error.code = code;
  error.command = command;
  if (extra.reply !== undefined) {
    error.responseCode = extra.reply.code;
    error.response = extra.reply.text;
  }
  if (extra.inDoubt === true) error.inDoubt = true;
  return error;
}

/** The relay refused a step: an error carrying its reply. */
export function refused(command: SmtpStep, reply: SmtpReply, code = 'EENVELOPE'): SmtpError {
  return smtpError(code, command, `${command} refused: ${reply.text}`, { reply });
}
