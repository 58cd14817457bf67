/**
 * Generates benchmark corpora: N Markdown posts (one file each) and one
 * plain-text export holding N posts, with words drawn from the demo blog's
 * vocabulary so that theme rules and summaries do real work.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const WORDS = (
  'the council social workers children services Ofsted inspection caseloads sickness absence blame culture ' +
  'serious case review death minister government policy privatisation funding cuts research practice trust ' +
  'assessment report found that and of in to a is was were have been with for on by not but which this it ' +
  'organisation safety staff managers families support local authority England reform learning evidence'
).split(' ');

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A small deterministic PRNG so that every run benchmarks the same corpus. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function sentence(r: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(r() * WORDS.length)]!);
  const s = out.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

function paragraphs(r: () => number, n: number): string[] {
  return Array.from({ length: n }, () => Array.from({ length: 4 }, () => sentence(r, 10 + Math.floor(r() * 12))).join(' '));
}

function dayOf(i: number): Date {
  return new Date(Date.UTC(2010, 0, 1) + i * 86_400_000);
}

/** The build benchmark's tags: one a post, in turn (the bundled config's theme slugs, so that tidings reads them as themes). */
export const BUILD_TAGS = ['blame-and-culture', 'ofsted-and-inspection', 'workforce', 'serious-case-reviews', 'privatisation-and-funding', 'ministers-and-policy', 'practice-and-research'];

const HOURS_APART = 7;
const CORPUS_END = Date.UTC(2026, 0, 1);

/**
 * Where a build corpus of `size` posts starts: 1 January 2010, unless 7 hours apart from there would reach
 * past 1 January 2026 (more than 14,000 posts: 50,000 would run to 2049); then so much earlier that the
 * post after the last (the bench's "one new post") is dated 1 January 2026. Hugo and tidings leave posts
 * dated in the future out of a build; no post of the corpus is.
 */
export function corpusStart(size: number): number {
  return Math.min(Date.UTC(2010, 0, 1), CORPUS_END - size * HOURS_APART * 3_600_000);
}

/**
 * The build benchmark's corpus (bench/build.ts) of `size` posts: posts number `from` to `from + n - 1`, one
 * Markdown file each (~2 KB), 7 hours apart from corpusStart(size), one tag each, with front matter that
 * tidings, Hugo and Eleventy all read the same way (title, an ISO date-time in UTC, a one-tag list).
 */
export async function generateBuildCorpus(dir: string, n: number, from = 0, size = from + n): Promise<void> {
  const r = rng(1 + from);
  const start = corpusStart(size);
  await mkdir(dir, { recursive: true });
  for (let i = from; i < from + n; i++) {
    const date = new Date(start + i * HOURS_APART * 3_600_000).toISOString().replace('.000Z', 'Z');
    const body = paragraphs(r, 5).join('\n\n');
    const tag = BUILD_TAGS[i % BUILD_TAGS.length]!;
    const text = `---\ntitle: "Post ${i}: ${sentence(r, 5).slice(0, -1)}"\ndate: ${date}\ntags: [${tag}]\n---\n\n${body}\n`;
    await writeFile(path.join(dir, `post-${String(i).padStart(5, '0')}.md`), text);
  }
}

/** Writes posts number `from` to `from + n - 1`, one Markdown file each. */
export async function generateMarkdown(dir: string, n: number, from = 0): Promise<void> {
  const r = rng(1 + from);
  await mkdir(dir, { recursive: true });
  for (let i = from; i < from + n; i++) {
    const d = dayOf(i).toISOString().slice(0, 10);
    const body = paragraphs(r, 5).join('\n\n');
    const text = `---\ntitle: "Post ${i}: ${sentence(r, 5).slice(0, -1)}"\ndate: ${d}\ntags: [research]\n---\n\n${body}\n`;
    await writeFile(path.join(dir, `post-${String(i).padStart(5, '0')}.md`), text);
  }
}

export async function generateTextExport(file: string, n: number): Promise<void> {
  const r = rng(2);
  const parts: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const d = dayOf(i);
    parts.push(`${WEEKDAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`, '');
    parts.push(`Title number ${i} about ${WORDS[Math.floor(r() * 20)]}`, '');
    for (const p of paragraphs(r, 5)) parts.push(p, '');
  }
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, parts.join('\n'));
}
