import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { clientAddress, trustedProxies, type HeaderValues } from '../../src/server/proxy/client-address.js';

const LOCAL = ['127.0.0.1', '::1'];
const FLEET = ['10.0.0.0/8', '2001:db8:cafe::/48', '::ffff:172.16.0.0/108'];

/** [what, trusted proxies, socket peer, headers, the client tidings must see] */
const CASES: [string, string[], string, HeaderValues, string][] = [
  ['no trusted proxies: the headers are ignored', [], '127.0.0.1', { 'x-forwarded-for': '203.0.113.7', forwarded: 'for=203.0.113.8' }, '127.0.0.1'],
  ['a spoofed X-Forwarded-For from a peer that is not trusted is ignored', LOCAL, '198.51.100.9', { 'x-forwarded-for': '203.0.113.7' }, '198.51.100.9'],
  ['a spoofed Forwarded from a peer that is not trusted is ignored', LOCAL, '198.51.100.9', { forwarded: 'for=203.0.113.7' }, '198.51.100.9'],
  ['the trusted proxy names the client', LOCAL, '127.0.0.1', { 'x-forwarded-for': '203.0.113.7' }, '203.0.113.7'],
  ['what the client wrote left of its own address is never read', LOCAL, '127.0.0.1', { 'x-forwarded-for': '1.1.1.1, 6.6.6.6, 203.0.113.7' }, '203.0.113.7'],
  ['trusted hops are skipped from the right', FLEET, '10.0.0.2', { 'x-forwarded-for': '6.6.6.6, 203.0.113.7, 10.1.2.3, 10.0.0.9' }, '203.0.113.7'],
  ['every hop trusted: the first of them', FLEET, '10.0.0.2', { 'x-forwarded-for': '10.9.9.9, 10.0.0.9' }, '10.9.9.9'],
  ['no header from a trusted proxy: the proxy itself', LOCAL, '127.0.0.1', {}, '127.0.0.1'],
  ['an empty header: the proxy itself', LOCAL, '127.0.0.1', { 'x-forwarded-for': ' ' }, '127.0.0.1'],
  ['IPv6 peer and hop, written canonically', LOCAL, '::1', { 'x-forwarded-for': '2001:DB8:0:0::0:1' }, '2001:db8::1'],
  ['an IPv6 trusted range', FLEET, '2001:db8:cafe:1::5', { 'x-forwarded-for': '2001:db8:beef::9, 2001:db8:cafe::7' }, '2001:db8:beef::9'],
  ['a mapped IPv4 peer matches an IPv4 trusted entry', LOCAL, '::ffff:127.0.0.1', { 'x-forwarded-for': '::ffff:203.0.113.7' }, '203.0.113.7'],
  ['a mapped IPv4 range is its IPv4 range', FLEET, '172.16.5.5', { 'x-forwarded-for': '203.0.113.7' }, '203.0.113.7'],
  ['a mapped IPv4 client of an untrusted peer is its IPv4 address', LOCAL, '::ffff:198.51.100.9', {}, '198.51.100.9'],
  ['X-Forwarded-For with ports', LOCAL, '127.0.0.1', { 'x-forwarded-for': '203.0.113.7:51234, [2001:db8::2]:443' }, '2001:db8::2'],
  ['Forwarded: the for= of the last element', LOCAL, '127.0.0.1', { forwarded: 'for=6.6.6.6, for=203.0.113.7;proto=https;by=127.0.0.1' }, '203.0.113.7'],
  ['Forwarded: quoted IPv6 with a port, names in any case', LOCAL, '127.0.0.1', { forwarded: 'proto=https;For="[2001:db8:cafe::17]:4711"' }, '2001:db8:cafe::17'],
  ['Forwarded: quoted IPv4 with a port', LOCAL, '127.0.0.1', { forwarded: 'for="203.0.113.7:47011"' }, '203.0.113.7'],
  ['Forwarded: commas and semicolons inside quotes do not split', LOCAL, '127.0.0.1', { forwarded: 'for=203.0.113.7;ext="a, b; c=d"' }, '203.0.113.7'],
  ['Forwarded: an obfuscated hop stops at the proxy that named it', LOCAL, '127.0.0.1', { forwarded: 'for=203.0.113.7, for="_hidden"' }, '127.0.0.1'],
  ['Forwarded: unknown stops at the proxy that named it', FLEET, '10.0.0.2', { forwarded: 'for=203.0.113.7, for=unknown, for=10.0.0.9' }, '10.0.0.9'],
  ['Forwarded: an element without for= is a hop of unknown address', LOCAL, '127.0.0.1', { forwarded: 'for=203.0.113.7, proto=https' }, '127.0.0.1'],
  ['Forwarded: an unclosed quote hides nothing behind it', LOCAL, '127.0.0.1', { forwarded: 'for="6.6.6.6, for=203.0.113.7' }, '127.0.0.1'],
  ['X-Forwarded-For: garbage stops at the proxy', LOCAL, '127.0.0.1', { 'x-forwarded-for': '203.0.113.7, not-an-ip' }, '127.0.0.1'],
  ['several X-Forwarded-For headers are one list', FLEET, '10.0.0.2', { 'x-forwarded-for': ['6.6.6.6', '203.0.113.7, 10.0.0.9'] }, '203.0.113.7'],
  ['several Forwarded headers are one list', FLEET, '10.0.0.2', { forwarded: ['for=6.6.6.6', 'for=203.0.113.7, for=10.0.0.9'] }, '203.0.113.7'],
  ['both headers naming one client', LOCAL, '127.0.0.1', { forwarded: 'for=203.0.113.7', 'x-forwarded-for': '203.0.113.7' }, '203.0.113.7'],
  ['both headers naming different clients: the proxy itself', LOCAL, '127.0.0.1', { forwarded: 'for=6.6.6.6', 'x-forwarded-for': '203.0.113.7' }, '127.0.0.1'],
  ['a trusted hop in the header does not make the peer trusted', ['10.0.0.0/8'], '198.51.100.9', { 'x-forwarded-for': '10.0.0.1' }, '198.51.100.9'],
];

