import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Site } from '../helpers/site.js';
import { scheduleConfig, scheduleSite, tidings, type Child } from '../schedule/site.js';
import { MAILGUN_KEY, mailgunBody, mailgunFailed } from './webhook-fixtures.js';

/**
 * `tidings serve` as a user runs it: the webhook URL is on when its
 * section and keys are set (here from the environment), a signed Mailgun
 * failure is taken (and logged with what it did: here kept for review, as
 * tidings sent no such message; webhooks-apply.test.ts follows one that
 * names a real delivery), a forged one is refused with 403 and a warning.
 */

const HOOK_SECRET = 'serve-hook-secret-0123456789abcdef';
let site: Site;
let serve: Child | undefined;

beforeEach(async () => {
  site = await scheduleSite();
  await site.write('tidings.config.yaml', `${scheduleConfig()}inbound:\n  webhooks:\n    mailgun: {}\n`);
  await site.write('out/index.html', '<!doctype html><title>home</title>');
});
afterEach(async () => {
  if (serve !== undefined && serve.child.exitCode === null) {
    serve.child.kill('SIGTERM');
    await serve.exited;
  }
  await site.cleanup();
});

it('answers the Mailgun webhook at /hooks/mailgun/<secret>, takes a signed failure and refuses a forged one', async () => {
  serve = tidings(site, ['serve', '--port', '0'], { TIDINGS_WEBHOOK_SECRET: HOOK_SECRET, TIDINGS_MAILGUN_SIGNING_KEY: MAILGUN_KEY });
  const listening = await serve.waitFor(/serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/);
  const base = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(listening)?.[1] ?? '';
  expect(serve.out()).toContain('provider webhooks on: /hooks/mailgun/<inbound.webhooks.secret>');
  const url = new URL(`hooks/mailgun/${HOOK_SECRET}`, base);

  const forged = await fetch(url, { method: 'POST', body: mailgunBody(mailgunFailed('<1.2@blog.example.org>', 'ann@example.org'), new Date(), 'a-guessed-key') });
  expect(forged.status).toBe(403);
  const taken = await fetch(url, { method: 'POST', body: mailgunBody(mailgunFailed('<3.4@blog.example.org>', 'bob@example.org'), new Date()), headers: { 'content-type': 'application/json' } });
  expect(taken.status).toBe(200);
  await serve.waitFor(/inbound bounce-hard from mailgun for bob@example\.org \(<3\.4@blog\.example\.org>\)/);
  expect(serve.out()).not.toContain('ann@example.org');
  expect(serve.err()).toContain('webhook mailgun: refused (403): the Mailgun signature does not verify');
});

it('keeps the webhooks off, saying what to set, when no path secret is set', async () => {
  serve = tidings(site, ['serve', '--port', '0'], { TIDINGS_MAILGUN_SIGNING_KEY: MAILGUN_KEY });
  const listening = await serve.waitFor(/serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/);
  const base = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(listening)?.[1] ?? '';
  expect(serve.err()).toContain('the webhooks of mailgun are off: set TIDINGS_WEBHOOK_SECRET');
  // No webhook route: the static files answer, and they take no POST.
  expect((await fetch(new URL('hooks/mailgun/anything-at-all-0123456789', base), { method: 'POST', body: '{}' })).status).toBe(405);
});
