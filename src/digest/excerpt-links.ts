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

/** `text` cut into runs, every http(s) URL in it replaced by its label. */
export function labelUrls(text: string): ExcerptPart[] {
  if (!text.includes('://')) return text === '' ? [] : [{ text }];
  const parts: ExcerptPart[] = [];
  let last = 0;
  for (const m of linkify.match(text) ?? []) {
    if (!/^https?:\/\//i.test(m.url)) continue;
    if (m.index > last) parts.push({ text: text.slice(last, m.index) });
    parts.push({ text: urlLabel(m.url), url: m.url });
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
