/**
 * What a failed send means for the delivery (RFC 5321 reply classes, RFC
 * 3463 enhanced status codes):
 * - transient: try again later (4xx, a dropped connection, a timeout);
 * - permanent: this message to this recipient will never go (5xx);
 * - unknown-mailbox: permanent, and the address itself does not exist
 *   (550 / 5.1.1 and kin): a hard bounce, the subscriber should be marked bounced;
 * - in-doubt: the connection broke after the whole message had gone and
 *   before the relay answered: it may have taken it. Sending it again
 *   risks a second copy, so that is the user's call (`--resend-unknown`).
 * `fatal` says the failure is the configuration's, not the message's (bad
 * credentials, TLS required): every other message would fail the same way,
 * so a sender should stop rather than burn through its list.
 * Pure: it reads the fields nodemailer and tidings' SMTP client put on their errors.
 */
export type SmtpErrorKind = 'transient' | 'permanent' | 'unknown-mailbox' | 'in-doubt';

export interface SmtpErrorClass {
  kind: SmtpErrorKind;
  fatal: boolean;
  /** The SMTP reply code, when the relay answered. */
  responseCode?: number;
  /** The enhanced status code (e.g. '5.1.1'), when the reply carried one. */
  enhancedCode?: string;
  /** One line for the delivery log: the relay's reply, or what went wrong. */
  reason: string;
}

/** Codes for failures to reach or keep talking to the relay: worth another try later. */
const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'EPROXY', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE']);
/** Codes that say the setup is wrong: no message will go until it is fixed. */
const FATAL_CODES = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2', 'ECONFIG', 'ETLS', 'EREQUIRETLS']);
/** Enhanced codes for an address that does not exist (bad mailbox, bad domain, bad syntax, moved, null MX). */
const NO_SUCH_ADDRESS = new Set(['5.1.1', '5.1.2', '5.1.3', '5.1.6', '5.1.10']);
const ENHANCED = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/;
const NO_SUCH_USER_TEXT = /\b(user unknown|unknown user|no such (user|mailbox|recipient)|mailbox (unavailable|not found|does not exist)|recipient (unknown|not found|rejected)|does not exist|invalid recipient)\b/i;

export function classifySmtpError(error: unknown): SmtpErrorClass {
  const err = asRecord(error);
  // A recipient refused at RCPT TO: the reply that matters is that recipient's.
  const rejected = Array.isArray(err.rejectedErrors) ? asRecord(err.rejectedErrors[0]) : undefined;
  const source = rejected !== undefined && typeof rejected.responseCode === 'number' ? rejected : err;
  const code = typeof err.code === 'string' ? err.code : undefined;
  const responseCode = typeof source.responseCode === 'number' ? source.responseCode : undefined;
  const response = typeof source.response === 'string' ? source.response : undefined;
  const message = typeof source.message === 'string' ? source.message : String(error);
  const reason = oneLine(response ?? message);
  const enhancedCode = response === undefined ? undefined : ENHANCED.exec(response)?.slice(1, 4).join('.');
  // The relay refusing our own sender address refuses every message.
  const senderRefused = typeof err.command === 'string' && err.command.toUpperCase().startsWith('MAIL FROM') && (responseCode ?? 0) >= 500;
  const fatal = (code !== undefined && FATAL_CODES.has(code)) || senderRefused;
  const details = { ...(responseCode === undefined ? {} : { responseCode }), ...(enhancedCode === undefined ? {} : { enhancedCode }) };

  // No answer to a message that had gone in full (tidings' SMTP client marks it).
  if (err.inDoubt === true && responseCode === undefined) return { kind: 'in-doubt', fatal: false, reason };
  if (responseCode !== undefined && responseCode >= 500 && responseCode !== 503 && (!fatal || senderRefused)) {
    const kind = !senderRefused && isNoSuchAddress(responseCode, enhancedCode, reason) ? 'unknown-mailbox' : 'permanent';
    return { kind, fatal, ...details, reason };
  }
  if (responseCode !== undefined && responseCode >= 400 && responseCode < 500) return { kind: 'transient', fatal, ...details, reason };
  if (code !== undefined && CONNECTION_CODES.has(code)) return { kind: 'transient', fatal: false, ...details, reason };
  // Anything else (no reply, an unexpected error): assume it may pass later, unless it is the setup's fault.
  return { kind: 'transient', fatal, ...details, reason };
}

function isNoSuchAddress(responseCode: number, enhancedCode: string | undefined, reason: string): boolean {
  if (enhancedCode !== undefined) return NO_SUCH_ADDRESS.has(enhancedCode);
  return (responseCode === 550 || responseCode === 551 || responseCode === 553) && NO_SUCH_USER_TEXT.test(reason);
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
