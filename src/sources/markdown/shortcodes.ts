/**
 * Hugo shortcodes whose meaning is standard, as Markdown or HTML: `figure`
 * and `img` (as many themes name their own) become a figure, `youtube`,
 * `vimeo`, `gist` and `tweet` a link to what they embed. Anything else is
 * removed (the caller warns); the closing tag of a paired shortcode is
 * removed quietly, its inside kept.
 */
import { escapeHtmlChars } from '../../text/html-escape.js';

export function renderShortcode(inner: string): { text: string; message?: string } {
  const body = inner.trim();
  if (body.startsWith('/')) return { text: '' };
  const { name, positional, named } = parseShortcode(body);
  switch (name) {
    case 'figure':
    case 'img':
    case 'image':
      return figure(named, positional);
    case 'youtube': {
      const id = named.get('id') ?? positional[0];
      return id ? { text: `[Watch the video on YouTube](https://www.youtube.com/watch?v=${encodeURIComponent(id)})` } : removed();
    }
    case 'vimeo': {
      const id = named.get('id') ?? positional[0];
      return id ? { text: `[Watch the video on Vimeo](https://vimeo.com/${encodeURIComponent(id)})` } : removed();
    }
    case 'gist': {
      const [user, id] = [named.get('user') ?? positional[0], named.get('id') ?? positional[1]];
      return user && id ? { text: `[See the gist](https://gist.github.com/${encodeURIComponent(user)}/${encodeURIComponent(id)})` } : removed();
    }
    case 'tweet': {
      const user = named.get('user');
      const id = named.get('id') ?? positional[0];
      if (!id) return removed();
      const path = user ? `${encodeURIComponent(user)}/status/${encodeURIComponent(id)}` : `i/status/${encodeURIComponent(id)}`;
      return { text: `[See the post on X](https://x.com/${path})` };
    }
    default:
      return removed();
  }
}

function removed(): { text: string; message: string } {
  return { text: '', message: 'is removed' };
}

function figure(named: ReadonlyMap<string, string>, positional: readonly string[]): { text: string; message?: string } {
  const src = named.get('src') ?? positional[0];
  if (!src) return removed();
  const caption = named.get('caption') ?? named.get('title');
  const alt = named.get('alt') ?? caption ?? '';
  const img = `<img src="${escapeHtmlChars(src)}" alt="${escapeHtmlChars(alt)}">`;
  const link = named.get('link');
  const inner = link ? `<a href="${escapeHtmlChars(link)}">${img}</a>` : img;
  return { text: `\n<figure>${inner}${caption ? `<figcaption>${escapeHtmlChars(caption)}</figcaption>` : ''}</figure>\n` };
}

/** `figure src="a.jpg" caption='A "quoted" one' wide` -> name, named and positional parameters (WordPress shortcodes take theirs the same way). */
export function parseShortcode(body: string): { name: string; positional: string[]; named: Map<string, string> } {
  const name = /^\S*/.exec(body)?.[0] ?? '';
  const params = body.slice(name.length);
  const positional: string[] = [];
  const named = new Map<string, string>();
  const PARAM = /([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|`([^`]*)`|(\S+))|"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  const unescape = (quoted: string | undefined): string | undefined => quoted?.replace(/\\(.)/g, '$1');
  for (const m of params.matchAll(PARAM)) {
    if (m[1] !== undefined) named.set(m[1].toLowerCase(), unescape(m[2]) ?? m[3] ?? m[4] ?? m[5] ?? '');
    else positional.push(unescape(m[6]) ?? m[7] ?? m[8] ?? '');
  }
  return { name: name.toLowerCase(), positional, named };
}
