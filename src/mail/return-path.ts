import type { Config } from '../config/schema.js';
import { domainOf, parseMailbox } from '../subscribers/mailbox.js';

/**
 * The addresses mail comes back to: the envelope sender of roundups (VERP,
 * `bounces+<token>@domain`, see subscribers/delivery-tokens.ts) and the
 * List-Unsubscribe `mailto:` address (`unsubscribe+<token>@domain`). Pure.
 */

/** A base address: `local@domain`, with the domain in lower case. */
export interface BaseAddress {
  readonly local: string;
  readonly domain: string;
}

function fromDomain(config: Pick<Config, 'email'>): string {
  try {
    return domainOf(parseMailbox(config.email.from).address);
  } catch {
    return 'localhost';
  }
}

function split(address: string): BaseAddress {
  const at = address.lastIndexOf('@');
  return { local: address.slice(0, at), domain: address.slice(at + 1).toLowerCase() };
}

/** Where bounces go: email.returnPath (a domain, or an address), else bounces@ the From domain. */
export function returnPathBase(config: Pick<Config, 'email'>): BaseAddress {
  const given = config.email.returnPath;
  if (given === undefined) return { local: 'bounces', domain: fromDomain(config) };
  return given.includes('@') ? split(given) : { local: 'bounces', domain: given.toLowerCase() };
}

/** Where mailto: unsubscribes go: email.unsubscribeMailto, else unsubscribe@ the From domain. */
export function unsubscribeBase(config: Pick<Config, 'email'>): BaseAddress {
  const given = config.email.unsubscribeMailto;
  return given === undefined ? { local: 'unsubscribe', domain: fromDomain(config) } : split(given);
}

/** `local+token@domain`, or the base itself without a token. */
export function taggedAddress(base: BaseAddress, token?: string): string {
  return token === undefined ? `${base.local}@${base.domain}` : `${base.local}+${token}@${base.domain}`;
}

/** An address cut at its first `+`: the base (lower case) and the tag, if any. */
export function untag(address: string): { base: string; tag: string | null } {
  const at = address.lastIndexOf('@');
  if (at <= 0) return { base: address.toLowerCase(), tag: null };
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus === -1) return { base: `${local}@${domain}`.toLowerCase(), tag: null };
  return { base: `${local.slice(0, plus)}@${domain}`.toLowerCase(), tag: local.slice(plus + 1) };
}

/** Which of this site's inbound addresses `address` is (any case, any tag): 'bounce', 'unsubscribe' or null. */
export function inboundAddressKind(config: Pick<Config, 'email'>, address: string): 'bounce' | 'unsubscribe' | null {
  const { base } = untag(address);
  if (base === taggedAddress(returnPathBase(config)).toLowerCase()) return 'bounce';
  if (base === taggedAddress(unsubscribeBase(config)).toLowerCase()) return 'unsubscribe';
  return null;
}
