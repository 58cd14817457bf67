import { isIPv4, isIPv6 } from 'node:net';

/**
 * IP addresses and CIDR ranges as the trusted-proxy check needs them: an
 * address is its family and its bits, an IPv4-mapped IPv6 address
 * (::ffff:192.0.2.1, what a dual-stack socket reports for an IPv4 peer) is
 * the IPv4 address it carries, and every address has one written form, so
 * that "2001:DB8::1" and "2001:db8:0::1" are one client.
 */
export interface IpAddress {
  family: 4 | 6;
  /** 4 or 16 bytes, network order. */
  bytes: Uint8Array;
  /** The one written form: dotted IPv4, compressed lower-case IPv6. */
  text: string;
}

export interface IpRange {
  family: 4 | 6;
  bytes: Uint8Array;
  /** Leading bits that must match: 0..32 or 0..128. */
  prefix: number;
  text: string;
}

const MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** An address as written in a config, a header or by the socket; undefined when it is none (no ports, brackets or zone ids). */
export function parseIp(text: string): IpAddress | undefined {
  if (isIPv4(text)) {
    const bytes = Uint8Array.from(text.split('.').map(Number));
    return { family: 4, bytes, text: [...bytes].join('.') };
  }
  if (!isIPv6(text) || text.includes('%')) return undefined;
  const bytes = ipv6Bytes(text);
  if (MAPPED_PREFIX.every((byte, i) => bytes[i] === byte)) {
    const v4 = bytes.slice(12);
    return { family: 4, bytes: v4, text: [...v4].join('.') };
  }
  // The URL parser writes IPv6 the one canonical way (RFC 5952).
  return { family: 6, bytes, text: new URL(`http://[${text}]/`).hostname.slice(1, -1) };
}

function ipv6Bytes(text: string): Uint8Array {
  // An IPv4 tail ("::ffff:192.0.2.1") is two more groups ("::ffff:c000:201").
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  let groups = text;
  if (last.includes('.')) {
    const [a = 0, b = 0, c = 0, d = 0] = last.split('.').map(Number);
    groups = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const toWords = (part: string) => (part === '' ? [] : part.split(':').map((word) => parseInt(word, 16)));
  const [head = '', rest] = groups.split('::');
  const front = toWords(head);
  const back = rest === undefined ? [] : toWords(rest);
  const words = [...front, ...Array<number>(Math.max(0, 8 - front.length - back.length)).fill(0), ...back];
  const bytes = new Uint8Array(16);
  words.forEach((word, i) => {
    bytes[i * 2] = word >> 8;
    bytes[i * 2 + 1] = word & 0xff;
  });
  return bytes;
}

/** An address or a CIDR range ("10.0.0.0/8", "fd00::/8", "192.0.2.7" = /32); undefined when it is neither. */
export function parseIpRange(text: string): IpRange | undefined {
  const slash = text.indexOf('/');
  const address = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (address === undefined) return undefined;
  const max = address.family === 4 ? 32 : 128;
  let prefix = max;
  if (slash >= 0) {
    const bits = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(bits)) return undefined;
    prefix = Number(bits);
    // A mapped IPv4 range (::ffff:10.0.0.0/104) is the IPv4 range it carries.
    const written = text.slice(0, slash);
    if (address.family === 4 && written.includes(':')) prefix -= 96;
    if (prefix < 0 || prefix > max) return undefined;
  }
  return { family: address.family, bytes: address.bytes, prefix, text: `${address.text}/${prefix}` };
}

export function rangeHolds(range: IpRange, address: IpAddress): boolean {
  if (range.family !== address.family) return false;
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((range.bytes[i] ?? 0) & mask) !== ((address.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}
