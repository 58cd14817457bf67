/** Atom `type="xhtml"` content, parsed as XML, written back out as HTML. */
import { escapeHtmlChars } from '../../text/html-escape.js';
import type { XmlElement } from './types.js';

const VOID_ELEMENTS = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr',
]);
const MAX_XHTML_DEPTH = 200;

/** Serialises parsed XHTML back to HTML, escaping text and attribute values again. */
export function serialiseXhtml(nodes: ReadonlyArray<XmlElement | string>, depth: number): string {
  return nodes
    .map((node) => {
      if (typeof node === 'string') return escapeHtmlChars(node);
      if (depth > MAX_XHTML_DEPTH) return escapeHtmlChars(node.textContent);
      const name = node.name;
      const attributes = Object.entries(node.attributes)
        .filter(([key]) => /^[a-z_][\w.:-]*$/.test(key) && key !== 'xmlns' && !key.startsWith('xmlns:'))
        .map(([key, value]) => ` ${key}="${escapeHtmlChars(value)}"`)
        .join('');
      if (VOID_ELEMENTS.has(name)) return `<${name}${attributes}>`;
      return `<${name}${attributes}>${serialiseXhtml(node.children, depth + 1)}</${name}>`;
    })
    .join('');
}
