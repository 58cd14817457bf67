import { mkdir } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { migrate } from '../../src/store/sqlite/migrate.js';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import type { Subscriber } from '../../src/store/store.js';
import { subscriptionLinks } from '../../src/subscribers/links.js';
import { createTokenSigner } from '../../src/subscribers/tokens.js';
import { legacyToken } from '../helpers/legacy-token.js';
import { makeSite, type Site } from '../helpers/site.js';
import { CONFIG_YAML, linkTo, SECRET, startSubscriptionApp, type SubscriptionApp } from './subscriptions-helpers.js';

/**
 * The links in emails as readers meet them: after the store was rebuilt
 * from an export, a year and more later, opened by a company's link
 * scanner, after leaving and coming back; and the sign-up form's limits.
 */
const DAY = 86_400_000;
const HOUR = 3_600_000;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function app(options: { store?: Awaited<ReturnType<typeof openSqliteStore>> } = {}): Promise<SubscriptionApp> {
  const started = await startSubscriptionApp('', options);
  cleanups.push(() => started.close());
  return started;
}

async function site(): Promise<Site> {
  const made = await makeSite({ config: CONFIG_YAML });
  cleanups.push(() => made.cleanup());
  return made;
}

const storeOf = (where: Site) => path.join(where.dir, '.tidings', 'tidings.db');

/** The links a roundup carries for a subscriber, made as the sender makes them (src/send/messages.ts). */
function roundupLinks(subject: SubscriptionApp, email: string): { unsubscribe: string; preferences: string } {
  const links = subscriptionLinks(createTokenSigner(SECRET), { baseUrl: subject.base, confirmDays: 7, linkDays: 365 }, subject.clock.now);
  return { unsubscribe: links.unsubscribe(email).url, preferences: links.preferences(email).url };
}

async function signUpAndConfirm(subject: SubscriptionApp, email: string, name: string): Promise<Subscriber> {
  const before = subject.sink.messages.length;
  const res = await subject.post('/subscribe', new URLSearchParams({ email, name }));
  expect(res.status).toBe(200);
  const mail = (await subject.sink.waitFor(before + 1))[before];
  const confirmed = await fetch(linkTo(mail?.parsed.text ?? '', 'confirm'), { method: 'POST' });
  expect(await confirmed.text()).toContain('You are subscribed');
  const subscriber = await subject.store.findSubscriberByEmail(email);
  if (subscriber?.status !== 'active') throw new Error(`${email} is not active`);
  return subscriber;
}

const oneClick = (url: string) =>
  fetch(url, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });

