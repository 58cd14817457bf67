import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { isPublicDomain } from '../../src/send/sending-safety.js';
import { verifyDkim } from '../helpers/dkim-verify.js';
import type { Site } from '../helpers/site.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { scheduleConfig, scheduleSite, writePost } from '../schedule/site.js';

/**
 * What a receiver checks in every roundup: a DKIM signature over the
 * headers that matter (RFC 8058: List-Unsubscribe-Post too), a Feedback-ID
 * for Gmail's feedback loop, an https unsubscribe link and a From on a
 * real domain; a send to subscribers that would fail those checks is
 * refused by every command that sends, unless --allow-insecure.
 */

let site: Site;
let sink: SmtpSink;
let publicKey: KeyObject;

async function configure(changes: { baseUrl?: string; from?: string; dkim?: boolean; relay?: boolean } = {}): Promise<void> {
  let text = scheduleConfig();
  if (changes.baseUrl !== undefined) text = text.replace('baseUrl: https://blog.example.org/', `baseUrl: ${changes.baseUrl}`);
  if (changes.from !== undefined) text = text.replace('from: Roundup <roundup@blog.example.org>', `from: "${changes.from}"`);
  if (changes.relay !== false) text += `smtp:\n  url: ${sink.url}\n${changes.dkim ? '  dkim:\n    domainName: blog.example.org\n    keySelector: s2026\n    privateKeyFile: keys/dkim.pem\n' : ''}`;
  await site.write('tidings.config.yaml', text);
}

async function deliveries(): Promise<number> {
  const store = await openSqliteStore(path.join(site.dir, '.tidings/tidings.db'));
  try {
    return (await store.listDeliveries('2025-W42')).length;
  } finally {
    await store.close();
  }
}

