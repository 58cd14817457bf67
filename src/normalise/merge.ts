/**
 * Merging two copies of the same post (same fingerprint, e.g. met in two
 * export files). Each part is taken from the better copy, judged by rules
 * that do not look at which copy came first, so merging is commutative:
 * mergePosts(a, b) equals mergePosts(b, a), and an import gives the same
 * store whatever order its files are read in.
 *
 * - body (html, text, counts, summary, author, primary theme): the copy
 *   with less damage (U+FFFD, unrepaired mojibake), then more links, then
 *   the longer text; links only the other copy has are appended;
 * - title (and the slug and url made from it): a stated title over a
 *   derived one, then the less damaged, then the body's;
 * - id: the smaller; published: the earlier; updated: the later;
 * - themes, tags and sources: the union (sources sorted by file, then line);
 * - expires: the earlier, when either copy has one.
 */
import type { Post } from '../model/post.js';
import type { SourceRef } from '../model/raw-post.js';
import { damageScore } from './mojibake.js';
import { uniqueTags } from './tags.js';
import { htmlText } from './text.js';
import { countWords, readingMinutes } from './words.js';

interface Link {
  href: string;
  /** Inner HTML of the anchor. */
  inner: string;
}

const ANCHOR = /<a\b[^>]*?\bhref="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g;

/** The links of sanitised HTML (attributes double-quoted, as the sanitiser writes them). */
function links(html: string): Link[] {
  return [...html.matchAll(ANCHOR)].map((m) => ({ href: m[1] ?? '', inner: m[2] ?? '' }));
}

function compareText(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Negative when `x` has the better body. A total order: equal only when every body field is equal. */
function compareBodies(x: Post, y: Post): number {
  return (
    damageScore(x.text) - damageScore(y.text) ||
    links(y.html).length - links(x.html).length ||
    y.text.length - x.text.length ||
    compareText(x.html, y.html) ||
    compareText(x.text, y.text) ||
    compareText(x.summary, y.summary) ||
    compareText(x.author, y.author) ||
    compareText(x.fingerprint, y.fingerprint) ||
    compareText(x.themes.join('\n'), y.themes.join('\n')) ||
    compareText(x.tags.join('\n'), y.tags.join('\n'))
  );
}

/** Negative when `x` has the better title; the better body breaks ties between equally good titles. */
function compareTitles(x: Post, y: Post): number {
  return (
    Number(x.titleDerived) - Number(y.titleDerived) ||
    damageScore(x.title) - damageScore(y.title) ||
    compareBodies(x, y) ||
    compareText(x.title, y.title) ||
    compareText(x.slug, y.slug) ||
    compareText(x.url, y.url)
  );
}

function appendMissingLinks(body: string, other: string): string {
  const present = new Set(links(body).map((l) => l.href));
  const missing: string[] = [];
  for (const link of links(other)) {
    if (present.has(link.href)) continue;
    present.add(link.href);
    const label = link.inner.replace(/<[^>]*>/g, '').trim();
    missing.push(`<a href="${link.href}">${label !== '' ? label : link.href}</a>`);
  }
  return missing.length === 0 ? body : `${body}\n<p>${missing.join('<br>\n')}</p>`;
}

function sourceKey(s: SourceRef): string {
  return JSON.stringify([s.file, s.line, s.slot, s.hash, s.format]);
}

function mergeSources(a: readonly SourceRef[], b: readonly SourceRef[]): SourceRef[] {
  const byKey = new Map<string, SourceRef>();
  for (const s of [...a, ...b]) byKey.set(sourceKey(s), { ...s });
  return [...byKey.values()].sort(
    (x, y) => compareText(x.file, y.file) || x.line - y.line || compareText(sourceKey(x), sourceKey(y)),
  );
}

function instantOrder(x: string, y: string): number {
  return Date.parse(x) - Date.parse(y) || compareText(x, y);
}

/** One post from two copies of it. Neither input is changed. */
export function mergePosts(a: Post, b: Post): Post {
  const [body, other] = compareBodies(a, b) <= 0 ? [a, b] : [b, a];
  const titled = compareTitles(a, b) <= 0 ? a : b;
  const html = appendMissingLinks(body.html, other.html);
  const text = html === body.html ? body.text : htmlText(html);
  const wordCount = html === body.html ? body.wordCount : countWords(text);
  const published = instantOrder(a.published, b.published) <= 0 ? a.published : b.published;
  const updatedMax = instantOrder(a.updated, b.updated) >= 0 ? a.updated : b.updated;
  const permalink = titled.permalink ?? a.permalink ?? b.permalink;
  return {
    id: compareText(a.id, b.id) <= 0 ? a.id : b.id,
    slug: titled.slug,
    url: titled.url,
    ...(permalink !== undefined && { permalink }),
    title: titled.title,
    titleDerived: titled.titleDerived,
    published,
    updated: instantOrder(updatedMax, published) >= 0 ? updatedMax : published,
    sequence: Math.min(a.sequence, b.sequence),
    author: body.author,
    html,
    text,
    summary: body.summary,
    wordCount,
    readingMinutes: html === body.html ? body.readingMinutes : readingMinutes(wordCount),
    themes: [...new Set([...body.themes, ...other.themes])],
    tags: uniqueTags([...body.tags, ...other.tags]),
    sources: mergeSources(a.sources, b.sources),
    fingerprint: body.fingerprint,
    ...earlierExpiry(a.expires, b.expires),
  };
}

/** A post that one copy says expires expires at the earlier of the dates given. */
function earlierExpiry(x: string | undefined, y: string | undefined): { expires?: string } {
  if (x === undefined) return y === undefined ? {} : { expires: y };
  if (y === undefined) return { expires: x };
  return { expires: instantOrder(x, y) <= 0 ? x : y };
}
