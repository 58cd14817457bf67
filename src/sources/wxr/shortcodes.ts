/**
 * WordPress shortcodes, rendered where their meaning is standard (the ones
 * WordPress itself registers): `[caption]` a figure with its caption,
 * `[gallery]` the figures of its images (the attachments it names by id, or
 * else the images attached to the post, as WordPress shows them), `[embed]`
 * a link to what it embeds, `[video]` and `[audio]` a link to the file;
 * and WordPress.com's `[youtube URL]` / `[vimeo URL]` (a link, as `[embed]`)
 * and `[sourcecode]` / `[code]` (the code in `<pre><code>`).
 * Any other shortcode is removed, its inside kept, with a warning.
 *
 * Only text that is a shortcode for certain is touched: a registered name,
 * or a bracketed name with attributes (`[foo bar="1"]`) or a closing tag
 * (`[foo]…[/foo]`). `[sic]` or `[1]` stay text, as WordPress leaves them.
 * `[[caption]]` is WordPress's escape for the literal text `[caption]`.
 */
import { escapeHtmlChars } from '../../text/html-escape.js';
import { parseShortcode } from '../markdown/shortcodes.js';

export interface Attachment {
  url: string;
  /** The image's alternative text (`_wp_attachment_image_alt`), '' when none. */
  alt: string;
  caption: string;
  parent: string;
  isImage: boolean;
}

export interface ShortcodeContext {
  postId: string;
  attachments: ReadonlyMap<string, Attachment>;
}

export interface Removed {
  at: number;
  tag: string;
}

const KNOWN = new Set(['caption', 'wp_caption', 'gallery', 'embed', 'video', 'audio', 'youtube', 'vimeo', 'sourcecode', 'code']);

/**
 * A shortcode (after WordPress's get_shortcode_regex): `[[`? name, attributes,
 * then `/]`, or `]` with an optional inside and `[/name]`; `]]`? Unknown
 * names are matched too and sorted out in `render`.
 */
const SHORTCODE =
  /\[(\[?)([A-Za-z][\w-]*)(?![\w-])([^\]/]*(?:\/(?!\])[^\]/]*)*?)(?:(\/)\]|\](?:([^[]*(?:\[(?!\/\2\])[^[]*)*)\[\/\2\])?)(\]?)/g;

export function renderShortcodes(html: string, ctx: ShortcodeContext): { html: string; removed: Removed[] } {
  if (!html.includes('[')) return { html, removed: [] };
  const removed: Removed[] = [];
  const out = html.replace(SHORTCODE, (whole: string, open: string, rawName: string, attrs: string, selfClose: string | undefined, inner: string | undefined, close: string, at: number) => {
    const name = rawName.toLowerCase();
    if (open === '[' && close === ']') return whole.slice(1, -1);
    const certain = KNOWN.has(name) || inner !== undefined || /=/.test(attrs) || selfClose !== undefined;
    if (!certain) return whole;
    const rendered = render(name, `${name}${attrs}`, inner ?? '', ctx);
    if (rendered === null) {
      removed.push({ at, tag: `[${rawName}${attrs}]` });
      return open + renderShortcodes(inner ?? '', ctx).html + close;
    }
    return open + rendered + close;
  });
  return { html: out, removed };
}

/** The HTML of a registered shortcode; null for one tidings does not render. */
function render(name: string, body: string, inner: string, ctx: ShortcodeContext): string | null {
  const { named } = parseShortcode(body);
  switch (name) {
    case 'caption':
    case 'wp_caption':
      return caption(named, inner);
    case 'gallery':
      return gallery(named, ctx);
    case 'embed': {
      const url = inner.trim();
      return /^https?:\/\/\S+$/.test(url) ? `\n\n${embedLink(url)}\n\n` : '';
    }
    case 'youtube':
    case 'vimeo': {
      // WordPress.com's `[youtube URL]`: the address is the first value (its &amp; as written in the HTML).
      const url = (parseShortcode(body).positional[0] ?? named.get('url') ?? inner).trim().replace(/&amp;/g, '&');
      return /^https?:\/\/\S+$/.test(url) ? `\n\n${embedLink(url)}\n\n` : '';
    }
    case 'sourcecode':
    case 'code':
      // WordPress.com's syntax highlighter: the code as it was written, in a <pre> (which wpautop leaves alone).
      return `\n\n<pre><code>${inner.replace(/^\r?\n|\r?\n$/g, '').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</code></pre>\n\n`;
    case 'video':
      return media(named, inner, ['src', 'mp4', 'm4v', 'webm', 'ogv', 'wmv', 'flv'], 'Watch the video');
    case 'audio':
      return media(named, inner, ['src', 'mp3', 'm4a', 'ogg', 'wav', 'wma'], 'Listen to the recording');
    default:
      return null;
  }
}

/** img_caption_shortcode(): the caption attribute, or the text after the (linked) image. */
function caption(named: ReadonlyMap<string, string>, inner: string): string {
  let content = inner.trim();
  let text = named.get('caption') ?? '';
  if (text === '') {
    const m = /^((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*<\/a>)?)([\s\S]*)$/i.exec(content);
    if (m) {
      content = m[1] ?? '';
      text = (m[2] ?? '').trim();
    }
  }
  const figcaption = text === '' ? '' : `<figcaption>${text}</figcaption>`;
  return `\n\n<figure>${content}${figcaption}</figure>\n\n`;
}

/** gallery_shortcode(): the images named by `ids` (or `include`), else the post's attached images. */
function gallery(named: ReadonlyMap<string, string>, ctx: ShortcodeContext): string {
  const ids = (named.get('ids') ?? named.get('include') ?? '').split(',').map((id) => id.trim()).filter((id) => id !== '');
  const parent = named.get('id') ?? ctx.postId;
  const images = ids.length > 0
    ? ids.map((id) => ctx.attachments.get(id)).filter((a): a is Attachment => a !== undefined)
    : [...ctx.attachments.values()].filter((a) => a.parent === parent && a.isImage);
  const figures = images.map((a) => {
    const figcaption = a.caption.trim() === '' ? '' : `<figcaption>${a.caption.trim()}</figcaption>`;
    return `<figure><img src="${escapeHtmlChars(a.url)}" alt="${escapeHtmlChars(a.alt)}">${figcaption}</figure>`;
  });
  return figures.length === 0 ? '' : `\n\n${figures.join('\n')}\n\n`;
}

function media(named: ReadonlyMap<string, string>, inner: string, keys: readonly string[], label: string): string {
  const url = keys.map((k) => named.get(k)).find((u) => u !== undefined && u.trim() !== '') ?? (/^https?:\/\/\S+$/.test(inner.trim()) ? inner.trim() : '');
  return url === '' ? '' : `\n\n<p><a href="${escapeHtmlChars(url)}">${label}</a></p>\n\n`;
}

/** What WordPress would embed (oEmbed), as a link to it. */
export function embedLink(url: string): string {
  return `<p><a href="${escapeHtmlChars(url)}">${escapeHtmlChars(url)}</a></p>`;
}
