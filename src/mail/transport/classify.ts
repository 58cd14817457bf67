import { failedStep } from './failure-step.js';
import type { TransportFailure } from './types.js';

/**
 * What a failed send means for the delivery (RFC 5321 reply classes, RFC
 * 3463 enhanced status codes). The question that matters for a permanent
 * refusal is whom it is about:
 * - transient: try again later (4xx, a dropped connection, a timeout);
 * - unknown-mailbox: permanent, about this recipient: the address does not
 *   exist (5.1.x address codes, 5.7.17/18, 550 "user unknown" and kin): a
 *   hard bounce, the subscriber may be marked bounced;
 * - permanent: this message to this recipient will not go (5.2.x mailbox
 *   full or disabled, 5.4.x routing, a 5xx that says nothing more), but
 *   nothing says the address is gone: failed, not bounced;
 * - relay-refused: permanent, and about the sender or the relay, not the
 *   recipient: relaying or authentication refused (5.7.x, 530, "relay access
 *   denied"), the relay's own system or config (5.3.x), a policy rejection
 *   (554 without an address code), our sender address refused (any 5xx to
 *   MAIL FROM, 5.1.7/5.1.8, SPF/DMARC). Every other message would be
 *   refused the same way, so the send must stop with nobody failed;
 * - in-doubt: the connection broke after the whole message had gone and
 *   before the relay answered: it may have taken it. Sending it again
 *   risks a second copy, so that is the user's call.
 * `fatal` says the failure is the configuration's, not the message's (bad
 * credentials, TLS required, relay-refused): a sender should stop rather
 * than burn through its list.
 * Pure: it reads the fields nodemailer and tidings' SMTP client put on their errors.
 */
export type SmtpErrorKind = 'transient' | 'permanent' | 'unknown-mailbox' | 'relay-refused' | 'in-doubt';

export interface SmtpErrorClass {
  kind: SmtpErrorKind;
  fatal: boolean;
  /** The SMTP reply code, when the relay answered. */
  responseCode?: number;
  /** The enhanced status code (e.g. '5.1.1'), when the reply carried one. */
  enhancedCode?: string;
  /** The command the relay refused ('MAIL FROM', 'RCPT TO', 'message'…), when known. */
  command?: string;
  /** One line for the delivery log: the relay's reply, or what went wrong. */
  reason: string;
}

/** Codes that say the setup is wrong: no message will go until it is fixed. */
const FATAL_CODES = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2', 'ECONFIG', 'ETLS', 'EREQUIRETLS']);
/** Enhanced codes for an address that does not exist (bad mailbox, bad domain, bad syntax, moved, null MX; the mailbox's or domain's owner has changed). */
const NO_SUCH_ADDRESS = new Set(['5.1.1', '5.1.2', '5.1.3', '5.1.6', '5.1.10', '5.7.17', '5.7.18']);
/** Enhanced codes about our own sender address (bad sender mailbox syntax, bad sender system address). */
const SENDER_ADDRESS = new Set(['5.1.7', '5.1.8']);
const ENHANCED = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/;
const NO_SUCH_USER_TEXT = /\b(user unknown|unknown user|no such (user|mailbox|recipient)|mailbox (unavailable|not found|does not exist)|recipient (unknown|not found|rejected)|does not exist|invalid recipient)\b/i;
/** Refusals about the relay's rules or our sender, in the words relays use when they give no enhanced code. */
const SETUP_TEXT =
  /\b(relay(ing)? (access )?(denied|not permitted|not allowed|prohibited)|not permitted to relay|relaying (is )?(not allowed|not permitted|denied)|authentication (is )?required|sender (address )?(rejected|refused|denied|not allowed)|spf|dmarc)\b/i;

export function classifySmtpError(error: unknown): SmtpErrorClass {
  const err = asRecord(error);
  // A recipient refused at RCPT TO: the reply that matters is that recipient's.
  const rejected = Array.isArray(err.rejectedErrors) ? asRecord(err.rejectedErrors[0]) : undefined;
  const source = rejected !== undefined && typeof rejected.responseCode === 'number' ? rejected : err;
  const code = typeof err.code === 'string' ? err.code : undefined;
  const command = typeof err.command === 'string' ? err.command.toUpperCase() : undefined;
  const responseCode = typeof source.responseCode === 'number' ? source.responseCode : undefined;
  const response = typeof source.response === 'string' ? source.response : undefined;
  const message = typeof source.message === 'string' ? source.message : String(error);
  const reason = oneLine(response ?? message);
  const enhancedCode = response === undefined ? undefined : ENHANCED.exec(response)?.slice(1, 4).join('.');
  const details = {
    ...(responseCode === undefined ? {} : { responseCode }),
    ...(enhancedCode === undefined ? {} : { enhancedCode }),
    ...(command === undefined ? {} : { command }),
  };

  // No answer to a message that had gone in full (tidings' SMTP client marks it).
  if (err.inDoubt === true && responseCode === undefined) return { kind: 'in-doubt', fatal: false, reason };
  if (code !== undefined && FATAL_CODES.has(code)) return { kind: 'transient', fatal: true, ...details, reason };
  if (responseCode !== undefined && responseCode >= 500 && responseCode !== 503) {
    const kind = permanentKind(responseCode, enhancedCode, reason, command);
    return { kind, fatal: kind === 'relay-refused', ...details, reason };
  }
  if (responseCode !== undefined && responseCode >= 400 && responseCode < 500) return { kind: 'transient', fatal: false, ...details, reason };
  // Anything else (no reply: a connection lost or refused, a timeout; an unexpected error): assume it may pass later.
  return { kind: 'transient', fatal: false, ...details, reason };
}

/** Whom a permanent refusal is about: this recipient (unknown-mailbox, permanent) or the sender and the relay (relay-refused). */
function permanentKind(responseCode: number, enhancedCode: string | undefined, reason: string, command: string | undefined): SmtpErrorKind {
  // Our own sender refused refuses every message, whatever the words.
  if (command?.startsWith('MAIL FROM') === true || responseCode === 530) return 'relay-refused';
  if (enhancedCode !== undefined) {
    if (NO_SUCH_ADDRESS.has(enhancedCode)) return 'unknown-mailbox';
    const [, subject] = enhancedCode.split('.');
    if (subject === '7' || subject === '3' || SENDER_ADDRESS.has(enhancedCode)) return 'relay-refused';
    if (subject === '1' || subject === '2') return 'permanent';
  }
  if (SETUP_TEXT.test(reason)) return 'relay-refused';
  if ((responseCode === 550 || responseCode === 551 || responseCode === 553) && NO_SUCH_USER_TEXT.test(reason)) return 'unknown-mailbox';
  // 554 "transaction failed" with no address-specific code: a policy rejection, every message's.
  if (responseCode === 554) return 'relay-refused';
  return 'permanent';
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** An SMTP failure as a transport reports it (MailTransport.classify): its kind and the step of the conversation it reached. */
export function classifySmtpFailure(error: unknown): TransportFailure {
  return { ...classifySmtpError(error), step: failedStep(error) };
}
