import type { Config } from '../config/schema.js';

/**
 * The List-Id (RFC 2919) of the site's mailing list: the site's title and
 * `roundup.<host of site.baseUrl>`. Every message tidings sends to
 * subscribers carries the same one, so mail clients can file and filter it.
 */
export function listId(config: Pick<Config, 'site'>): { url: string; comment: string } {
  const host = new URL(config.site.baseUrl).hostname.replace(/^\[|\]$/g, '').replace(/[^A-Za-z0-9.-]/g, '-');
  return { url: `roundup.${host || 'localhost'}`, comment: config.site.title };
}
