import LinkifyIt from 'linkify-it';

/**
 * The web addresses written out in a post's plain text (a plain-text
 * export's "(http://…)", a link whose text was its own URL), each replaced
 * by a short label a reader can take in (its domain), so that a roundup's
 * excerpt shows "(ofsted.gov.uk)" as a link rather than a raw address.
 */

/** A run of excerpt text; `url` when the run is a link's label. */
export interface ExcerptPart {
  readonly text: string;
  readonly url?: string;
}

// Only addresses with a scheme: "Node.js" or "e.g." are not links.
const linkify = new LinkifyIt(undefined, { fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });

/**
 * `text` cut into runs, every http(s) URL in it replaced by its label: the
 * text of the post's own link to that address when it has one (`anchors`,
 * from its HTML) and the words before the URL do not already say it, else
 * the domain.
 */
export function labelUrls(text: string, anchors: ReadonlyMap<string, string> = new Map()): ExcerptPart[] {
  if (!text.includes('://')) return text === '' ? [] : [{ text }];
  const parts: ExcerptPart[] = [];
  let last = 0;
  for (const m of linkify.match(text) ?? []) {
    if (!/^https?:\/\//i.test(m.url)) continue;
    if (m.index > last) parts.push({ text: text.slice(last, m.index) });
    const anchor = anchors.get(m.url) ?? anchors.get(m.raw);
    const said = anchor !== undefined && text.slice(Math.max(0, m.index - anchor.length - 3), m.index).includes(anchor);
    parts.push({ text: anchor !== undefined && !said ? anchor : urlLabel(m.url), url: m.url });
    last = m.lastIndex;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** "ofsted.gov.uk" for `http://www.ofsted.gov.uk/resources/x`: the host without `www.`, or the URL itself when it has none. */
export function urlLabel(url: string): string {
  try {
    const host = new URL(url).hostname;
    return host.replace(/^www\d*\./i, '') || url;
  } catch {
    return url;
  }
}

/** The post's links whose text is words, not an address: href → text (the first link to each address). */
export function anchorTexts(html: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!html.includes('<a')) return out;
  for (const m of html.matchAll(/<a\b[^>]*?\bhref="([^"]+)"[^>]*>([\s\S]*?)<\/a>/gi)) {
    const href = decodeEntities(m[1] ?? '');
    const label = decodeEntities((m[2] ?? '').replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
    if (label === '' || label.length > 80 || /^(?:https?:\/\/|www\.)/i.test(label) || out.has(href)) continue;
    out.set(href, label);
  }
  return out;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}
