import { afterEach, describe, expect, it } from 'vitest';
import { startSubscriptionApp, type SubscriptionApp } from './subscriptions-helpers.js';

/** Sign-ups through a proxy on this machine (the test's fetch comes from 127.0.0.1), with what it would say about the client. */
describe('sign-up limits behind a reverse proxy', () => {
  let app: SubscriptionApp;
  afterEach(async () => {
    await app.close();
  });

  const signUps = async (count: number, headers: Record<string, string>) => {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) statuses.push((await app.post('/subscribe', `email=p${i}%40example.org&website=bot`, headers)).status);
    return statuses;
  };
  const FIVE_THEN_429 = [200, 200, 200, 200, 200, 429];

  it('limits each client a trusted proxy names on its own', async () => {
    app = await startSubscriptionApp('server:\n  trustedProxies: [127.0.0.1, "::1"]\n');
    expect(await signUps(6, { 'x-forwarded-for': '203.0.113.7' })).toEqual(FIVE_THEN_429);
    expect(await signUps(6, { forwarded: 'for="[2001:db8::7]:4711";proto=https' })).toEqual(FIVE_THEN_429);
    // A client cannot escape its limit by writing its own header: the proxy appends the address it saw.
    expect(await signUps(1, { 'x-forwarded-for': '198.51.100.1, 203.0.113.7' })).toEqual([429]);
  });

  it('without trustedProxies, every request is the proxy’s: one limit for all, whatever the headers say', async () => {
    app = await startSubscriptionApp();
    expect(await signUps(3, { 'x-forwarded-for': '203.0.113.7' })).toEqual([200, 200, 200]);
    expect(await signUps(3, { 'x-forwarded-for': '203.0.113.8' })).toEqual([200, 200, 429]);
  });

  it('refuses a trustedProxies entry that is not an address or range, naming the key', async () => {
    await expect(startSubscriptionApp('server:\n  trustedProxies: [127.0.0.1, localhost]\n')).rejects.toThrow(/server\.trustedProxies.*"localhost"/s);
    app = await startSubscriptionApp();
  });
});
