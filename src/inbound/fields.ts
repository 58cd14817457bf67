/**
 * Header-style field blocks (RFC 5322 syntax: `Name: value`, folded lines
 * start with white space), as RFC 3464 delivery-status, RFC 5965
 * feedback-report and text/rfc822-headers parts hold them, one block per
 * paragraph. Pure.
 */
export type FieldBlock = ReadonlyMap<string, string>;

/** The blocks of `text`, field names in lower case; a repeated field keeps its first value. */
export function fieldBlocks(text: string): FieldBlock[] {
  const blocks: FieldBlock[] = [];
  let current = new Map<string, string>();
  let last: string | null = null;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (line.trim() === '') {
      if (current.size > 0) blocks.push(current);
      current = new Map();
      last = null;
    } else if (/^[ \t]/.test(line) && last !== null) {
      current.set(last, `${current.get(last) ?? ''} ${line.trim()}`);
    } else {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      last = name;
      if (!current.has(name)) current.set(name, line.slice(colon + 1).trim());
      else last = null;
    }
  }
  if (current.size > 0) blocks.push(current);
  return blocks;
}

/** The header block of a message (up to its first empty line) as one field block. */
export function headerBlock(message: string): FieldBlock {
  const normal = message.replace(/\r\n?/g, '\n');
  const end = normal.indexOf('\n\n');
  return fieldBlocks(end === -1 ? normal : normal.slice(0, end))[0] ?? new Map();
}

/** The address of a typed field such as `rfc822; ann@example.org` or `<ann@example.org>`; null when there is none. */
export function addressOf(value: string | undefined): string | null {
  if (value === undefined) return null;
  const typed = /^[A-Za-z0-9-]+\s*;\s*(.*)$/.exec(value);
  const rest = (typed ? typed[1] : value) ?? '';
  const angled = /<([^<>\s]+@[^<>\s]+)>/.exec(rest);
  const bare = angled ?? /([^\s<>;,"]+@[^\s<>;,"]+)/.exec(rest);
  return bare?.[1]?.replace(/\.$/, '') ?? null;
}
