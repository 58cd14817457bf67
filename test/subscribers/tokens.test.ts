import { describe, expect, it } from 'vitest';
import { createTokenSigner, MAX_TOKEN } from '../../src/subscribers/tokens.js';
import { legacyToken } from '../helpers/legacy-token.js';

const SECRET = 'a-long-random-secret-of-thirty-two-chars';
const NOW = new Date('2024-06-03T09:00:00.000Z');
const LATER = new Date('2025-06-03T09:00:00.000Z');

describe('sealed link tokens', () => {
  const signer = createTokenSigner(SECRET);
  const token = signer.sign({ email: 'Ann.Lee@example.org', purpose: 'preferences', expires: LATER });

  it('name the address, hidden: nothing in the link shows it', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(signer.verify(token, 'preferences', NOW)).toEqual({ ok: true, subject: { email: 'Ann.Lee@example.org' }, expires: LATER, after: null });
    expect(Buffer.from(token, 'base64url').toString('latin1')).not.toMatch(/Ann|example/i);
  });

  it('differ each time they are made (a fresh nonce), each naming the same address', () => {
    const again = signer.sign({ email: 'Ann.Lee@example.org', purpose: 'preferences', expires: LATER });
    expect(again).not.toBe(token);
    expect(signer.verify(again, 'preferences', NOW)).toMatchObject({ ok: true, subject: { email: 'Ann.Lee@example.org' } });
  });

  it('never expire when made without an expiry (unsubscribe links)', () => {
    const unsubscribe = signer.sign({ email: 'ann@example.org', purpose: 'unsubscribe', expires: null });
    expect(signer.verify(unsubscribe, 'unsubscribe', new Date('2099-01-01T00:00:00Z'))).toMatchObject({ ok: true, expires: null });
  });

  it('carry a confirmation link’s departure', () => {
    const left = new Date('2024-05-01T10:11:12.345Z');
    const confirm = signer.sign({ email: 'ann@example.org', purpose: 'confirm', expires: LATER, after: left });
    expect(signer.verify(confirm, 'confirm', NOW)).toMatchObject({ ok: true, after: left });
  });

  it('are refused for another purpose, once expired, or under another secret', () => {
    expect(signer.verify(token, 'unsubscribe', NOW)).toEqual({ ok: false, reason: 'wrong-purpose' });
    expect(signer.verify(token, 'preferences', new Date(LATER.getTime() - 1000))).toMatchObject({ ok: true });
    expect(signer.verify(token, 'preferences', LATER)).toEqual({ ok: false, reason: 'expired' });
    expect(createTokenSigner('another-secret-that-is-long-enough-too').verify(token, 'preferences', NOW)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('made for a roundup\'s recipient serve both its links: unsubscribe for good, preferences until they expire, never a confirmation', () => {
    const both = signer.sign({ email: 'Ann.Lee@example.org', purpose: 'recipient', expires: LATER });
    const afterExpiry = new Date(LATER.getTime() + 1000);
    expect(signer.verify(both, 'preferences', NOW)).toEqual({ ok: true, subject: { email: 'Ann.Lee@example.org' }, expires: LATER, after: null });
    expect(signer.verify(both, 'preferences', afterExpiry)).toEqual({ ok: false, reason: 'expired' });
    expect(signer.verify(both, 'unsubscribe', afterExpiry)).toEqual({ ok: true, subject: { email: 'Ann.Lee@example.org' }, expires: null, after: null });
    expect(signer.verify(both, 'confirm', NOW)).toEqual({ ok: false, reason: 'wrong-purpose' });
  });

  it('are refused when any byte was changed', () => {
    const bytes = Buffer.from(token, 'base64url');
    for (let i = 1; i < bytes.length; i++) {
      const changed = Buffer.from(bytes);
      changed[i] = (changed[i] ?? 0) ^ 1;
      expect(signer.verify(changed.toString('base64url'), 'preferences', NOW), `byte ${i}`).toEqual({ ok: false, reason: 'bad-signature' });
    }
  });

  it('stay under the length a link may have, for the longest address', () => {
    const longest = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.org`;
    const made = signer.sign({ email: longest, purpose: 'confirm', expires: LATER, after: NOW });
    expect(made.length).toBeLessThanOrEqual(MAX_TOKEN);
    expect(signer.verify(made, 'confirm', NOW)).toMatchObject({ ok: true, subject: { email: longest } });
  });

  it.each([
    ['', 'malformed'],
    ['abc', 'malformed'],
    ['a.b.c', 'malformed'],
    [`${'A'.repeat(40)}=`, 'malformed'],
    [`${'a'.repeat(600)}`, 'malformed'],
    [`${'a'.repeat(600)}.${'b'.repeat(43)}`, 'malformed'],
  ])('refuses the malformed token %#', (bad, reason) => {
    expect(signer.verify(bad, 'unsubscribe', NOW)).toEqual({ ok: false, reason });
  });

  it('refuses a short one that is not a token', () => {
    expect(signer.verify(Buffer.from([2, 1, 2, 3]).toString('base64url'), 'unsubscribe', NOW)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('links made by earlier versions (a signed row id)', () => {
  const signer = createTokenSigner(SECRET);
  const e = Math.floor(LATER.getTime() / 1000);

  it('are read as naming a row id, to be looked up only as a legacy link', () => {
    expect(signer.verify(legacyToken(SECRET, { s: 42, p: 'preferences', e }), 'preferences', NOW)).toEqual({
      ok: true,
      subject: { legacyId: 42 },
      expires: LATER,
      after: null,
    });
  });

  it('still unsubscribe after their expiry (unsubscribe links never expire); the others do expire', () => {
    const after = new Date(LATER.getTime() + 400 * 86_400_000);
    expect(signer.verify(legacyToken(SECRET, { s: 42, p: 'unsubscribe', e }), 'unsubscribe', after)).toMatchObject({ ok: true, subject: { legacyId: 42 } });
    expect(signer.verify(legacyToken(SECRET, { s: 42, p: 'preferences', e }), 'preferences', after)).toEqual({ ok: false, reason: 'expired' });
  });

  it('are refused when changed, made for another purpose, or not shaped as a token', () => {
    const [payload = ''] = legacyToken(SECRET, { s: 42, p: 'unsubscribe', e }).split('.');
    const [, otherSignature = ''] = legacyToken(SECRET, { s: 43, p: 'unsubscribe', e }).split('.');
    expect(signer.verify(`${payload}.${otherSignature}`, 'unsubscribe', NOW)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(signer.verify(legacyToken(SECRET, { s: 42, p: 'confirm', e }), 'unsubscribe', NOW)).toEqual({ ok: false, reason: 'wrong-purpose' });
    expect(signer.verify(legacyToken(SECRET, { s: '42', p: 'unsubscribe', e }), 'unsubscribe', NOW)).toEqual({ ok: false, reason: 'malformed' });
  });
});
