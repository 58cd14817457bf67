/**
 * Identity of a post. The fingerprint finds the same post met twice (two
 * files, one with mojibake); the id is what feeds, roundups and the send log
 * hold on to, so it depends on nothing that an import order, a file name, a
 * title fix or a new base URL could change.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';

export const FINGERPRINT_WORDS = 16;
export const ID_LENGTH = 16;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The first `count` words: lower case, accents dropped, letters and digits only. */
export function openingWords(text: string, count = FINGERPRINT_WORDS): string[] {
  const words: string[] = [];
  // Looking at the start is enough; a very long text is not folded whole.
  const head = text.length > count * 64 ? text.slice(0, count * 64) : text;
  for (const token of head.split(/\s+/)) {
    const word = token.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
    if (word !== '') words.push(word);
    if (words.length === count) break;
  }
  return words;
}

/**
 * `YYYY-MM-DD:word word …`: the local publication date and the opening
 * words of the plain text. A post with no words at all is keyed by its HTML.
 */
export function fingerprint(publishedIso: string, text: string, timeZone: string, html = ''): string {
  const date = DateTime.fromISO(publishedIso, { zone: 'utc' }).setZone(timeZone).toISODate() ?? publishedIso;
  const words = openingWords(text);
  return `${date}:${words.length > 0 ? words.join(' ') : `#${sha256(html).slice(0, ID_LENGTH)}`}`;
}

/** sha256 of the id the source states, else of the fingerprint: the first 16 hex digits. */
export function postId(explicitId: string | undefined, postFingerprint: string): string {
  const key = explicitId !== undefined && explicitId.trim() !== '' ? explicitId.trim() : postFingerprint;
  return sha256(key).slice(0, ID_LENGTH);
}
