/**
 * RawPost -> Post: repair and tidy the text, render and sanitise the body,
 * derive what the source did not state (title, slug, summary, themes), and
 * give the post its fingerprint and id. Pure: everything comes in through
 * the arguments. A post that cannot be used is a Diagnostic, never an exception.
 */
import { postAddress } from '../addresses/post-address.js';
import type { Config } from '../config/schema.js';
import { diagnostic } from '../model/diagnostic.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Post } from '../model/post.js';
import type { RawPost } from '../model/raw-post.js';
import { bodyHtml } from './body-html.js';
import { cleanBody, cleanInline } from './clean.js';
import { parsePostDate } from './dates.js';
import { fingerprint, postId } from './identity.js';
import { countTags, sanitiseHtml, TAG_LIMIT } from './sanitise.js';
import { makeSlug } from './slug.js';
import { makeSummary } from './summary.js';
import { htmlText } from './text.js';
import { uniqueTags } from './tags.js';
import { assignThemes } from './themes.js';
import { deriveTitle } from './title.js';
import { countWords, readingMinutes } from './words.js';

export interface NormaliseContext {
  config: Config;
}

/** A post, or why there is none: a problem (`diagnostic`), or a post its source withholds (`skipped`: a draft). */
export type NormaliseResult = { post: Post } | { diagnostic: Diagnostic } | { skipped: Diagnostic };

function later(a: string, b: string): string {
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/**
 * The base for relative links: the post's original address (feeds) when it
 * is an http(s) URL; none for Markdown (its links stay relative until the
 * build resolves them against the post's address, which follows the
 * config); else the site.
 */
function linkBase(raw: RawPost, baseUrl: string): string | undefined {
  if (raw.url === undefined) return raw.source.format === 'markdown' ? undefined : baseUrl;
  try {
    const url = new URL(raw.url);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : baseUrl;
  } catch {
    return baseUrl;
  }
}

/** The address the source names: front matter's url/permalink, else a feed item's http(s) link. */
function statedAddress(raw: RawPost): string | undefined {
  const permalink = raw.permalink?.trim();
  if (permalink !== undefined && permalink !== '') return permalink;
  const url = raw.url?.trim();
  return url !== undefined && /^https?:\/\//i.test(url) ? url : undefined;
}

export function normalisePost(raw: RawPost, ctx: NormaliseContext): NormaliseResult {
  const { site } = ctx.config;
  const { file, line } = raw.source;
  if (raw.draft === true) {
    return { skipped: diagnostic(file, line, 'a draft (draft: true or published: false): skipped', 'set draft: false to publish it', 'info') };
  }
  if (raw.kind === 'page' && !ctx.config.content.pages) {
    const name = raw.title === null ? 'a page' : `the page "${raw.title.trim()}"`;
    return { skipped: diagnostic(file, line, `${name} is not a post: skipped`, 'set content.pages: true to read pages as posts too', 'info') };
  }
  const dated = parsePostDate(raw.published, site.timeZone);
  if (!dated.ok) return { diagnostic: diagnostic(file, line, `publication date ${dated.message}`, dated.hint) };
  const publishAt = raw.publishAt === undefined ? undefined : parsePostDate(raw.publishAt, site.timeZone);
  if (publishAt !== undefined && !publishAt.ok) return { diagnostic: diagnostic(file, line, `publishDate ${publishAt.message}`, publishAt.hint) };
  // A publishDate later than the date (Hugo's way to schedule) is when the post goes out, and its date.
  const published = publishAt !== undefined && Date.parse(publishAt.iso) > Date.parse(dated.iso) ? publishAt : dated;
  const updated = raw.updated === undefined ? published : parsePostDate(raw.updated, site.timeZone);
  if (!updated.ok) return { diagnostic: diagnostic(file, line, `update date ${updated.message}`, updated.hint) };
  const expires = raw.expires === undefined ? undefined : parsePostDate(raw.expires, site.timeZone);
  if (expires !== undefined && !expires.ok) return { diagnostic: diagnostic(file, line, `expiry date ${expires.message}`, expires.hint) };

  const unsafe = bodyHtml(cleanBody(raw.body));
  const tags = countTags(unsafe);
  if (tags > TAG_LIMIT) {
    const message = `post has ${tags} HTML tags; at most ${TAG_LIMIT} are read`;
    return { diagnostic: diagnostic(file, line, message, 'split the post or simplify its markup') };
  }
  const html = sanitiseHtml(unsafe, linkBase(raw, site.baseUrl));
  const text = htmlText(html);
  const statedTitle = raw.title === null ? '' : cleanInline(raw.title);
  if (statedTitle === '' && text === '') {
    return { diagnostic: diagnostic(file, line, 'post has neither a title nor any text', 'add a title or some text, or remove the post', 'warning') };
  }
  const titleDerived = statedTitle === '';
  const title = titleDerived ? deriveTitle(text) : statedTitle;
  const slug = makeSlug(raw.slug, title);
  const key = fingerprint(published.iso, text, site.timeZone, html);
  const wordCount = countWords(text);
  const author = raw.author === undefined ? '' : cleanInline(raw.author);
  const permalink = statedAddress(raw);
  const sources = [{ ...raw.source }];

  return {
    post: {
      id: postId(raw.explicitId, key),
      slug,
      url: postAddress({ permalink, published: published.iso, slug, sources }, ctx.config).url,
      ...(permalink !== undefined && { permalink }),
      title,
      titleDerived,
      published: published.iso,
      updated: later(published.iso, updated.iso),
      sequence: raw.sequence,
      author: author !== '' ? author : site.author,
      html,
      text,
      summary: makeSummary(text, raw.summary === undefined ? undefined : cleanInline(raw.summary)),
      wordCount,
      readingMinutes: readingMinutes(wordCount),
      // A derived title repeats the text: only a stated one earns the title weight.
      themes: assignThemes({ title: titleDerived ? '' : title, text }, raw.themes, ctx.config),
      tags: uniqueTags((raw.themes ?? []).map(cleanInline)),
      sources,
      fingerprint: key,
      ...(expires !== undefined && { expires: expires.iso }),
    },
  };
}
