import { afterAll, beforeAll, expect, it } from 'vitest';
import { tidings, type Child } from '../schedule/site.js';
import { changes, sentSite, type SentSite } from './harness.js';
import { MAILGUN_KEY, mailgunBody, mailgunFailed } from './webhook-fixtures.js';

/**
 * A provider's webhook after a real send, end to end: `tidings serve` takes
 * Mailgun's signed report of a permanent failure for one recipient of a
 * roundup (found by the Message-ID tidings wrote) and bounces exactly that
 * subscriber; a report naming a Message-ID tidings never sent changes
 * nobody and is kept for review.
 */

const HOOK_SECRET = 'apply-hook-secret-0123456789abcdef';
const READERS = ['gone@example.net', 'stays1@example.net', 'stays2@example.net'];

let s: SentSite;
let serve: Child | undefined;
beforeAll(async () => {
  // Appended right after the harness's own `inbound:` block, so it is part of it.
  s = await sentSite(READERS, '  webhooks:\n    mailgun: {}\n');
  await s.site.write('out/index.html', '<!doctype html><title>home</title>');
}, 60_000);
afterAll(async () => {
  if (serve !== undefined && serve.child.exitCode === null) {
    serve.child.kill('SIGTERM');
    await serve.exited;
  }
  await s?.close();
});

it('bounces the subscriber a signed Mailgun failure names, by the Message-ID of their roundup, and nobody else', async () => {
  const got = s.got.get('gone@example.net')?.[0];
  expect(got?.messageId).toMatch(/^<.+@.+>$/);
  const before = await s.statuses();

  serve = tidings(s.site, ['serve', '--port', '0'], { TIDINGS_WEBHOOK_SECRET: HOOK_SECRET, TIDINGS_MAILGUN_SIGNING_KEY: MAILGUN_KEY });
  const listening = await serve.waitFor(/serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/);
  const base = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(listening)?.[1] ?? '';
  const url = new URL(`hooks/mailgun/${HOOK_SECRET}`, base);

  const stranger = await fetch(url, { method: 'POST', body: mailgunBody(mailgunFailed('<never.sent@blog.example.org>', 'stays1@example.net'), new Date()) });
  expect(stranger.status).toBe(200);
  await serve.waitFor(/inbound bounce-hard from mailgun for stays1@example\.net .*: review/);

  const taken = await fetch(url, { method: 'POST', body: mailgunBody(mailgunFailed(got?.messageId ?? '', 'gone@example.net'), new Date()) });
  expect(taken.status).toBe(200);
  await serve.waitFor(/inbound bounce-hard from mailgun for gone@example\.net .*: applied/);

  expect(changes(before, await s.statuses())).toEqual({ 'gone@example.net': 'active -> bounced' });
  const shown = await s.site.run('subscribers', 'show', 'gone@example.net');
  expect(shown.code).toBe(0);
  expect(shown.out).toMatch(/bounced/);
  expect(shown.out).toMatch(/mailgun/i);
});
