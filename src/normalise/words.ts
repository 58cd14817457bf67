/**
 * Word count and reading time. A word is a run of letters or digits, with
 * inner apostrophes and hyphens and numbers with separators (`don’t`,
 * `co-ordinate`, `1,000` count once, as does a URL or an e-mail address).
 * In Chinese and Japanese, written without spaces, each character counts as
 * a word, as reading-time estimates for those languages do (Korean has
 * spaces: words as usual).
 */

export const WORDS_PER_MINUTE = 230;

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/gu;
const WORD = /[\p{L}\p{N}\p{M}]+(?:['’\-‐][\p{L}\p{N}\p{M}]+|(?<=\p{N})[.,]\p{N}+)*/gu;

/** A URL or an e-mail address. Each starts only where a run starts, so a huge token costs linear time. */
const ADDRESS = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gi;

export function countWords(text: string): number {
  const addresses = text.match(ADDRESS)?.length ?? 0;
  const plain = addresses === 0 ? text : text.replace(ADDRESS, ' ');
  const cjk = plain.match(CJK)?.length ?? 0;
  const rest = cjk === 0 ? plain : plain.replace(CJK, ' ');
  return (rest.match(WORD)?.length ?? 0) + cjk + addresses;
}

/** Whole minutes, at least one. */
export function readingMinutes(wordCount: number): number {
  return Math.max(1, Math.ceil(wordCount / WORDS_PER_MINUTE));
}
