import type { Config } from '../config/schema.js';
import { taggedAddress, unsubscribeBase } from './return-path.js';

/**
 * The mailto: URL of List-Unsubscribe: email.unsubscribeMailto, else
 * unsubscribe@ the From domain; with a recipient's delivery token (see
 * subscribers/delivery-tokens.ts) as `unsubscribe+<token>@…`, so that the
 * reply names whom it unsubscribes, whatever its From line says.
 */
export function unsubscribeMailto(config: Config, token?: string): string {
  return `mailto:${taggedAddress(unsubscribeBase(config), token)}?subject=unsubscribe`;
}
