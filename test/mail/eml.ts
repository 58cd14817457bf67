/**
 * A small, strict reader of the messages tidings writes (message.eml), by
 * hand: mailparser is not a dependency. Enough to check the structure a
 * mail client relies on, never the generator's own code.
 */

export interface MimePart {
  /** Lower-case header name → values (unfolded), in order. */
  readonly headers: Map<string, string[]>;
  /** The body as it is in the message (still transfer-encoded). */
  readonly raw: string;
}

export interface ParsedEml extends MimePart {
  readonly parts: readonly (MimePart & { readonly decoded: string })[];
  readonly boundary: string;
}

export function parseEml(bytes: Buffer): ParsedEml {
  const text = bytes.toString('latin1');
  if (/(?<!\r)\n/.test(text)) throw new Error('a bare LF: RFC 5322 lines end in CRLF');
  const top = splitPart(text);
  const contentType = one(top.headers, 'content-type');
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (boundary === undefined) throw new Error(`no boundary in ${contentType}`);
  const delimiter = `\r\n--${boundary}`;
  const body = `\r\n${top.raw}`;
  const end = body.indexOf(`${delimiter}--`);
  if (end === -1) throw new Error('no closing boundary');
  const chunks = body.slice(0, end).split(delimiter).slice(1);
  const parts = chunks.map((chunk) => {
    const part = splitPart(chunk.replace(/^\r\n/, ''));
    return { ...part, decoded: decode(part) };
  });
  return { ...top, parts, boundary };
}

function splitPart(text: string): MimePart {
  const at = text.indexOf('\r\n\r\n');
  if (at === -1) throw new Error('no blank line after the headers');
  const headers = new Map<string, string[]>();
  const lines = text.slice(0, at).split('\r\n');
  let current: [string, string] | undefined;
  const flush = (): void => {
    if (current) headers.set(current[0], [...(headers.get(current[0]) ?? []), current[1]]);
  };
  for (const line of lines) {
    if (/^[ \t]/.test(line)) {
      if (!current) throw new Error(`a continuation line with no header: ${line}`);
      current[1] += ` ${line.trim()}`;
      continue;
    }
    flush();
    const colon = line.indexOf(':');
    if (colon < 1) throw new Error(`not a header line: ${line}`);
    current = [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
  }
  flush();
  return { headers, raw: text.slice(at + 4) };
}

export function one(headers: Map<string, string[]>, name: string): string {
  const values = headers.get(name) ?? [];
  if (values.length !== 1) throw new Error(`expected one ${name} header, found ${values.length}`);
  return values[0] ?? '';
}

/** The part's text: quoted-printable or base64 decoded, as UTF-8. */
function decode(part: MimePart): string {
  const encoding = (part.headers.get('content-transfer-encoding')?.[0] ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.raw.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const soft = part.raw.replace(/=\r\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < soft.length; i++) {
      if (soft[i] === '=' && /^[0-9A-F]{2}$/.test(soft.slice(i + 1, i + 3))) {
        bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.push(soft.charCodeAt(i));
      }
    }
    return Buffer.from(bytes).toString('utf8');
  }
  return Buffer.from(part.raw, 'latin1').toString('utf8');
}

/** Decodes an RFC 2047 header value (=?UTF-8?Q?…?= / =?UTF-8?B?…?= words). */
export function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_, mode: string, data: string) =>
      mode.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    );
}
