/**
 * What a delivery status says for the subscriber (pure): a hard bounce
 * (the address is gone: suppress), a soft one (counted: suppress only
 * after several, see apply.ts), or nothing (delivered, relayed). Enhanced
 * status codes are RFC 3463's.
 */
export type BounceKind = 'bounce-hard' | 'bounce-soft' | 'other';

/** `5.1.1` from a status field or a diagnostic text (`550-5.1.1 …`, `#5.1.1`); null when it names none. */
export function enhancedCode(text: string | undefined | null): string | null {
  if (!text) return null;
  const match = /(?:^|[^\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.]*\d)/.exec(text);
  return match ? `${match[1]}.${match[2]}.${match[3]}` : null;
}

/** A basic SMTP reply code at the start of a diagnostic (`smtp; 550 …`) as a class-only status (`5.0.0`); null when none. */
export function basicCode(text: string | undefined | null): string | null {
  if (!text) return null;
  const match = /(?:^|[;\s])([245])\d\d(?:[\s-]|$)/.exec(text);
  return match ? `${match[1]}.0.0` : null;
}

/** Diagnostics that say the address itself is gone, whatever code came with them. */
const ADDRESS_GONE =
  /user(?:name)? (?:is )?unknown|unknown (?:user|recipient|address|local[- ]part|mailbox)|no such (?:user|mailbox|recipient|address|account|local user|domain|person)|(?:user|mailbox|recipient|address|account)(?: name)? (?:does not|doesn't|did not) exist|does not exist|not (?:a )?(?:valid|known) (?:user|recipient|mailbox)|invalid (?:recipient|mailbox|address|user)|recipient (?:address )?(?:not found|rejected|unknown|invalid)|address (?:not found|rejected.*unknown|unknown)|mailbox (?:not found|unavailable|is disabled|disabled)|account (?:has been )?(?:disabled|closed|deleted|terminated|removed)|not our customer|resolver\.adr\.recipientnotfound|no mailbox here|host (?:or domain name )?not found|domain (?:not found|does not exist|name not found)|host unknown|name service error|no mx|unrouteable address|nxdomain|has moved|no longer (?:available|valid|active)|user not found|addressee unknown|bad destination mailbox/i;

/** Codes that name the address as the fault (RFC 3463): bad mailbox, bad system, bad syntax, moved, null MX / recipient not found. */
const ADDRESS_CODES = new Set(['5.1.1', '5.1.2', '5.1.3', '5.1.6', '5.1.10', '5.4.4']);

/**
 * The kind a failed or delayed delivery is. Hard only when the address
 * itself is gone: a permanent failure (5.x.x) whose code or diagnostic
 * says so (5.1.1 unknown user, 5.1.2 and "host not found": no such
 * domain, 5.1.10 Microsoft's recipient not found, 5.4.4 unable to route, 5.1.6 moved). Every
 * other failure (a block of the sender's IP, a spam filter, a policy, a
 * full mailbox, a message that expired in the queue) and every temporary
 * one (4.x.x, delayed) is soft: counted, and bounced only after several
 * (apply.ts), so a blocked IP or a spam filter does not strip the list.
 */
export function bounceKind(action: string | null, status: string | null, diagnostic = ''): BounceKind {
  const act = (action ?? '').toLowerCase().trim();
  if (act === 'delivered' || act === 'relayed' || act === 'expanded') return 'other';
  if (status?.startsWith('2.')) return 'other';
  if (act === 'delayed' || status?.startsWith('4.')) return 'bounce-soft';
  const permanent = status === null ? act === 'failed' || diagnostic !== '' : status.startsWith('5.');
  if (!permanent) return 'bounce-soft';
  // The code says the fault is not the address: the sender (5.1.7, 5.1.8), the mailbox's size (5.2.2, 5.2.3), the system or network (5.3, 5.4 but 5.4.4), the content (5.6) or a policy (5.7).
  if (status !== null && (/^5\.(?:3|6|7)\./.test(status) || /^5\.4\.(?![14]$)/.test(status) || ['5.1.7', '5.1.8', '5.2.2', '5.2.3'].includes(status))) return 'bounce-soft';
  if (status !== null && ADDRESS_CODES.has(status) && !/spam|block|polic|reputation|blacklist|denied|relay|sender|authenticat/i.test(diagnostic)) return 'bounce-hard';
  return ADDRESS_GONE.test(diagnostic) ? 'bounce-hard' : 'bounce-soft';
}
