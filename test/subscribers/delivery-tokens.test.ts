import { describe, expect, it } from 'vitest';
import { createDeliveryTokenSigner, readDeliveryToken } from '../../src/subscribers/delivery-tokens.js';
import { inboundAddressKind, untag } from '../../src/mail/return-path.js';
import { configSchema } from '../../src/config/schema.js';

const SECRET = 'a-test-secret-that-is-long-enough-1234567890';

describe('delivery tokens (VERP and the mailto: unsubscribe address)', () => {
  const signer = createDeliveryTokenSigner(SECRET);

  it('names the delivery, survives a relay lower- or upper-casing the local part, and fits in one', () => {
    const token = signer.sign('bounce', 4242, 'Ann@Example.org');
    expect(token).toMatch(/^b[a-z2-7]+$/);
    expect(token.length).toBeLessThan(40);
    expect(readDeliveryToken(token.toUpperCase())).toEqual({ purpose: 'bounce', deliveryId: 4242 });
    expect(signer.verify(token.toUpperCase(), 'bounce', 4242, 'ann@example.org')).toBe(true);
  });

  it('acts on nobody when the address, the delivery, the purpose or the secret differ', () => {
    const token = signer.sign('unsubscribe', 7, 'ann@example.org');
    expect(signer.verify(token, 'unsubscribe', 7, 'bob@example.org')).toBe(false);
    expect(signer.verify(token, 'bounce', 7, 'ann@example.org')).toBe(false);
    expect(signer.verify(token, 'unsubscribe', 8, 'ann@example.org')).toBe(false);
    expect(createDeliveryTokenSigner(`${SECRET}x`).verify(token, 'unsubscribe', 7, 'ann@example.org')).toBe(false);
    const forged = `${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`;
    expect(signer.verify(forged, 'unsubscribe', 7, 'ann@example.org')).toBe(false);
    expect(readDeliveryToken('hello')).toBeNull();
  });

  it('knows the site’s inbound addresses in any case and with any tag', () => {
    const config = configSchema.parse({ email: { from: 'Blog <roundup@Example.org>' } });
    expect(inboundAddressKind(config, 'BOUNCES+b123@example.ORG')).toBe('bounce');
    expect(inboundAddressKind(config, 'unsubscribe@example.org')).toBe('unsubscribe');
    expect(inboundAddressKind(config, 'roundup@example.org')).toBeNull();
    const custom = configSchema.parse({ email: { from: 'roundup@example.org', returnPath: 'bounce.example.net' } });
    expect(inboundAddressKind(custom, 'bounces+x@bounce.example.net')).toBe('bounce');
    expect(untag('a+b+c@d.example')).toEqual({ base: 'a@d.example', tag: 'b+c' });
  });
});
