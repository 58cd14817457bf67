import { describe, expect, it } from 'vitest';
import { subscriptionLinks } from '../../src/subscribers/links.js';
import { createTokenSigner } from '../../src/subscribers/tokens.js';

const signer = createTokenSigner('links-test-secret-0123456789-abcdefgh');
const NOW = new Date('2024-06-03T09:00:00.000Z');
const DAY = 86_400_000;
const ann = { email: 'ann@example.org', unsubscribedAt: null };

describe('subscription links', () => {
  it('name the address for each purpose, below the site URL: confirmation and preferences expire, unsubscribe never', () => {
    const links = subscriptionLinks(signer, { baseUrl: 'https://example.org/blog', confirmDays: 7, linkDays: 365 }, NOW);
    const confirm = links.confirm(ann);
    const unsubscribe = links.unsubscribe(ann.email);
    const preferences = links.preferences(ann.email);
    expect(confirm.url).toMatch(/^https:\/\/example\.org\/blog\/confirm\?token=[\w-]+$/);
    expect(unsubscribe.url).toMatch(/^https:\/\/example\.org\/blog\/unsubscribe\?token=[\w-]+$/);
    expect(preferences.url).toMatch(/^https:\/\/example\.org\/blog\/preferences\?token=[\w-]+$/);
    expect(confirm.expires).toEqual(new Date(NOW.getTime() + 7 * DAY));
    expect(unsubscribe.expires).toBeNull();
    expect(preferences.expires).toEqual(new Date(NOW.getTime() + 365 * DAY));

    const token = (url: string) => new URL(url).searchParams.get('token') ?? '';
    const muchLater = new Date(NOW.getTime() + 4000 * DAY);
    expect(signer.verify(token(unsubscribe.url), 'unsubscribe', muchLater)).toMatchObject({ ok: true, subject: { email: 'ann@example.org' } });
    expect(signer.verify(token(preferences.url), 'preferences', muchLater)).toEqual({ ok: false, reason: 'expired' });
    expect(signer.verify(token(unsubscribe.url), 'confirm', NOW)).toMatchObject({ ok: false });
  });

  it('make a confirmation link name the departure of a reader who left', () => {
    const links = subscriptionLinks(signer, { baseUrl: 'https://example.org/', confirmDays: 7, linkDays: 365 }, NOW);
    const left = '2024-05-01T10:00:00.000Z';
    const token = new URL(links.confirm({ email: 'ann@example.org', unsubscribedAt: left }).url).searchParams.get('token') ?? '';
    expect(signer.verify(token, 'confirm', NOW)).toMatchObject({ ok: true, after: new Date(left) });
  });

  it('carry the token as the only parameter, whatever query or fragment the site URL has', () => {
    const links = subscriptionLinks(signer, { baseUrl: 'https://example.org/news/?utm=x#top', confirmDays: 7, linkDays: 365 }, NOW);
    for (const link of [links.confirm(ann), links.unsubscribe(ann.email), links.preferences(ann.email)]) {
      const url = new URL(link.url);
      expect(url.origin + url.pathname).toMatch(/^https:\/\/example\.org\/news\/(confirm|unsubscribe|preferences)$/);
      expect([...url.searchParams.keys()]).toEqual(['token']);
      expect(url.hash).toBe('');
    }
  });
});
