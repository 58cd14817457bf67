import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTokenSigner } from '../../src/subscribers/tokens.js';

const SECRET = 'a-long-random-secret-of-thirty-two-chars';
const NOW = new Date('2024-06-03T09:00:00.000Z');
const LATER = new Date('2025-06-03T09:00:00.000Z');

describe('signed link tokens', () => {
  const signer = createTokenSigner(SECRET);
  const token = signer.sign({ subscriberId: 42, purpose: 'unsubscribe', expires: LATER });

  it('verifies a token for its subscriber, purpose and lifetime', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(signer.verify(token, 'unsubscribe', NOW)).toEqual({ ok: true, subscriberId: 42, expires: LATER });
  });

  it('refuses it for another purpose', () => {
    expect(signer.verify(token, 'preferences', NOW)).toEqual({ ok: false, reason: 'wrong-purpose' });
    expect(signer.verify(token, 'confirm', NOW)).toEqual({ ok: false, reason: 'wrong-purpose' });
  });

  it('refuses it once expired', () => {
    expect(signer.verify(token, 'unsubscribe', new Date(LATER.getTime() - 1000))).toMatchObject({ ok: true });
    expect(signer.verify(token, 'unsubscribe', LATER)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token signed with another secret', () => {
    const other = createTokenSigner('another-secret-that-is-long-enough-too');
    expect(other.verify(token, 'unsubscribe', NOW)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a token whose payload was changed to name someone else or live longer', () => {
    const [payload = '', signature = ''] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    for (const changed of [{ ...claims, s: 43 }, { ...claims, e: (claims.e as number) + 86_400 }, { ...claims, p: 'preferences' }]) {
      const forged = `${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;
      expect(signer.verify(forged, 'unsubscribe', NOW)).toEqual({ ok: false, reason: 'bad-signature' });
    }
  });

  it.each([
    ['', 'malformed'],
    ['abc', 'malformed'],
    ['a.b.c', 'malformed'],
    [`${token}.x`, 'malformed'],
    [`${token.slice(0, -1)}`, 'malformed'],
    [`${token.replace('.', '.%')}`, 'malformed'],
    [`${'a'.repeat(600)}.${'b'.repeat(43)}`, 'malformed'],
  ])('refuses the malformed token %#', (bad, reason) => {
    expect(signer.verify(bad, 'unsubscribe', NOW)).toEqual({ ok: false, reason });
  });

  it('refuses a correctly signed payload that is not a token', () => {
    // Someone who had the secret could sign anything; the reader still checks the shape.
    const payload = Buffer.from(JSON.stringify({ s: '42', p: 'unsubscribe', e: 9e9 })).toString('base64url');
    const signature = createHmac('sha256', SECRET).update('tidings-link-v1.').update(payload).digest('base64url');
    expect(signer.verify(`${payload}.${signature}`, 'unsubscribe', NOW)).toEqual({ ok: false, reason: 'malformed' });
  });
});
