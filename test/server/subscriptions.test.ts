import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse.js';
import { subscriptionRoutes } from '../../src/server/subscriptions/index.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { CONFIG_YAML, linkTo, startSubscriptionApp, type SubscriptionApp } from './subscriptions-helpers.js';

const DAY = 86_400_000;

describe('subscription endpoints', () => {
  let app: SubscriptionApp;
  beforeEach(async () => {
    app = await startSubscriptionApp();
  });
  afterEach(async () => {
    await app.close();
  });

  const subscribe = (fields: Record<string, string | string[]>, headers?: Record<string, string>) => {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(fields)) for (const one of [value].flat()) form.append(key, one);
    return app.post('/subscribe', form, headers);
  };
  const active = async (email: string) => {
    const [result] = await app.store.upsertSubscribers([{ email, name: 'Ann', status: 'active' }]);
    if (result === undefined) throw new Error('not stored');
    return result.subscriber;
  };

  describe('the sign-up form', () => {
    it('is a small page with labelled inputs, a hidden honeypot and nothing loaded from elsewhere', async () => {
      const res = await app.get('/subscribe');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      const html = await res.text();
      for (const id of ['email', 'name', 'theme-courts', 'theme-adoption', 'website']) {
        expect(html).toContain(`<label for="${id}">`);
        expect(html).toContain(`id="${id}"`);
      }
      expect(html).toMatch(/<div class="hp" aria-hidden="true">/);
      expect(html).not.toMatch(/<(script|img|link|iframe)\b|src=|url\(/);
      expect(html).toContain('<html lang="en-GB">');
    });
  });

  describe('double opt-in, end to end', () => {
    it('subscribes, confirms by the emailed link, chooses themes and leaves', async () => {
      const res = await subscribe({ email: 'Ann.Lee@Example.ORG', name: 'Ann Lee', themes: 'courts', website: '' });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Check your inbox');
      const pending = await app.store.findSubscriberByEmail('ann.lee@example.org');
      expect(pending).toMatchObject({ email: 'Ann.Lee@example.org', name: 'Ann Lee', status: 'pending', themes: ['courts'] });

      const [mail] = await app.sink.waitFor(1);
      expect(mail?.to).toEqual(['Ann.Lee@example.org']);
      expect(mail?.parsed.from?.value).toEqual([{ name: 'Care Notes', address: 'roundup@example.org' }]);
      expect(mail?.parsed.replyTo?.text).toBe('editor@example.org');
      expect(mail?.parsed.subject).toBe('Confirm your subscription to Care Notes');
      expect(mail?.raw.toString()).toMatch(/^List-Id: "Care Notes" <roundup\.127\.0\.0\.1>\r?$/im);
      expect(mail?.parsed.text).toContain('The link works until 10 June 2024');
      const link = linkTo(mail?.parsed.text ?? '', 'confirm');
      expect(mail?.parsed.html).toContain(link.replaceAll('&', '&amp;'));
      expect(link.startsWith(app.base)).toBe(true);

      const opened = await fetch(link);
      expect(opened.status).toBe(200);
      const button = await opened.text();
      expect(button).toContain('<form method="post">');
      expect(button).toContain('<button type="submit">Confirm my subscription</button>');
      expect(button).toContain('Ann.Lee@example.org');
      expect(await app.store.getSubscriber(pending?.id ?? 0)).toMatchObject({ status: 'pending' });
      const confirmed = await fetch(link, { method: 'POST' });
      expect(confirmed.status).toBe(200);
      const confirmedPage = await confirmed.text();
      expect(confirmedPage).toContain('You are subscribed');
      expect(await app.store.getSubscriber(pending?.id ?? 0)).toMatchObject({ status: 'active' });

      const preferences = linkTo(confirmedPage.replaceAll('&amp;', '&'), 'preferences');
      const page = await (await fetch(preferences)).text();
      expect(page).toMatch(/id="theme-courts" name="themes" value="courts" checked/);
      expect(page).not.toMatch(/value="adoption" checked/);

      const saved = await fetch(preferences, { method: 'POST', body: 'themes=adoption&themes=courts&action=save', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(saved.status).toBe(200);
      expect(await saved.text()).toContain('Saved');
      expect((await app.store.getSubscriber(pending?.id ?? 0))?.themes).toEqual(['adoption', 'courts']);

      const left = await fetch(preferences, { method: 'POST', body: 'action=unsubscribe', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(left.status).toBe(200);
      expect(await left.text()).toContain('You are unsubscribed');
      expect((await app.store.getSubscriber(pending?.id ?? 0))?.status).toBe('unsubscribed');
    });

    it('confirms twice without harm, but never brings back someone who left', async () => {
      await subscribe({ email: 'ann@example.org' });
      const [mail] = await app.sink.waitFor(1);
      const link = linkTo(mail?.parsed.text ?? '', 'confirm');
      expect((await fetch(link, { method: 'POST' })).status).toBe(200);
      expect((await fetch(link, { method: 'POST' })).status).toBe(200);
      const ann = await app.store.findSubscriberByEmail('ann@example.org');
      expect(ann?.status).toBe('active');
      await app.store.setSubscriberStatus(ann?.id ?? 0, 'unsubscribed');
      expect((await fetch(link)).status).toBe(400);
      expect((await fetch(link, { method: 'POST' })).status).toBe(400);
      expect((await app.store.getSubscriber(ann?.id ?? 0))?.status).toBe('unsubscribed');
    });

    it('does not confirm on a HEAD request (link checkers)', async () => {
      await subscribe({ email: 'ann@example.org' });
      const [mail] = await app.sink.waitFor(1);
      const link = linkTo(mail?.parsed.text ?? '', 'confirm');
      expect((await fetch(link, { method: 'HEAD' })).status).toBe(200);
      expect((await app.store.findSubscriberByEmail('ann@example.org'))?.status).toBe('pending');
    });

    it('lets a confirmation link expire after confirmDays', async () => {
      await subscribe({ email: 'ann@example.org' });
      const [mail] = await app.sink.waitFor(1);
      const link = linkTo(mail?.parsed.text ?? '', 'confirm');
      app.clock.now = new Date(app.clock.now.getTime() + 7 * DAY + 1000);
      expect((await fetch(link)).status).toBe(400);
      expect((await fetch(link, { method: 'POST' })).status).toBe(400);
      expect((await app.store.findSubscriberByEmail('ann@example.org'))?.status).toBe('pending');
    });
  });

  describe('one-click unsubscribe (RFC 8058)', () => {
    it('unsubscribes on a POST of List-Unsubscribe=One-Click, answering 200 with no page in between', async () => {
      const ann = await active('ann@example.org');
      const res = await app.post(`/unsubscribe?token=${app.token(ann, 'unsubscribe')}`, 'List-Unsubscribe=One-Click');
      expect(res.status).toBe(200);
      expect(res.headers.get('location')).toBeNull();
      expect((await app.store.getSubscriber(ann.id))?.status).toBe('unsubscribed');
    });

    it('takes the one-click POST as multipart/form-data too, and a second one is harmless', async () => {
      const ann = await active('ann@example.org');
      const form = new FormData();
      form.set('List-Unsubscribe', 'One-Click');
      const url = new URL(`/unsubscribe?token=${app.token(ann, 'unsubscribe')}`, app.base);
      expect((await fetch(url, { method: 'POST', body: form })).status).toBe(200);
      expect((await fetch(url, { method: 'POST', body: form })).status).toBe(200);
      expect((await app.store.getSubscriber(ann.id))?.status).toBe('unsubscribed');
    });

    it('shows a one-button page on GET, whose button unsubscribes', async () => {
      const ann = await active('ann@example.org');
      const path = `/unsubscribe?token=${app.token(ann, 'unsubscribe')}`;
      const page = await (await app.get(path)).text();
      expect(page).toContain('<form method="post">');
      expect(page).toContain('<button type="submit">Unsubscribe</button>');
      expect((await app.store.getSubscriber(ann.id))?.status).toBe('active');
      const hidden = /<input type="hidden" name="([^"]+)" value="([^"]+)">/.exec(page);
      const res = await app.post(path, `${hidden?.[1]}=${hidden?.[2]}`);
      expect(res.status).toBe(200);
      expect((await app.store.getSubscriber(ann.id))?.status).toBe('unsubscribed');
    });

    it('keeps a bounced address bounced', async () => {
      const ann = await active('ann@example.org');
      await app.store.setSubscriberStatus(ann.id, 'bounced');
      expect((await app.post(`/unsubscribe?token=${app.token(ann, 'unsubscribe')}`, 'List-Unsubscribe=One-Click')).status).toBe(200);
      expect((await app.store.getSubscriber(ann.id))?.status).toBe('bounced');
    });
  });

  describe('links that do not work', () => {
    it('acts only on the subscriber a token names, and not at all once it is changed', async () => {
      const ann = await active('ann@example.org');
      const bob = await active('bob@example.org');
      const annToken = app.token(ann, 'unsubscribe', null);
      for (const at of [3, Math.floor(annToken.length / 2), annToken.length - 3]) {
        const changed = `${annToken.slice(0, at)}${annToken[at] === 'A' ? 'B' : 'A'}${annToken.slice(at + 1)}`;
        expect((await app.post(`/unsubscribe?token=${changed}`, 'List-Unsubscribe=One-Click')).status).toBe(400);
      }
      expect((await app.store.getSubscriber(ann.id))?.status).toBe('active');

      expect((await app.post(`/unsubscribe?token=${annToken}`, 'List-Unsubscribe=One-Click')).status).toBe(200);
      expect((await app.store.getSubscriber(ann.id))?.status).toBe('unsubscribed');
      expect((await app.store.getSubscriber(bob.id))?.status).toBe('active');
    });

    it('refuses a token made for another purpose', async () => {
      const ann = await active('ann@example.org');
      expect((await app.post(`/unsubscribe?token=${app.token(ann, 'preferences')}`, 'List-Unsubscribe=One-Click')).status).toBe(400);
      expect((await app.get(`/preferences?token=${app.token(ann, 'unsubscribe')}`)).status).toBe(400);
      expect((await app.get(`/confirm?token=${app.token(ann, 'unsubscribe')}`)).status).toBe(400);
      expect((await app.store.getSubscriber(ann.id))?.status).toBe('active');
    });

    it('answers every bad link with the same 400 page, saying nothing about who is subscribed', async () => {
      const ann = await active('ann@example.org');
      const gone = await active('gone@example.org');
      await app.store.removeSubscriber(gone.id);
      const good = app.token(ann, 'unsubscribe');
      const tampered = `${good.slice(0, -2)}${good.endsWith('AA') ? 'AB' : 'AA'}`;
      const expired = app.token(ann, 'unsubscribe', new Date(app.clock.now.getTime() - 1000));
      const cases = [
        `/unsubscribe?token=${tampered}`,
        `/unsubscribe?token=${expired}`,
        `/unsubscribe?token=${app.token(gone, 'unsubscribe')}`,
        `/unsubscribe?token=${app.token({ email: 'nobody@example.org' }, 'unsubscribe')}`,
        '/unsubscribe?token=',
        '/unsubscribe',
        `/unsubscribe?token=${'x'.repeat(5_000)}`,
      ];
      const bodies = new Set<string>();
      for (const path of cases) {
        for (const res of [await app.get(path), await app.post(path, 'List-Unsubscribe=One-Click')]) {
          expect(res.status, path).toBe(400);
          const body = await res.text();
          expect(body).not.toContain('example.org');
          bodies.add(body);
        }
      }
      expect(bodies.size).toBe(1);
      expect((await app.store.getSubscriber(ann.id))?.status).toBe('active');
    });

    it('keeps a preferences link working for linkDays (a year), then sends the reader to the latest email', async () => {
      await subscribe({ email: 'ann@example.org' });
      const [mail] = await app.sink.waitFor(1);
      const confirmed = await (await fetch(linkTo(mail?.parsed.text ?? '', 'confirm'), { method: 'POST' })).text();
      const preferences = linkTo(confirmed.replaceAll('&amp;', '&'), 'preferences');
      app.clock.now = new Date(app.clock.now.getTime() + 364 * DAY);
      expect((await fetch(preferences)).status).toBe(200);
      app.clock.now = new Date(app.clock.now.getTime() + 2 * DAY);
      const expired = await fetch(preferences);
      expect(expired.status).toBe(400);
      expect(await expired.text()).toContain('Use the link in the latest email');
    });
  });

  describe('sign-ups that are not what they seem', () => {
    it('answers a filled-in honeypot exactly like a sign-up, and stores and sends nothing', async () => {
      const bot = await subscribe({ email: 'bot@example.org', website: 'http://spam.example' });
      const human = await subscribe({ email: 'bot@example.org' });
      expect(bot.status).toBe(200);
      const botPage = await bot.text();
      expect(botPage).toBe(await human.text());
      await app.sink.waitFor(1);
      expect(app.sink.messages).toHaveLength(1);
      expect(await app.store.countSubscribers()).toBe(1);
    });

    it('answers the same for an address that is active, bounced or complained, and mails none of them', async () => {
      await active('ann@example.org');
      for (const [email, status] of [['bounced@example.org', 'bounced'], ['complained@example.org', 'complained']] as const) {
        await app.store.setSubscriberStatus((await active(email)).id, status);
      }
      const pages = new Set<string>();
      for (const email of ['ann@example.org', 'bounced@example.org', 'complained@example.org', 'new@example.org']) {
        const res = await subscribe({ email, name: 'Someone Else', themes: 'adoption' });
        expect(res.status).toBe(200);
        pages.add((await res.text()).replace(email, 'ADDRESS'));
      }
      expect(pages.size).toBe(1);
      const [mail] = await app.sink.waitFor(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(app.sink.messages.map((m) => m.to)).toEqual([['new@example.org']]);
      expect(mail?.to).toEqual(['new@example.org']);
      expect(await app.store.findSubscriberByEmail('ann@example.org')).toMatchObject({ status: 'active', name: 'Ann', themes: [] });
      expect((await app.store.findSubscriberByEmail('bounced@example.org'))?.status).toBe('bounced');
      expect((await app.store.findSubscriberByEmail('complained@example.org'))?.status).toBe('complained');
    });

    it('refuses header injection and bad addresses with the form again, escaped', async () => {
      for (const email of ['ann@example.org\r\nBcc: x@example.net', 'not an address', '<script>alert(1)</script>@x']) {
        const res = await subscribe({ email });
        expect(res.status).toBe(400);
        const page = await res.text();
        expect(page).toContain('role="alert"');
        expect(page).not.toContain('<script>');
      }
      const named = await subscribe({ email: 'ann@example.org', name: 'Ann\nBcc: x@example.net' });
      expect(named.status).toBe(400);
      expect(await app.store.countSubscribers()).toBe(0);
      expect(app.sink.messages).toHaveLength(0);
    });

    it('names the allowed themes when given an unknown one', async () => {
      const res = await subscribe({ email: 'ann@example.org', themes: ['courts', 'cooking'] });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('unknown theme &quot;cooking&quot;: allowed: courts, adoption.');
    });

    it('limits sign-ups per address to 5 in 10 minutes, answering 429', async () => {
      for (let i = 0; i < 5; i++) expect((await subscribe({ email: `p${i}@example.org`, website: 'bot' })).status).toBe(200);
      const sixth = await subscribe({ email: 'late@example.org' });
      expect(sixth.status).toBe(429);
      expect(sixth.headers.get('retry-after')).toBe('600');
      expect(await app.store.findSubscriberByEmail('late@example.org')).toBeUndefined();
      app.clock.now = new Date(app.clock.now.getTime() + 10 * 60_000);
      expect((await subscribe({ email: 'late@example.org' })).status).toBe(200);
    });

    it('says so when the confirmation cannot be sent', async () => {
      app.sink.behave('ann@example.org', 'tempfail');
      const res = await subscribe({ email: 'ann@example.org' });
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('try again');
    });

    it('refuses a form that is too large', async () => {
      const res = await subscribe({ email: 'ann@example.org', name: 'x'.repeat(20_000) });
      expect(res.status).toBe(413);
      expect(await app.store.countSubscribers()).toBe(0);
    });
  });

  describe('preferences', () => {
    it('refuses an unknown theme and keeps the old choice', async () => {
      const ann = await active('ann@example.org');
      await app.store.setSubscriberThemes(ann.id, ['courts']);
      const res = await app.post(`/preferences?token=${app.token(ann, 'preferences')}`, 'themes=cooking&action=save');
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('allowed: courts, adoption');
      expect((await app.store.getSubscriber(ann.id))?.themes).toEqual(['courts']);
    });

    it('takes no theme ticked as every theme', async () => {
      const ann = await active('ann@example.org');
      await app.store.setSubscriberThemes(ann.id, ['courts']);
      const res = await app.post(`/preferences?token=${app.token(ann, 'preferences')}`, 'action=save');
      expect(await res.text()).toContain('you will get every theme');
      expect((await app.store.getSubscriber(ann.id))?.themes).toEqual([]);
    });
  });
});

describe('subscriptionRoutes without a secret', () => {
  it('refuses to start, saying what to set', async () => {
    const store = await openSqliteStore(':memory:');
    const config = parseConfig(CONFIG_YAML.replace(/subscriptions:\n {2}secret: .*\n/, ''), 'test.yaml');
    expect(() => subscriptionRoutes({ config, store, transport: { send: () => Promise.reject(new Error('no')) } })).toThrow(
      /need a secret .*subscriptions\.secret .*TIDINGS_SECRET/,
    );
    await store.close();
  });
});