beforeEach(async () => {
  sink = await startSmtpSink();
  site = await scheduleSite();
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  publicKey = pair.publicKey;
  await site.write('keys/dkim.pem', pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  // 2025-W42 is Monday 13 to Sunday 19 October 2025.
  await writePost(site, 'the-judge-and-the-court', '2025-10-14T10:00:00+01:00', 'The judge told the court what the court would do.');
  expect((await site.run('import')).code).toBe(0);
  for (const email of ['ann@example.org', 'bob@example.org']) expect((await site.run('subscribers', 'add', email)).code).toBe(0);
});
afterEach(async () => {
  await site?.cleanup();
  await sink?.close();
});

describe('the DKIM signature and Feedback-ID of a roundup', () => {
  it('signs List-Unsubscribe-Post and the other list headers: the received message verifies, and changing List-Unsubscribe-Post breaks it', async () => {
    await configure({ dkim: true });
    const run = await site.run('send', '--issue', '2025-W42');
    expect(run.code, run.err).toBe(0);
    const [message] = await sink.waitFor(2);
    const raw = message?.raw ?? Buffer.alloc(0);

    const verified = verifyDkim(raw, publicKey);
    expect(verified.reason).toBeUndefined();
    expect(verified.ok).toBe(true);
    for (const field of ['from', 'subject', 'date', 'message-id', 'to', 'list-id', 'list-unsubscribe', 'list-unsubscribe-post', 'feedback-id']) {
      expect(verified.signed, field).toContain(field);
    }

    const text = raw.toString('latin1');
    expect(text).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    const changed = Buffer.from(text.replace('List-Unsubscribe-Post: List-Unsubscribe=One-Click', 'List-Unsubscribe-Post: List-Unsubscribe=Two-Clicks'), 'latin1');
    expect(verifyDkim(changed, publicKey)).toMatchObject({ ok: false, reason: 'signature does not verify' });
    // And a message signed with another key does not verify against this one: the check can fail.
    expect(verifyDkim(raw, generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey).ok).toBe(false);
  });

  it('gives every roundup a Feedback-ID naming the issue, the list and the sender', async () => {
    await configure();
    expect((await site.run('send', '--issue', '2025-W42')).code).toBe(0);
    const messages = await sink.waitFor(2);
    for (const message of messages) {
      expect(message.raw.toString('latin1')).toMatch(/^Feedback-ID: 2025-W42:roundup\.blog\.example\.org:roundup:blog\.example\.org\r$/m);
    }
  });
});

describe('the sending rule: no mail to subscribers that receivers would fail', () => {
  it('tidings send refuses an http base URL over a relay, says what to set, sends and records nothing', async () => {
    await configure({ baseUrl: 'http://127.0.0.1:8080/' });
    const run = await site.run('send', '--issue', '2025-W42');
    expect(run.code).toBe(2);
    expect(run.err).toContain('not sending to subscribers');
    expect(run.err).toContain('site.baseUrl (http://127.0.0.1:8080/) is not https');
    expect(run.err).toContain('set site.baseUrl to the https address');
    expect(run.err).toContain('--allow-insecure');
    expect(run.err).not.toMatch(/\n\s+at /);
    expect(sink.messages).toHaveLength(0);
    expect(await deliveries()).toBe(0);
  });

  it('tidings send refuses a From on a domain that is not public', async () => {
    for (const from of ['tidings <roundup@localhost>', 'Blog <news@blog.local>', 'Blog <news@mail.test>', 'Blog <news@[192.0.2.1]>']) {
      await configure({ from });
      const run = await site.run('send', '--issue', '2025-W42');
      expect(run.code, from).toBe(2);
      expect(run.err, from).toMatch(/email\.from \(.*\) is on .*, which is not a public domain/);
      expect(run.err, from).toContain('set email.from to an address on your own domain');
    }
    expect(sink.messages).toHaveLength(0);
    expect(await deliveries()).toBe(0);
  });

  it('sends with --allow-insecure, still saying what is wrong', async () => {
    await configure({ baseUrl: 'http://127.0.0.1:8080/', from: 'tidings <roundup@localhost>' });
    const run = await site.run('send', '--issue', '2025-W42', '--allow-insecure');
    expect(run.code, run.err).toBe(0);
    expect(run.err).toContain('warning: site.baseUrl (http://127.0.0.1:8080/) is not https');
    expect(run.err).toContain('warning: email.from (tidings <roundup@localhost>) is on localhost');
    expect((await sink.waitFor(2)).map((m) => m.to[0]).sort()).toEqual(['ann@example.org', 'bob@example.org']);
  });

  it('lets a test copy (send --to) and the outbox through with warnings: they reach no subscriber list', async () => {
    await configure({ baseUrl: 'http://127.0.0.1:8080/' });
    const copy = await site.run('send', '--issue', '2025-W42', '--to', 'me@example.org');
    expect(copy.code, copy.err).toBe(0);
    expect(copy.err).toContain('warning: site.baseUrl (http://127.0.0.1:8080/) is not https');
    expect((await sink.waitFor(1)).map((m) => m.to)).toEqual([['me@example.org']]);

    await configure({ baseUrl: 'http://127.0.0.1:8080/', relay: false });
    const outbox = await site.run('send', '--issue', '2025-W42');
    expect(outbox.code, outbox.err).toBe(0);
    expect(outbox.err).toContain('warning: site.baseUrl (http://127.0.0.1:8080/) is not https');
    expect(outbox.out).toContain('outbox');
  });

  it('tidings schedule and tidings start refuse before they run or serve, and go ahead with --allow-insecure', async () => {
    await configure({ baseUrl: 'http://127.0.0.1:8080/' });
    const scheduled = await site.run('schedule', '--at', '2025-10-15T12:00:00Z');
    expect(scheduled.code).toBe(2);
    expect(scheduled.err).toContain('site.baseUrl (http://127.0.0.1:8080/) is not https');
    expect(scheduled.err).toContain('--allow-insecure');

    await mkdir(path.join(site.dir, 'out'), { recursive: true });
    const started = await site.run('start', '--port', '0');
    expect(started.code).toBe(2);
    expect(started.err).toContain('site.baseUrl (http://127.0.0.1:8080/) is not https');

    const baseline = await site.run('schedule', '--at', '2025-10-15T12:00:00Z', '--allow-insecure');
    expect(baseline.code, baseline.err).toBe(0);
    const run = await site.run('schedule', '--at', '2025-10-20T07:00:00Z', '--allow-insecure');
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('scheduler.sending-warning');
    expect((await sink.waitFor(2)).length).toBe(2);
  });

  it('refuses in the same words from send, schedule and start: one check, in the composition root', async () => {
    await configure({ baseUrl: 'http://127.0.0.1:8080/', from: 'tidings <roundup@localhost>' });
    await mkdir(path.join(site.dir, 'out'), { recursive: true });
    const refusals = [];
    for (const args of [['send', '--issue', '2025-W42'], ['schedule', '--at', '2025-10-20T07:00:00Z'], ['start', '--port', '0']]) {
      const run = await site.run(...args);
      expect(run.code, args[0]).toBe(2);
      refusals.push(run.err);
    }
    expect(refusals[0]).toContain('not sending to subscribers: 2 problems');
    expect(new Set(refusals).size).toBe(1);
    expect(sink.messages).toHaveLength(0);
    expect(await deliveries()).toBe(0);
  });

  it('warns about an empty email.postalAddress on every path that mails subscribers, the scheduler too', async () => {
    await site.write('tidings.config.yaml', `${scheduleConfig().replace('  postalAddress: 1 Example Street, London\n', '')}smtp:\n  url: ${sink.url}\n`);
    const scheduled = await site.run('schedule', '--at', '2025-10-15T12:00:00Z');
    expect(scheduled.code, scheduled.err).toBe(0);
    expect(scheduled.out).toMatch(/scheduler\.sending-warning.*email\.postalAddress is empty/);
    const sent = await site.run('send', '--issue', '2025-W42');
    expect(sent.code, sent.err).toBe(0);
    expect(sent.err).toContain('warning: email.postalAddress is empty');
    const copy = await site.run('send', '--issue', '2025-W42', '--to', 'me@example.org');
    expect(copy.err).not.toContain('postalAddress');
  });

  it('tidings build says the same as a warning', async () => {
    await configure({ baseUrl: 'http://127.0.0.1:8080/', from: 'tidings <roundup@localhost>' });
    const built = await site.run('build');
    expect(built.code, built.err).toBe(0);
    expect(built.err).toMatch(/warning: site\.baseUrl \(http:\/\/127\.0\.0\.1:8080\/\) is not https.*tidings send refuses/);
    expect(built.err).toMatch(/warning: email\.from \(tidings <roundup@localhost>\) is on localhost, which is not a public domain/);
    await configure();
    expect((await site.run('build')).err).not.toContain('not a public domain');
  });
});

describe('public sender domains', () => {
  it('tells public domains from local, reserved, IP-literal and dotless ones', () => {
    for (const domain of ['example.org', 'blog.example.co.uk', 'mail.tidings.dev']) expect(isPublicDomain(domain), domain).toBe(true);
    for (const domain of ['localhost', 'printer.local', 'mail.test', 'site.example', 'x.invalid', '192.0.2.1', '[192.0.2.1]', '::1', 'intranet', '', 'a.localhost']) {
      expect(isPublicDomain(domain), domain).toBe(false);
    }
  });
});
