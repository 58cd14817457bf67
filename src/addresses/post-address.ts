/**
 * A post's address, from what its source names and the config. Pure.
 *
 * - A full http(s) URL the source names (a feed item's link, a front-matter
 *   `url`) is the address, whatever the config.
 * - A path the source names (front matter `permalink: /2011/04/my-post/`)
 *   is a path on the site: resolved against site.baseUrl, like Jekyll's and
 *   Hugo's own.
 * - A Markdown post that names none gets the generator's rule
 *   (pages.permalink), when the config states one.
 * - Otherwise tidings' own place, posts/yyyy/mm/slug/.
 *
 * The first three are addresses of the post's own (an existing site serves
 * them): by default tidings builds no page for such a post.
 */
import path from 'node:path';
import type { Config } from '../config/schema.js';
import type { Post } from '../model/post.js';
import { postUrl } from '../normalise/url.js';
import { applyRule, hasPlaceholder } from './permalink-rule.js';

export type AddressInput = Pick<Post, 'permalink' | 'published' | 'slug' | 'sources'>;

export interface PostAddress {
  /** Absolute URL. */
  readonly url: string;
  /** true when the address is the source's or the generator's, not tidings' own. */
  readonly own: boolean;
}

type AddressConfig = Pick<Config, 'site' | 'pages'>;

/** The address of each post object, for the config it was worked out with: a build asks for it several times (readdress, pagesWanted). */
const addresses = new WeakMap<AddressInput, { readonly site: AddressConfig['site']; readonly pages: AddressConfig['pages']; readonly address: PostAddress }>();

export function postAddress(post: AddressInput, config: AddressConfig): PostAddress {
  const known = addresses.get(post);
  if (known !== undefined && known.site === config.site && known.pages === config.pages) return known.address;
  const address = addressOf(post, config);
  addresses.set(post, { site: config.site, pages: config.pages, address });
  return address;
}

function addressOf(post: AddressInput, config: AddressConfig): PostAddress {
  const { baseUrl, timeZone } = config.site;
  const base = baseUrl.replace(/\/*$/, '/');
  const stated = post.permalink?.trim();
  if (stated !== undefined && stated !== '') {
    const url = statedAddress(stated, post, base, timeZone);
    if (url !== undefined) return { url, own: true };
  }
  const rule = config.pages.permalink;
  if (rule !== undefined && post.sources[0]?.format === 'markdown') {
    try {
      return { url: new URL(applyRule(rule, ruleInput(post, timeZone)), base).href, own: true };
    } catch {
      // An unreadable date: tidings' own place below reports it the same way.
    }
  }
  return { url: postUrl(baseUrl, post.published, post.slug, timeZone), own: false };
}

/** True when the post has an address of its own (see postAddress). */
export function hasOwnAddress(post: AddressInput, config: AddressConfig): boolean {
  return postAddress(post, config).own;
}

function statedAddress(stated: string, post: AddressInput, base: string, timeZone: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(stated)) {
    try {
      const url = new URL(stated);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
    } catch {
      return undefined;
    }
  }
  if (stated.startsWith('//')) return undefined;
  try {
    const relative = hasPlaceholder(stated) ? applyRule(stated, ruleInput(post, timeZone)) : stated.replace(/^\/+/, '');
    return new URL(relative, base).href;
  } catch {
    return undefined;
  }
}

function ruleInput(post: AddressInput, timeZone: string): { published: string; slug: string; fileStem: string; timeZone: string } {
  const file = post.sources[0]?.file ?? '';
  const stem = path.basename(file, path.extname(file));
  const fileStem = stem === 'index' || stem === '_index' ? path.basename(path.dirname(file)) : stem.replace(/^\d{4}-\d{2}-\d{2}-/, '');
  return { published: post.published, slug: post.slug, fileStem, timeZone };
}