describe('the client address behind trusted proxies', () => {
  it.each(CASES)('%s', (_what, trusted, peer, headers, expected) => {
    expect(clientAddress(peer, headers, trustedProxies(trusted))).toBe(expected);
  });

  it('gives the socket peer as it is when it is not an address', () => {
    expect(clientAddress(undefined, {}, trustedProxies(LOCAL))).toBe('unknown');
  });

  it('refuses an entry that is neither an address nor a CIDR range, naming it', () => {
    for (const bad of ['localhost', '10.0.0.0/33', '::1/129', '10.0.0.1/', '10.0.0/8', 'fe80::1%eth0', '']) {
      expect(() => trustedProxies([bad])).toThrow(`"${bad}"`);
    }
  });

  it('reads a header sent several times as one list, as Node hands it over', async () => {
    const trusted = trustedProxies(['127.0.0.1', '::1', '10.0.0.0/8']);
    const server = createServer((req, res) => res.end(clientAddress(req.socket.remoteAddress, req.headers, trusted)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const ask = (headers: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
        let answer = '';
        socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
        socket.on('end', () => resolve(answer.split('\r\n\r\n')[1] ?? ''));
        socket.on('error', reject);
        socket.end(`GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n${headers}\r\n`);
      });
    try {
      expect(await ask('forwarded: for=6.6.6.6\r\nforwarded: for=203.0.113.7, for=10.0.0.9\r\n')).toBe('203.0.113.7');
      expect(await ask('x-forwarded-for: 6.6.6.6\r\nx-forwarded-for: 203.0.113.8\r\n')).toBe('203.0.113.8');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
