import { createHash } from 'node:crypto';
import type { Config } from '../config/schema.js';
import { domainOf, parseMailbox } from '../subscribers/mailbox.js';
import { listId } from '../subscribers/list-id.js';

/**
 * Message-IDs of roundups. A delivery's is stable: the same (issue,
 * subscriber) always gets the same one, so a copy sent again after an
 * in-doubt delivery (`--resend-unknown`) is the same message to the
 * recipient's mail client, which shows it once. The short hash of the
 * site's list makes two sites on one domain never share an id.
 */

/** The domain Message-IDs are made at: the From address's. */
export function messageIdDomain(config: Pick<Config, 'email'>): string {
  try {
    return domainOf(parseMailbox(config.email.from).address);
  } catch {
    return 'localhost';
  }
}

/** `<2019-W31.42.3f9a0c2e71@example.org>` for issue 2019-W31 to subscriber 42. Pure. */
export function deliveryMessageId(config: Pick<Config, 'email' | 'site'>, issueId: string, subscriberId: number): string {
  return deliveryMessageIds(config, issueId)(subscriberId);
}

/** deliveryMessageId for one issue, with what is the same for every subscriber worked out once. */
export function deliveryMessageIds(config: Pick<Config, 'email' | 'site'>, issueId: string): (subscriberId: number) => string {
  const list = listId(config).url;
  const domain = messageIdDomain(config);
  const issue = atom(issueId);
  return (subscriberId) => {
    const hash = createHash('sha256').update(`${list}\0${issueId}\0${subscriberId}`).digest('hex').slice(0, 10);
    return `<${issue}.${subscriberId}.${hash}@${domain}>`;
  };
}

/** A test copy's: never one a subscriber's copy has. `nonce` makes each test copy its own message. */
export function testMessageId(config: Pick<Config, 'email'>, issueId: string, nonce: string): string {
  return `<${atom(issueId)}.test.${atom(nonce)}@${messageIdDomain(config)}>`;
}

function atom(text: string): string {
  return text.replace(/[^A-Za-z0-9-]/g, '-') || 'x';
}
