import sanitizeHtml from 'sanitize-html';
import { escapeQuotedAttr, unescapeHtml } from '../text/html-escape.js';
import { stripInvalidXmlChars } from '../text/xml-chars.js';

/**
 * Post HTML made safe to ship in a feed or a page, whatever arrived.
 *
 * post.html is sanitised upstream, so the usual case is a quick check that
 * proves the HTML is a plain, balanced subset (allowed tags and attributes,
 * double-quoted values, http(s)/mailto or relative URLs); only HTML that
 * fails the check pays for a full sanitise. Either way every URL comes out
 * absolute, resolved against the post's own address, and characters XML
 * cannot carry are gone.
 */

const ALLOWED_TAGS = [
  'a', 'abbr', 'b', 'blockquote', 'br', 'caption', 'cite', 'code', 'dd', 'del', 'dfn', 'div', 'dl', 'dt', 'em',
  'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'mark', 'ol',
  'p', 'pre', 'q', 's', 'small', 'span', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead',
  'tr', 'u', 'ul',
] as const;

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  '*': ['title', 'lang', 'dir'],
  a: ['href', 'rel'],
  img: ['src', 'alt', 'width', 'height'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan', 'scope'],
  ol: ['start'],
  blockquote: ['cite'],
  q: ['cite'],
};

const VOID_TAGS = new Set(['br', 'hr', 'img']);
const TAG_SET = new Set<string>(ALLOWED_TAGS);
const URL_ATTRIBUTES = new Set(['href', 'src', 'cite']);
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...ALLOWED_TAGS],
  allowedAttributes: ALLOWED_ATTRIBUTES,
  allowedSchemes: [...SAFE_SCHEMES],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: [...URL_ATTRIBUTES],
  allowProtocolRelative: true,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'title'],
};

/** One token: a run of text, or one start / end tag in the allowed shape. */
const TOKEN = /([^<]+)|<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z][a-z0-9-]*(?:="[^"<>]*")?)*)\s*(\/?)>/y;
const ATTRIBUTE = /\s+([a-z][a-z0-9-]*)(?:="([^"]*)")?/g;
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

type Verdict = 'unsafe' | 'safe' | 'safe-relative';

/** Safe, absolute HTML for a post whose page is at `baseUrl`. */
export function safeHtml(html: string, baseUrl: string): string {
  const text = stripInvalidXmlChars(html);
  const verdict = checkPlainSubset(text);
  if (verdict === 'safe') return text;
  if (verdict === 'safe-relative') return absolutiseUrls(text, baseUrl);
  return absolutiseUrls(sanitizeHtml(text, SANITIZE_OPTIONS), baseUrl);
}

/**
 * Proves `html` is in the plain subset, or says it is not. Conservative: it
 * may send safe HTML to the full sanitiser, never unsafe HTML past it.
 */
function checkPlainSubset(html: string): Verdict {
  const open: string[] = [];
  let relative = false;
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < html.length) {
    const m = TOKEN.exec(html);
    if (m === null) return 'unsafe';
    if (m[1] !== undefined) continue;
    const closing = m[2] === '/';
    const tag = m[3] ?? '';
    if (!TAG_SET.has(tag)) return 'unsafe';
    if (closing) {
      if (m[4] !== '' || m[5] === '/' || open.pop() !== tag) return 'unsafe';
      continue;
    }
    if (m[5] === '/' && !VOID_TAGS.has(tag)) return 'unsafe';
    const attributes = checkAttributes(tag, m[4] ?? '');
    if (attributes === 'unsafe') return 'unsafe';
    if (attributes === 'safe-relative') relative = true;
    if (!VOID_TAGS.has(tag)) open.push(tag);
  }
  if (open.length > 0) return 'unsafe';
  return relative ? 'safe-relative' : 'safe';
}

function checkAttributes(tag: string, source: string): Verdict {
  if (source === '') return 'safe';
  const allowed = ALLOWED_ATTRIBUTES[tag] ?? [];
  const global = ALLOWED_ATTRIBUTES['*'] ?? [];
  let relative = false;
  for (const m of source.matchAll(ATTRIBUTE)) {
    const name = m[1] ?? '';
    if (!allowed.includes(name) && !global.includes(name)) return 'unsafe';
    if (!URL_ATTRIBUTES.has(name)) continue;
    const verdict = checkUrl(m[2] ?? '');
    if (verdict === 'unsafe') return 'unsafe';
    if (verdict === 'safe-relative') relative = true;
  }
  return relative ? 'safe-relative' : 'safe';
}

function checkUrl(value: string): Verdict {
  // Any character reference other than &amp; could hide a scheme; spaces and controls too.
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (/[\s\u0000-\u001F]/.test(value) || /&(?!amp;)/.test(value)) return 'unsafe';
  const scheme = SCHEME.exec(value);
  if (scheme === null) return 'safe-relative';
  return SAFE_SCHEMES.has((scheme[1] ?? '').toLowerCase()) ? 'safe' : 'unsafe';
}

const URL_ATTRIBUTE_VALUE = /(\s(?:href|src|cite)=")([^"]*)"/g;

/** Rewrites relative href / src / cite values to absolute ones; drops a value that cannot be resolved. */
export function absolutiseUrls(html: string, baseUrl: string): string {
  return html.replace(URL_ATTRIBUTE_VALUE, (whole, prefix: string, value: string) => {
    const raw = unescapeHtml(value);
    if (SCHEME.test(raw)) return whole;
    try {
      return `${prefix}${escapeQuotedAttr(new URL(raw, baseUrl).href)}"`;
    } catch {
      return `${prefix}"`;
    }
  });
}
