import { isIP } from 'node:net';
import type { Config } from '../config/schema.js';
import { domainOf, parseMailbox } from '../subscribers/mailbox.js';

/**
 * Whether a config is fit to mail real subscribers: receivers' checks fail
 * a one-click unsubscribe (RFC 8058) link that is not https, and a From on
 * a domain nobody can look up (SPF, DKIM, DMARC need DNS). One list of
 * problems, each saying what to set, for every path that sends (send,
 * schedule, start) and for `build` and the preview, which only warn. Pure.
 */
export interface SendingProblem {
  /** The config key to change. */
  readonly key: 'site.baseUrl' | 'email.from';
  /** What is wrong and what to set, in one sentence. */
  readonly message: string;
}

/** Where a send's messages end up: a relay (real recipients), the outbox folder, or the preview's own inbox. */
export type MailDestination = 'relay' | 'outbox' | 'preview-inbox';

/** The flag that lets a send go ahead anyway. */
export const ALLOW_INSECURE_FLAG = '--allow-insecure';

/** Top-level domains reserved for tests, examples and local networks (RFC 2606, RFC 6761, RFC 6762), never resolvable on the Internet. */
const PRIVATE_TLDS = new Set(['localhost', 'local', 'test', 'example', 'invalid', 'internal', 'lan', 'home', 'localdomain', 'arpa']);

/** True when `domain` can be a public sender domain: a DNS name with a dot, not an IP literal, not under a reserved top-level domain. */
export function isPublicDomain(domain: string): boolean {
  const name = domain.trim().toLowerCase().replace(/\.$/, '');
  if (name === '' || name.startsWith('[') || isIP(name) !== 0) return false;
  if (!name.includes('.')) return false;
  const tld = name.slice(name.lastIndexOf('.') + 1);
  return !PRIVATE_TLDS.has(tld) && !/^\d+$/.test(tld);
}

export function sendingProblems(config: Pick<Config, 'site' | 'email'>): SendingProblem[] {
  const problems: SendingProblem[] = [];
  if (!config.site.baseUrl.startsWith('https://')) {
    problems.push({
      key: 'site.baseUrl',
      message: `site.baseUrl (${config.site.baseUrl}) is not https: every message's one-click unsubscribe link (RFC 8058) would be http, which Gmail and Yahoo ignore; set site.baseUrl to the https address the site is served at`,
    });
  }
  let domain: string | null = null;
  try {
    domain = domainOf(parseMailbox(config.email.from).address);
  } catch {
    domain = null;
  }
  if (domain === null || !isPublicDomain(domain)) {
    problems.push({
      key: 'email.from',
      message: `email.from (${config.email.from}) is ${domain === null ? 'not an address' : `on ${domain}, which is not a public domain`}: receivers check the From domain's SPF, DKIM and DMARC records in DNS; set email.from to an address on your own domain, e.g. "Your Blog <roundup@yourdomain.org>"`,
    });
  }
  return problems;
}

export interface SendingVerdict {
  /** Problems that stop the send, with what to do; empty when it may go ahead. */
  readonly refusal: string | null;
  /** Problems to print as warnings (all of them when the send goes ahead anyway). */
  readonly warnings: readonly string[];
}

/**
 * The one rule every sending path applies: to real subscribers over a
 * relay, any problem refuses the send unless `allowInsecure`
 * (`--allow-insecure`); to the outbox or the preview's inbox, which
 * reach nobody, problems are warnings. A test copy (`send --to`) is a
 * warning too: it goes to one address the user typed.
 */
export function judgeSending(
  config: Pick<Config, 'site' | 'email'>,
  options: { destination: MailDestination; audience: 'subscribers' | 'test-copy'; allowInsecure: boolean },
): SendingVerdict {
  const problems = sendingProblems(config).map((p) => p.message);
  if (problems.length === 0) return { refusal: null, warnings: [] };
  const strict = options.destination === 'relay' && options.audience === 'subscribers' && !options.allowInsecure;
  if (!strict) return { refusal: null, warnings: problems };
  const lines = [
    `not sending to subscribers: ${problems.length === 1 ? 'a problem' : `${problems.length} problems`} that receivers' checks fail:`,
    ...problems.map((p) => `- ${p}`),
    `(to send anyway, for a test relay or a staging list, add ${ALLOW_INSECURE_FLAG})`,
  ];
  return { refusal: lines.join('\n'), warnings: [] };
}
