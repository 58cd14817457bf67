/**
 * Sanitising: everything user-supplied that reaches HTML passes an explicit
 * allowlist. Scripts, styles, frames, event handlers and `javascript:` /
 * `data:` URLs are dropped; relative URLs are made absolute (feed readers and
 * mail clients have no base to resolve them against); control characters,
 * which break XML, are removed.
 */
import sanitizeHtml from 'sanitize-html';
import type { IOptions, Transformer } from 'sanitize-html';
import { dropControls } from './whitespace.js';

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'a', 'em', 'strong', 'b', 'i', 'u', 's', 'del', 'ins', 'mark', 'small',
  'sup', 'sub', 'abbr', 'cite', 'q', 'blockquote', 'code', 'pre', 'kbd', 'samp', 'var',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'h2', 'h3', 'h4', 'h5', 'h6', 'figure', 'figcaption', 'img',
  'table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
];

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  '*': ['dir', 'lang'],
  a: ['href', 'title'],
  img: ['src', 'alt', 'title', 'width', 'height'],
  abbr: ['title'],
  q: ['cite'],
  blockquote: ['cite'],
  del: ['cite'],
  ins: ['cite'],
  ol: ['start', 'reversed'],
  li: ['value'],
  th: ['colspan', 'rowspan', 'scope'],
  td: ['colspan', 'rowspan'],
  col: ['span'],
  colgroup: ['span'],
};

export const NESTING_LIMIT = 100;

/**
 * Most tags a post may have. The HTML parser's work grows with the square of
 * the nesting depth (100,000 unclosed tags: minutes), so a hostile feed item
 * is turned away before it is parsed; a long real post has a few thousand.
 */
export const TAG_LIMIT = 50_000;

/** The number of start tags in `html` (a cheap count, no parsing). */
export function countTags(html: string): number {
  return html.match(/<[a-zA-Z]/g)?.length ?? 0;
}

/** Attributes holding a URL, by tag. */
const URL_ATTRIBUTES: Record<string, string> = { a: 'href', img: 'src', q: 'cite', blockquote: 'cite', del: 'cite', ins: 'cite' };

/**
 * `url` resolved against `base`; a fragment-only link (`#notes`) is left for
 * the page it is on. Without a base a relative URL stays relative (a
 * Markdown post's links are resolved against its address when it is built,
 * so they follow the address when the config moves it).
 */
function resolve(url: string, base: string | undefined): string | undefined {
  const trimmed = url.trim();
  if (trimmed.startsWith('#')) return trimmed;
  if (base === undefined) {
    if (trimmed.startsWith('//')) return resolve(trimmed, 'https://example.invalid/');
    if (!/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return URL.canParse(trimmed, 'https://example.invalid/') ? trimmed : undefined;
    return URL.canParse(trimmed) ? new URL(trimmed).href : undefined;
  }
  try {
    return new URL(trimmed, base).href;
  } catch {
    return undefined;
  }
}

/** Resolves one URL attribute in place (attribute order kept); an unreadable URL is dropped. */
function urlTransformer(tag: string, attribute: string, base: string | undefined): Transformer {
  return (_tagName, attribs) => {
    if (attribs[attribute] === undefined) return { tagName: tag, attribs };
    const entries = Object.entries(attribs).flatMap(([name, value]): [string, string][] => {
      if (name !== attribute) return [[name, value]];
      const resolved = resolve(value, base);
      return resolved === undefined ? [] : [[name, resolved]];
    });
    return { tagName: tag, attribs: Object.fromEntries(entries) };
  };
}

function urlTransformers(base: string | undefined): Record<string, Transformer> {
  return Object.fromEntries(Object.entries(URL_ATTRIBUTES).map(([tag, attribute]) => [tag, urlTransformer(tag, attribute, base)]));
}

function sanitiseOptions(base: string | undefined): IOptions {
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowedClasses: { code: ['language-*'], pre: ['language-*'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    // Deeper tags are dropped (their text kept): hostile nesting would overflow the stack of later stages.
    nestingLimit: NESTING_LIMIT,
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template', 'svg', 'math', 'title', 'head'],
    transformTags: { ...urlTransformers(base), h1: 'h2' },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  };
}

/**
 * A link left with no address: no href, or an empty one (a scheme that is
 * not allowed, such as `view-source:`, or an unreadable URL, was dropped;
 * a removed template tag left `[text]({{ url }})`). The sanitiser writes
 * attributes in double quotes, and an `<a>` holds no `<a>`.
 */
const LINK_TO_NOWHERE = /<a((?:\s+(?!href=)[\w-]+="[^"]*")*)(?:\s+href="\s*")?((?:\s+(?!href=)[\w-]+="[^"]*")*)>([\s\S]*?)<\/a>/g;

/** Sanitised HTML with every URL absolute against `baseUrl`, or (no base) relative ones left relative; a link to nowhere is its text. */
export function sanitiseHtml(html: string, baseUrl: string | undefined): string {
  const clean = sanitizeHtml(dropControls(html), sanitiseOptions(baseUrl));
  const linked = clean.includes('<a') ? clean.replace(LINK_TO_NOWHERE, '$3') : clean;
  return dropControls(linked).trim();
}

/**
 * Make every relative `href`, `src` and `cite` in (already safe) HTML
 * absolute against `base`; nothing else changes. For anything that puts HTML
 * where there is no base URL: feeds, e-mail.
 */
export function absolutiseUrls(html: string, base: string): string {
  return sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    transformTags: urlTransformers(base),
  });
}
