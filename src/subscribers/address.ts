import { domainToASCII } from 'node:url';
import emailAddresses from 'email-addresses';

/**
 * A subscriber's address: checked by a real RFC 5322 parser and normalised
 * (the domain in lower case and in its ASCII form; the local part exactly as
 * given, since only the receiving server may decide whether its case
 * matters), then held to what the mailer sends: isMailableAddress decides,
 * for the sign-up form, the CSV import, `subscribers add`, `send --to` and
 * the sender alike. Pure.
 */
export type AddressCheck = { ok: true; email: string } | { ok: false; problem: string; hint: string };

const MAX_ADDRESS = 254;
const MAX_LOCAL = 64;

/** Line breaks and other control characters (C0, DEL, C1, Unicode line and paragraph separators): what header injection is made of. */
export function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) return true;
  }
  return false;
}

export function checkAddress(input: string): AddressCheck {
  if (hasControlCharacters(input)) {
    return bad(
      'the address holds a line break or another control character (a header injection attempt?)',
      'give one plain address, such as ann@example.org',
    );
  }
  const text = input.trim();
  if (text === '') return bad('no email address', 'give an address such as ann@example.org');
  const parsed = emailAddresses.parseOneAddress({ input: text, rfc6532: true, rejectTLD: true });
  if (parsed === null || parsed.type !== 'mailbox') {
    return bad(`"${text}" is not an email address`, 'give an address such as ann@example.org');
  }
  if (parsed.parts.address.tokens !== text || parsed.parts.comments.length > 0) {
    return bad(`"${text}" is more than an address`, `give the bare address, such as ${parsed.address}, and the name in its own field`);
  }
  const local = unquoted(parsed.parts.local.tokens);
  const domain = parsed.parts.domain.tokens;
  if (local === undefined) {
    return bad(
      `an address with quotes before the @, such as ${text}, cannot be mailed (mail relays refuse it)`,
      'give an address without quotes, such as ann@example.org',
    );
  }
  if (domain.startsWith('[')) return bad(`"${text}" names a server by its IP address`, 'give an address with a domain name');
  if (!isAscii(local)) {
    return bad(`"${text}" has non-ASCII characters before the @`, 'give an address the mail relay can take without SMTPUTF8');
  }
  const asciiDomain = domainToASCII(domain.toLowerCase());
  if (asciiDomain === '') return bad(`"${domain}" is not a valid domain name`, 'check the part after the @');
  const email = `${local}@${asciiDomain}`;
  if (local.length > MAX_LOCAL || email.length > MAX_ADDRESS) {
    return bad('the address is too long', `at most ${MAX_LOCAL} characters before the @ and ${MAX_ADDRESS} in all`);
  }
  if (!isMailableAddress(email)) return bad(`"${domain}" is not a domain name mail can be sent to`, 'check the part after the @');
  return { ok: true, email };
}

const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
/** RFC 5321's Dot-string: what a local part is in RCPT TO without quotes. */
const DOT_STRING = new RegExp(`^${ATOM}(?:\\.${ATOM})*$`);
/** One label of a host name (letters, digits, hyphens inside; RFC 1035, 5890). */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/**
 * Whether the mailer sends to this (normalised) address: a Dot-string
 * local part (no quotes: "a b"@example.com is refused at RCPT TO by relays
 * and by tidings' own client), ASCII, a host name of two or more labels whose
 * last has a letter, within RFC 5321's lengths. Cheap (the sender asks it
 * for every recipient).
 */
export function isMailableAddress(email: string): boolean {
  if (email.length > MAX_ADDRESS) return false;
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  if (at < 1 || local.length > MAX_LOCAL || !DOT_STRING.test(local)) return false;
  const labels = email.slice(at + 1).split('.');
  const last = labels[labels.length - 1] ?? '';
  return labels.length >= 2 && labels.every((label) => LABEL.test(label)) && /[a-z]/i.test(last);
}

/**
 * A local part as RCPT TO carries it: a Dot-string as given; a quoted one
 * whose content is a Dot-string without its quotes (RFC 5321 4.1.2: the
 * same mailbox, and the form a sender should use); undefined for any other
 * quoted one.
 */
function unquoted(local: string): string | undefined {
  if (!local.startsWith('"')) return local;
  const content = local.slice(1, -1).replace(/\\(.)/g, '$1');
  return DOT_STRING.test(content) ? content : undefined;
}

function isAscii(text: string): boolean {
  return /^[\u0020-\u007e]*$/.test(text);
}

function bad(problem: string, hint: string): AddressCheck {
  return { ok: false, problem, hint };
}
