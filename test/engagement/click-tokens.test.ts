import { describe, expect, it } from 'vitest';
import { createClickSigner, MAX_READER_TOKEN } from '../../src/engagement/click-tokens.js';

const SECRET = 'click-token-secret-0123456789-abcdefghijk';

describe('click tokens', () => {
  const signer = createClickSigner(SECRET);
  const urls = [
    'https://blog.example.org/2019/07/compliance-and-cover-up/',
    'https://example.org/?p=123&utm_source=x#comments',
    'http://example.org/blog/ça-va-très-bien/?q=ünïcode',
    `https://example.org/${'long-segment/'.repeat(40)}`,
  ];

  it('reads back the issue, post and address it was made for, in a path segment that needs no escaping', () => {
    for (const url of urls) {
      const token = signer.link({ issueId: '2019-W31', postId: '3f9a0c2e71b4d5a6', url });
      expect(token).toMatch(/^[A-Za-z0-9_.-]+$/);
      expect(encodeURIComponent(token)).toBe(token);
      expect(signer.readLink('2019-W31', token)).toEqual({ issueId: '2019-W31', postId: '3f9a0c2e71b4d5a6', url });
    }
  });

  it('reads nothing from a token made with another secret, for another issue, or changed anywhere', () => {
    const token = signer.link({ issueId: '2019-W31', postId: '3f9a0c2e71b4d5a6', url: urls[0] ?? '' });
    expect(createClickSigner(`${SECRET}x`).readLink('2019-W31', token)).toBeNull();
    expect(signer.readLink('2019-W32', token)).toBeNull();
    for (let i = 0; i < token.length; i++) {
      if (token[i] === '.') continue;
      const changed = `${token.slice(0, i)}${token[i] === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`;
      expect(signer.readLink('2019-W31', changed), `changed at ${i}`).toBeNull();
    }
  });

  it('refuses to sign anything but an http(s) address', () => {
    for (const url of ['javascript:alert(1)', 'mailto:a@b.example', '//evil.example/', 'data:text/html,hi']) {
      expect(() => signer.link({ issueId: '2019-W31', postId: 'abc', url })).toThrow(RangeError);
    }
  });

  it('names a subscriber in a short reader token bound to the issue', () => {
    const token = signer.reader('2019-W31', 9_007_199_254_740_991);
    expect(token.length).toBeLessThanOrEqual(MAX_READER_TOKEN);
    expect(signer.readReader('2019-W31', token)).toBe(9_007_199_254_740_991);
    expect(signer.readReader('2019-W31', signer.reader('2019-W31', 42))).toBe(42);
    expect(signer.readReader('2019-W32', signer.reader('2019-W31', 42))).toBeNull();
    expect(signer.readReader('2019-W31', signer.reader('2019-W31', 42).replace(/^42/, '43'))).toBeNull();
    expect(signer.readReader('2019-W31', '-')).toBeNull();
  });
});