describe('links after the store is rebuilt from an export', () => {
  it('act on the reader they were sent to, whose row id is now another reader’s, and an old-style id link acts on nobody', async () => {
    const first = await site();
    const before = await app({ store: await openSqliteStore(storeOf(first)) });
    const ann = await signUpAndConfirm(before, 'ann@example.org', 'Ann');
    const bob = await signUpAndConfirm(before, 'bob@example.org', 'Bob');
    const annLinks = roundupLinks(before, ann.email);
    const bobLinks = roundupLinks(before, bob.email);
    const annIdLink = legacyToken(SECRET, { s: ann.id, p: 'unsubscribe', e: Math.floor(before.clock.now.getTime() / 1000) + 365 * 86_400 });
    await cleanups.pop()?.();

    // Export, and import into a new store in the other order: the ids swap.
    const exported = await first.run('subscribers', 'export');
    expect(exported.code).toBe(0);
    const [header, ...rows] = exported.out.trimEnd().split('\n');
    const second = await site();
    await second.write('subscribers.csv', `${[header, ...rows.reverse()].join('\n')}\n`);
    expect((await second.run('subscribers', 'import', 'subscribers.csv')).code).toBe(0);
    const after = await app({ store: await openSqliteStore(storeOf(second)) });
    const bobNow = await after.store.findSubscriberByEmail('bob@example.org');
    const annNow = await after.store.findSubscriberByEmail('ann@example.org');
    expect([bobNow?.id, annNow?.id]).toEqual([ann.id, bob.id]);

    const annPage = await (await fetch(annLinks.preferences.replace(before.base, after.base))).text();
    expect(annPage).toContain('<strong>ann@example.org</strong>');
    expect(annPage).not.toContain('bob@example.org');
    const bobPage = await (await fetch(bobLinks.preferences.replace(before.base, after.base))).text();
    expect(bobPage).toContain('<strong>bob@example.org</strong>');

    // The link that named ann's old id would now name bob: it works for nobody.
    expect((await oneClick(new URL(`/unsubscribe?token=${annIdLink}`, after.base).href)).status).toBe(400);
    expect((await after.store.findSubscriberByEmail('bob@example.org'))?.status).toBe('active');

    expect((await oneClick(annLinks.unsubscribe.replace(before.base, after.base))).status).toBe(200);
    expect((await after.store.findSubscriberByEmail('ann@example.org'))?.status).toBe('unsubscribed');
    expect((await after.store.findSubscriberByEmail('bob@example.org'))?.status).toBe('active');
  });

  it('made by an earlier version (a row id) still work in the store they were made for, for the rows it held when upgraded', async () => {
    const where = await site();
    await mkdir(path.dirname(storeOf(where)), { recursive: true });
    const v4 = new Database(storeOf(where));
    migrate(v4, MIGRATIONS.filter((m) => m.version <= 4));
    v4.exec(`INSERT INTO subscribers (email, email_key, name, status, themes, created_at, updated_at, confirmed_at)
      VALUES ('ann@example.org', 'ann@example.org', 'Ann', 'active', '[]', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')`);
    v4.close();

    const upgraded = await app({ store: await openSqliteStore(storeOf(where)) });
    const ann = await upgraded.store.findSubscriberByEmail('ann@example.org');
    const [later] = await upgraded.store.upsertSubscribers([{ email: 'cat@example.org', status: 'active' }]);
    const e = Math.floor(upgraded.clock.now.getTime() / 1000) - DAY / 1000; // "expired": unsubscribe links never expire
    const link = (id: number) => new URL(`/unsubscribe?token=${legacyToken(SECRET, { s: id, p: 'unsubscribe', e })}`, upgraded.base).href;
    expect((await oneClick(link(later?.subscriber.id ?? 0))).status).toBe(400);
    expect((await upgraded.store.findSubscriberByEmail('cat@example.org'))?.status).toBe('active');
    expect((await oneClick(link(ann?.id ?? 0))).status).toBe(200);
    expect((await upgraded.store.findSubscriberByEmail('ann@example.org'))?.status).toBe('unsubscribed');
  });
});

