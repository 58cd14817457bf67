import { domainToASCII } from 'node:url';
import emailAddresses from 'email-addresses';

/**
 * A subscriber's address: checked by a real RFC 5322 parser and normalised
 * (the domain in lower case and in its ASCII form; the local part exactly as
 * given, since only the receiving server may decide whether its case matters).
 * Pure.
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
  const local = parsed.parts.local.tokens;
  const domain = parsed.parts.domain.tokens;
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
  return { ok: true, email };
}

function isAscii(text: string): boolean {
  return /^[\u0020-\u007e]*$/.test(text);
}

function bad(problem: string, hint: string): AddressCheck {
  return { ok: false, problem, hint };
}
