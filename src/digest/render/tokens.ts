import { createHash } from 'node:crypto';

/**
 * Placeholders for the values that differ per recipient. An issue is
 * rendered once with these markers in place of the values; personalising
 * then only joins string parts. A marker holds a nonce derived from
 * everything rendered (templates and issue), so post text cannot contain
 * it: a title that guessed it would change it.
 */

/** The per-recipient values, in the order SplitText slot numbers refer to. */
export const SLOTS = ['name', 'webVersionUrl', 'preferencesUrl', 'unsubscribeUrl', 'reader'] as const;
export type Slot = (typeof SLOTS)[number];

/** Slot name → its marker, e.g. `%%TIDINGS_3F9A0C2E71B4D5A6_UNSUBSCRIBE_URL%%`. */
export type Tokens = Readonly<Record<Slot, string>>;

const SUFFIX: Readonly<Record<Slot, string>> = {
  name: 'NAME',
  webVersionUrl: 'WEB_VERSION_URL',
  preferencesUrl: 'PREFERENCES_URL',
  unsubscribeUrl: 'UNSUBSCRIBE_URL',
  // The subscriber's part of a click link (engagement.perSubscriber only; see links.ts): never in a template's reach.
  reader: 'READER',
};

/** The markers for a rendering of `seed` (all that is rendered). Upper case, ASCII letters, digits, `_` and `%`: MJML, HTML escaping and html-to-text leave them alone. */
export function makeTokens(seed: string): Tokens {
  const nonce = createHash('sha256').update(seed).digest('hex').slice(0, 16).toUpperCase();
  const tokens = {} as Record<Slot, string>;
  for (const slot of SLOTS) tokens[slot] = `${tokenPrefix(nonce)}${SUFFIX[slot]}%%`;
  return tokens;
}

/** What every marker of one rendering starts with. */
export function tokenPrefix(nonce: string): string {
  return `%%TIDINGS_${nonce}_`;
}

/** The shared prefix of a set of markers. */
export function prefixOf(tokens: Tokens): string {
  return tokens.name.slice(0, tokens.name.length - `${SUFFIX.name}%%`.length);
}