describe('an unsubscribe link', () => {
  it('still unsubscribes 400 days later, by its one button and by RFC 8058 one-click', async () => {
    const subject = await app();
    const [ann, bob] = (await subject.store.upsertSubscribers([{ email: 'ann@example.org', status: 'active' }, { email: 'bob@example.org', status: 'active' }])).map((r) => r.subscriber);
    const annLink = roundupLinks(subject, ann?.email ?? '').unsubscribe;
    const bobLink = roundupLinks(subject, bob?.email ?? '').unsubscribe;
    subject.clock.now = new Date(subject.clock.now.getTime() + 400 * DAY);

    const page = await (await fetch(annLink)).text();
    expect(page).toContain('<button type="submit">Unsubscribe</button>');
    const hidden = /<input type="hidden" name="([^"]+)" value="([^"]+)">/.exec(page);
    const pressed = await fetch(annLink, { method: 'POST', body: `${hidden?.[1]}=${hidden?.[2]}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(pressed.status).toBe(200);
    expect(await pressed.text()).toContain('You are unsubscribed');
    expect((await subject.store.findSubscriberByEmail('ann@example.org'))?.status).toBe('unsubscribed');

    expect((await oneClick(bobLink)).status).toBe(200);
    expect((await subject.store.findSubscriberByEmail('bob@example.org'))?.status).toBe('unsubscribed');
  });
});

describe('a confirmation link', () => {
  it('opened by a link scanner (GET, HEAD) shows a button and confirms nothing; the button (a POST) confirms', async () => {
    const subject = await app();
    await subject.post('/subscribe', new URLSearchParams({ email: 'ann@example.org' }));
    const [mail] = await subject.sink.waitFor(1);
    const link = linkTo(mail?.parsed.text ?? '', 'confirm');
    for (let i = 0; i < 3; i++) {
      const opened = await fetch(link);
      expect(opened.status).toBe(200);
      const page = await opened.text();
      expect(page).toMatch(/<form method="post">\s*<p><button type="submit">Confirm my subscription<\/button><\/p>\s*<\/form>/);
      expect(page).toContain('<strong>ann@example.org</strong>');
      expect((await fetch(link, { method: 'HEAD' })).status).toBe(200);
    }
    expect((await subject.store.findSubscriberByEmail('ann@example.org'))?.status).toBe('pending');

    const pressed = await fetch(link, { method: 'POST' });
    expect(await pressed.text()).toContain('You are subscribed');
    expect((await subject.store.findSubscriberByEmail('ann@example.org'))?.status).toBe('active');
  });
});

describe('signing up again after unsubscribing', () => {
  it('sends a fresh confirmation whose link brings the reader back (the old one does not), at most one an hour per address', async () => {
    const subject = await app();
    const ann = await signUpAndConfirm(subject, 'ann@example.org', 'Ann');
    const oldConfirm = linkTo(subject.sink.messages[0]?.parsed.text ?? '', 'confirm');
    expect((await oneClick(roundupLinks(subject, ann.email).unsubscribe)).status).toBe(200);
    subject.clock.now = new Date(subject.clock.now.getTime() + 2 * HOUR);

    const again = await subject.post('/subscribe', new URLSearchParams({ email: 'ann@example.org' }));
    const answer = await again.text();
    expect(answer).toContain('Check your inbox');
    const [, mail] = await subject.sink.waitFor(2);
    expect(mail?.to).toEqual(['ann@example.org']);
    expect(mail?.parsed.subject).toBe('Confirm your subscription to Care Notes');
    expect((await subject.store.findSubscriberByEmail('ann@example.org'))?.status).toBe('unsubscribed');

    // A second try within the hour: the same answer, no second mail.
    const third = await subject.post('/subscribe', new URLSearchParams({ email: 'ann@example.org' }));
    expect(await third.text()).toBe(answer);
    // The link sent before she left does not bring her back.
    expect((await fetch(oldConfirm)).status).toBe(400);
    expect((await fetch(oldConfirm, { method: 'POST' })).status).toBe(400);
    expect((await subject.store.findSubscriberByEmail('ann@example.org'))?.status).toBe('unsubscribed');

    const fresh = linkTo(mail?.parsed.text ?? '', 'confirm');
    expect(await (await fetch(fresh)).text()).toContain('Confirm my subscription');
    expect(await (await fetch(fresh, { method: 'POST' })).text()).toContain('You are subscribed');
    expect((await subject.store.findSubscriberByEmail('ann@example.org'))?.status).toBe('active');
    expect(subject.sink.messages).toHaveLength(2);

    // After the hour another sign-up mails again (to an active reader: nothing, as for anyone active).
    subject.clock.now = new Date(subject.clock.now.getTime() + HOUR + 1000);
    await subject.post('/subscribe', new URLSearchParams({ email: 'bob@example.org' }));
    await subject.sink.waitFor(3);
    expect(subject.sink.messages.map((m) => m.to[0])).toEqual(['ann@example.org', 'ann@example.org', 'bob@example.org']);
  });

  it('works for an address removed while unsubscribed (it stays suppressed until the reader confirms)', async () => {
    const subject = await app();
    const [left] = await subject.store.upsertSubscribers([{ email: 'ann@example.org', status: 'unsubscribed' }]);
    await subject.store.removeSubscriber(left?.subscriber.id ?? 0);
    await subject.post('/subscribe', new URLSearchParams({ email: 'ann@example.org', name: 'Ann' }));
    const [mail] = await subject.sink.waitFor(1);
    expect((await subject.store.findSubscriberByEmail('ann@example.org'))?.status).toBe('unsubscribed');
    expect(await (await fetch(linkTo(mail?.parsed.text ?? '', 'confirm'), { method: 'POST' })).text()).toContain('You are subscribed');
    expect((await subject.store.findSubscriberByEmail('ann@example.org'))?.status).toBe('active');
  });

  it('sends another confirmation within the hour when the first could not be sent', async () => {
    const subject = await app();
    subject.sink.behave('ann@example.org', 'tempfail');
    expect((await subject.post('/subscribe', new URLSearchParams({ email: 'ann@example.org' }))).status).toBe(503);
    subject.sink.behave('ann@example.org', 'accept');
    expect((await subject.post('/subscribe', new URLSearchParams({ email: 'ann@example.org' }))).status).toBe(200);
    expect((await subject.sink.waitFor(1))[0]?.to).toEqual(['ann@example.org']);
  });
});

describe('the sign-up form takes exactly the addresses the mailer sends to', () => {
  it('refuses "a b"@example.com with a clear message, storing and sending nothing', async () => {
    const subject = await app();
    const res = await subject.post('/subscribe', new URLSearchParams({ email: '"a b"@example.com' }));
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('role="alert"');
    expect(page).toContain('cannot be mailed (mail relays refuse it): give an address without quotes, such as ann@example.org.');
    expect(await subject.store.countSubscribers()).toBe(0);
  });

  it('takes a quoted local part that needs no quotes as the same address without them, and mails it', async () => {
    const subject = await app();
    expect((await subject.post('/subscribe', new URLSearchParams({ email: '"ann.lee"@example.org' }))).status).toBe(200);
    const [mail] = await subject.sink.waitFor(1);
    expect(mail?.to).toEqual(['ann.lee@example.org']);
    expect((await subject.store.findSubscriberByEmail('ann.lee@example.org'))?.status).toBe('pending');
  });
});

describe('request bodies', () => {
  it('refuses a 1 MB sign-up with 413', async () => {
    const subject = await app();
    const res = await subject.post('/subscribe', `email=ann%40example.org&name=${'x'.repeat(1024 * 1024)}`);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('The form is too large.');
    expect(await subject.store.countSubscribers()).toBe(0);
  });

  /** Sends `head` and then `body` on a raw connection and resolves with what came back once the server closed it, and how much of `body` it had written by then. */
  function rawRequest(base: string, head: string, body: Buffer): Promise<{ reply: string; written: number }> {
    const { hostname, port } = new URL(base);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname);
      let reply = '';
      let written = 0;
      socket.on('error', () => undefined);
      socket.on('data', (chunk) => (reply += chunk.toString('latin1')));
      socket.on('close', () => resolve({ reply, written }));
      socket.on('connect', () => {
        socket.write(head);
        // Only a first slice of the body: a server that waits for the rest never answers.
        written = Math.min(body.length, 4096);
        socket.write(body.subarray(0, written));
      });
      setTimeout(() => reject(new Error(`no answer, the server waits for the body; got: ${reply}`)), 5_000).unref();
    });
  }

  it.each([
    ['/subscribe', 'a Content-Length over the limit'],
    ['/unsubscribe?token=x', 'a Content-Length over the limit (one-click unsubscribe)'],
  ])('answers %s with %s: 413 at once, without waiting for the rest, and closes the connection', async (target) => {
    const subject = await app();
    const ann = { email: 'ann@example.org' };
    await subject.store.upsertSubscribers([{ ...ann, status: 'active' }]);
    const url = target.startsWith('/unsubscribe') ? `/unsubscribe?token=${subject.token(ann, 'unsubscribe', null)}` : target;
    const megabyte = Buffer.alloc(1024 * 1024, 'x');
    const head = `POST ${url} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${megabyte.length}\r\n\r\n`;
    const { reply, written } = await rawRequest(subject.base, head, megabyte);
    expect(written).toBeLessThan(megabyte.length);
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply).toMatch(/\r\nconnection: close\r\n/i);
    expect(reply).toContain('The form is too large.');
    expect((await subject.store.findSubscriberByEmail('ann@example.org'))?.status).toBe('active');
  });

  it('answers a chunked body that grows past the limit with 413 as soon as it does', async () => {
    const subject = await app();
    const chunk = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
    const head = 'POST /subscribe HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n';
    const body = Buffer.from(`${chunk('email=ann%40example.org&name=')}${chunk('x'.repeat(3000)).repeat(6)}`);
    const { reply } = await rawRequest(subject.base, head + body.toString('latin1'), Buffer.alloc(0));
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(await subject.store.countSubscribers()).toBe(0);
  });
});
