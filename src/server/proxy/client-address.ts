import { parseIp, parseIpRange, rangeHolds, type IpAddress, type IpRange } from './ip-address.js';

/**
 * The client's address behind reverse proxies (server.trustedProxies).
 * Pure: the socket's peer, the request's headers and the trusted ranges in,
 * one address out.
 *
 * A request from a peer that is not a trusted proxy is that peer's,
 * whatever its headers say. From a trusted proxy, the chain of hops its
 * headers name (Forwarded, RFC 7239, `for=`; X-Forwarded-For) is walked
 * from the right, the end the proxies nearest to us wrote, skipping hops
 * that are trusted proxies too; the first one that is not is the client
 * (nginx's real_ip_recursive, Express's trust proxy). A hop that is not an
 * address (`unknown`, an obfuscated `_hidden`, anything unreadable) ends
 * the walk at the trusted hop that named it: such requests count as that
 * proxy's, as every request did before trustedProxies. Only the hops to
 * the right of the first untrusted one were written by proxies we trust;
 * anything to its left is the client's to invent and is never read.
 *
 * When a request carries both headers and they name different clients,
 * one of them came from the client through a proxy that set only the
 * other, and nothing says which: the request counts as the proxy's own.
 */
export interface TrustedProxies {
  /** No ranges: every request is its socket peer's. */
  readonly none: boolean;
  holds(address: IpAddress): boolean;
}

/** The ranges of server.trustedProxies; throws a RangeError naming an entry that is neither an address nor a CIDR range. */
export function trustedProxies(entries: readonly string[]): TrustedProxies {
  const ranges: IpRange[] = entries.map((entry) => {
    const range = parseIpRange(entry.trim());
    if (range === undefined) throw new RangeError(`not an IP address or CIDR range: "${entry}"`);
    return range;
  });
  return { none: ranges.length === 0, holds: (address) => ranges.some((range) => rangeHolds(range, address)) };
}

/** Request headers by lower-case name (IncomingHttpHeaders is one); a header sent several times is a list or joined with commas. */
export type HeaderValues = Readonly<Record<string, string | string[] | undefined>>;

/** The client's address, in one written form (IPv4-mapped IPv6 as IPv4); the peer as given when the socket has none readable. */
export function clientAddress(peer: string | undefined, headers: HeaderValues, trusted: TrustedProxies): string {
  const peerIp = peer === undefined ? undefined : parseIp(peer);
  if (peerIp === undefined) return peer ?? 'unknown';
  if (trusted.none || !trusted.holds(peerIp)) return peerIp.text;
  const forwarded = joined(headers.forwarded);
  const xff = joined(headers['x-forwarded-for']);
  const byForwarded = forwarded === undefined ? undefined : walk(forwardedFor(forwarded), peerIp, trusted);
  const byXff = xff === undefined ? undefined : walk(xff.split(',').map(readHop), peerIp, trusted);
  if (byForwarded !== undefined && byXff !== undefined && byForwarded.text !== byXff.text) return peerIp.text;
  return (byForwarded ?? byXff ?? peerIp).text;
}

/** Several headers of one name are one list, in order (Node joins most with ", " itself). */
function joined(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value.join(',') : value;
  return text === undefined || text.trim() === '' ? undefined : text;
}

/** From the right: the first hop that is not a trusted proxy; a hop that is no address stops at the trusted one that named it. */
function walk(hops: readonly (IpAddress | undefined)[], peer: IpAddress, trusted: TrustedProxies): IpAddress {
  let nearest = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i];
    if (hop === undefined) return nearest;
    if (!trusted.holds(hop)) return hop;
    nearest = hop;
  }
  // Every hop is a trusted proxy: the client is the first of them.
  return nearest;
}

/**
 * One hop as a header writes it: "192.0.2.60", "192.0.2.60:4711",
 * "[2001:db8::17]", "[2001:db8::17]:4711", a bare "2001:db8::17"
 * (X-Forwarded-For), with or without quotes; undefined when it is no
 * address ("unknown", "_hidden", "").
 */
function readHop(text: string): IpAddress | undefined {
  let hop = text.trim();
  if (hop.length >= 2 && hop.startsWith('"') && hop.endsWith('"')) hop = hop.slice(1, -1).trim();
  if (hop.startsWith('[')) {
    const close = hop.indexOf(']');
    const after = hop.slice(close + 1);
    if (close < 0 || !(after === '' || /^:\d{1,5}$/.test(after))) return undefined;
    return parseIp(hop.slice(1, close));
  }
  const colons = hop.split(':').length - 1;
  if (colons === 1) {
    const [address = '', port = ''] = hop.split(':');
    return /^\d{1,5}$/.test(port) ? parseIp(address) : undefined;
  }
  return parseIp(hop);
}

/**
 * The `for=` of each element of a Forwarded header (RFC 7239 section 4),
 * in order: elements split at commas and pairs at semicolons outside
 * quoted strings, names case-insensitive, values tokens or quoted strings
 * (backslash escapes). An element without a readable `for=` is a hop of
 * unknown address.
 */
function forwardedFor(value: string): (IpAddress | undefined)[] {
  return splitOutsideQuotes(value, ',').map((element) => {
    let found: IpAddress | undefined;
    let seen = false;
    for (const pair of splitOutsideQuotes(element, ';')) {
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      if (pair.slice(0, eq).trim().toLowerCase() !== 'for') continue;
      // A second for= in one element is malformed: the hop is unknown.
      if (seen) return undefined;
      seen = true;
      const raw = unquote(pair.slice(eq + 1).trim());
      found = raw === undefined ? undefined : readHop(raw);
    }
    return found;
  });
}

function unquote(value: string): string | undefined {
  if (!value.startsWith('"')) return /^[!#$%&'*+.^_`|~0-9A-Za-z:[\]-]+$/.test(value) ? value : undefined;
  if (value.length < 2 || !value.endsWith('"')) return undefined;
  return value.slice(1, -1).replace(/\\(.)/g, '$1');
}

function splitOutsideQuotes(text: string, separator: ',' | ';'): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    if (quoted && char === '\\') {
      current += char + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (char === separator && !quoted) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}
