/**
 * A small reader for the flat XML of one WXR item: its child elements, in
 * order, each with its attributes and its raw inside. A general XML parser
 * spent four fifths of a WXR import's reading time on work an item does not
 * need (a document tree, validation); WordPress writes every item in the
 * same flat shape, so this reads it directly. CDATA sections and comments
 * are skipped when looking for an element's end; entities in text are
 * decoded (`&amp;`, `&#8217;`, `&#x2019;`, and the five XML names).
 */

export interface Element {
  name: string;
  attrs: string;
  /** The raw inside, CDATA sections and entities as written. */
  inner: string;
}

const START = /<([A-Za-z_][\w:.-]*)((?:\s[^>]*?)?)(\/?)>/g;

/** The child elements of `xml` (the inside of one element), in order. Unclosed ones end the list. */
export function childElements(xml: string): Element[] {
  const out: Element[] = [];
  let at = 0;
  for (;;) {
    START.lastIndex = at;
    const m = START.exec(xml);
    if (m === null) break;
    const between = xml.slice(at, m.index);
    const skip = openSection(xml, at, m.index, between);
    if (skip !== null) {
      if (skip < 0) break;
      at = skip;
      continue;
    }
    const name = m[1] ?? '';
    const attrs = m[2] ?? '';
    const bodyStart = m.index + m[0].length;
    if (m[3] === '/') {
      out.push({ name, attrs, inner: '' });
      at = bodyStart;
      continue;
    }
    const end = closeOf(xml, name, bodyStart);
    if (end < 0) break;
    out.push({ name, attrs, inner: xml.slice(bodyStart, end) });
    at = end + name.length + 3;
  }
  return out;
}

/** The text of an element's inside: CDATA as written, other text with entities decoded, tags dropped. */
export function textOf(inner: string): string {
  if (!inner.includes('<') && !inner.includes('&')) return inner;
  let out = '';
  let at = 0;
  for (;;) {
    const cdata = inner.indexOf('<![CDATA[', at);
    const chunk = cdata < 0 ? inner.slice(at) : inner.slice(at, cdata);
    out += decodeEntities(chunk.replace(/<!--[\s\S]*?-->|<[^>]*>/g, ''));
    if (cdata < 0) return out;
    const end = inner.indexOf(']]>', cdata + 9);
    if (end < 0) return out + inner.slice(cdata + 9);
    out += inner.slice(cdata + 9, end);
    at = end + 3;
  }
}

/** The value of attribute `name` in an attribute string (`domain="post_tag" nicename="x"`), decoded; '' when absent. */
export function attribute(attrs: string, name: string): string {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? decodeEntities(m[1] ?? m[2] ?? '') : '';
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));/g, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED[name] ?? whole;
    const code = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Offset of `</name>` at or after `from`, outside CDATA and comments; -1 when none. */
function closeOf(xml: string, name: string, from: number): number {
  const closer = `</${name}>`;
  let at = from;
  for (;;) {
    const close = xml.indexOf(closer, at);
    if (close < 0) return -1;
    const skip = openSection(xml, at, close, null);
    if (skip === null) return close;
    if (skip < 0) return -1;
    at = skip;
  }
}

/**
 * When a CDATA section or comment opens in [from, target) and is still open
 * at `target`, where it ends (-1: never); null otherwise.
 */
function openSection(xml: string, from: number, target: number, between: string | null): number | null {
  if (between !== null && !between.includes('<!')) return null;
  let at = from;
  for (;;) {
    const open = xml.indexOf('<!', at);
    if (open < 0 || open >= target) return null;
    const isCdata = xml.startsWith('<![CDATA[', open);
    const isComment = xml.startsWith('<!--', open);
    if (!isCdata && !isComment) {
      at = open + 2;
      continue;
    }
    const closer = isCdata ? ']]>' : '-->';
    const end = xml.indexOf(closer, open + 4);
    if (end < 0) return -1;
    if (end + closer.length > target) return end + closer.length;
    at = end + closer.length;
  }
}
