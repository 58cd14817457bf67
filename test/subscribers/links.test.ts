import { describe, expect, it } from 'vitest';
import { subscriptionLinks } from '../../src/subscribers/links.js';
import { createTokenSigner } from '../../src/subscribers/tokens.js';

const signer = createTokenSigner('links-test-secret-0123456789-abcdefgh');
const NOW = new Date('2024-06-03T09:00:00.000Z');
const DAY = 86_400_000;

describe('subscription links', () => {
  it('sign each purpose with its own lifetime, below the site URL', () => {
    const links = subscriptionLinks(signer, { baseUrl: 'https://example.org/blog', confirmDays: 7, linkDays: 365 }, NOW);
    const confirm = links.confirm(42);
    const unsubscribe = links.unsubscribe(42);
    expect(confirm.url).toMatch(/^https:\/\/example\.org\/blog\/confirm\?token=[\w-]+\.[\w-]{43}$/);
    expect(unsubscribe.url).toMatch(/^https:\/\/example\.org\/blog\/unsubscribe\?token=/);
    expect(links.preferences(42).url).toMatch(/^https:\/\/example\.org\/blog\/preferences\?token=/);
    expect(confirm.expires).toEqual(new Date(NOW.getTime() + 7 * DAY));
    expect(unsubscribe.expires).toEqual(new Date(NOW.getTime() + 365 * DAY));

    const token = new URL(unsubscribe.url).searchParams.get('token') ?? '';
    expect(signer.verify(token, 'unsubscribe', new Date(NOW.getTime() + 364 * DAY))).toMatchObject({ ok: true, subscriberId: 42 });
    expect(signer.verify(token, 'confirm', NOW)).toMatchObject({ ok: false });
  });

  it('carry the token as the only parameter, whatever query or fragment the site URL has', () => {
    const links = subscriptionLinks(signer, { baseUrl: 'https://example.org/news/?utm=x#top', confirmDays: 7, linkDays: 365 }, NOW);
    for (const link of [links.confirm(7), links.unsubscribe(7), links.preferences(7)]) {
      const url = new URL(link.url);
      expect(url.origin + url.pathname).toMatch(/^https:\/\/example\.org\/news\/(confirm|unsubscribe|preferences)$/);
      expect([...url.searchParams.keys()]).toEqual(['token']);
      expect(url.hash).toBe('');
    }
  });
});
