import type { Config } from '../config/schema.js';
import { domainOf, parseMailbox } from './address.js';

/** The mailto: address of List-Unsubscribe: email.unsubscribeMailto, else unsubscribe@ the From domain. */
export function unsubscribeMailto(config: Config): string {
  const address = config.email.unsubscribeMailto ?? `unsubscribe@${domainOf(parseMailbox(config.email.from).address)}`;
  return `mailto:${address}?subject=unsubscribe`;
}
