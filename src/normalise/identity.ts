/**
 * Identity of a post. The fingerprint finds the same post met twice (two
 * files, one with mojibake); the id is what feeds, roundups and the send log
 * hold on to, so it depends on nothing that an import order, a file name, a
 * title fix or a new base URL could change.
 */
import { DateTime } from 'luxon';
import { localDayOf, twoDigits } from '../text/zoned-day.js';
import { ID_LENGTH, sha256 } from './post-id.js';

export { ID_LENGTH, postId } from './post-id.js';

export const FINGERPRINT_WORDS = 16;

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
  const date = localDate(publishedIso, timeZone) ?? DateTime.fromISO(publishedIso, { zone: 'utc' }).setZone(timeZone).toISODate() ?? publishedIso;
  const words = openingWords(text);
  return `${date}:${words.length > 0 ? words.join(' ') : `#${sha256(html).slice(0, ID_LENGTH)}`}`;
}

/** `YYYY-MM-DD` of the instant in the zone, as luxon gives it, for the common ISO instant (zoned-day.ts); else undefined: ask luxon. */
function localDate(iso: string, zone: string): string | undefined {
  const day = localDayOf(iso, zone);
  return day === undefined ? undefined : `${day.year}-${twoDigits(day.month)}-${twoDigits(day.day)}`;
}
