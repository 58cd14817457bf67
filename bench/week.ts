/** A deterministic week of posts (ISO week 2019-W31) for the roundup and sending benchmarks. */
import type { Post } from '../src/model/post.js';

export const BENCH_THEMES = ['blame-and-culture', 'ofsted-and-inspection', 'workforce', 'serious-case-reviews', 'privatisation-and-funding', 'ministers-and-policy', 'practice-and-research'];

const WORDS = (
  'the council social workers children services Ofsted inspection caseloads sickness absence blame culture ' +
  'serious case review death minister government policy privatisation funding cuts research practice trust'
).split(' ');

/** `n` posts of `sentences` sentences each, spread over 29 July - 4 August 2019, one theme each. */
export function benchWeek(n: number, sentences: number): Post[] {
  let seed = 7;
  const r = (): number => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const sentence = (): string => Array.from({ length: 12 + Math.floor(r() * 10) }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
  return Array.from({ length: n }, (_, i) => {
    const published = new Date(Date.UTC(2019, 6, 29, 8) + i * 3 * 3_600_000).toISOString();
    const text = Array.from({ length: sentences }, () => `${sentence()}.`).join(' ');
    const wordCount = text.split(' ').length;
    return {
      id: `bench-${i}`,
      slug: `post-${i}`,
      url: `https://blog.example.org/posts/2019/07/post-${i}/`,
      title: `Post ${i}: ${sentence()}`,
      titleDerived: false,
      published,
      updated: published,
      sequence: 0,
      author: 'A. Writer',
      html: `<p>${text}</p>`,
      text,
      summary: text.slice(0, 280),
      wordCount,
      readingMinutes: Math.max(1, Math.round(wordCount / 230)),
      themes: [BENCH_THEMES[i % BENCH_THEMES.length] ?? 'workforce'],
      tags: [],
      sources: [],
      fingerprint: `bench ${i}`,
    };
  });
}
