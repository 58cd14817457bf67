import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serve, stop } from '../helpers/serve.js';
import { makeSite, type Site } from '../helpers/site.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { linkTo } from './subscriptions-helpers.js';

const SECRET = 'serve-test-secret-0123456789-abcdefghij';

describe('tidings serve with the subscription endpoints', () => {
  let site: Site;
  let sink: SmtpSink;
  beforeEach(async () => {
    site = await makeSite();
    await site.write('out/index.html', '<!doctype html><title>home</title>');
    sink = await startSmtpSink();
  });
  afterEach(async () => {
    await sink.close();
    await site.cleanup();
  });

  it('takes a sign-up, mails the confirmation over SMTP, keeps the store open while serving and closes it on SIGTERM', async () => {
    const running = serve(site, { TIDINGS_SECRET: SECRET, TIDINGS_SMTP_URL: sink.url });
    const base = await running.ready;
    try {
      expect(running.output().out).toContain(`confirmation emails: SMTP smtp://127.0.0.1:${sink.port}`);
      const res = await fetch(new URL('subscribe', base), {
        method: 'POST',
        body: 'email=ann%40example.org&themes=workforce',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(res.status).toBe(200);
      const [mail] = await sink.waitFor(1);
      // Links point at site.baseUrl; this server listens elsewhere, so follow the path.
      const link = new URL(linkTo(mail?.parsed.text ?? '', 'confirm'));
      expect(link.origin).toBe('http://127.0.0.1:8080');
      expect(await (await fetch(new URL(`${link.pathname}${link.search}`, base))).text()).toContain('Confirm my subscription');
      expect((await fetch(new URL(`${link.pathname}${link.search}`, base), { method: 'POST' })).status).toBe(200);
    } finally {
      expect(await stop(running.child)).toBe(0);
    }
    const list = await site.run('subscribers', 'list');
    expect(list.out).toContain('ann@example.org  active, themes: workforce');
  });

  it('serves the site without the endpoints when no secret is set, and says what to set', async () => {
    const running = serve(site, {});
    const base = await running.ready;
    try {
      expect(running.output().err).toMatch(/warning: serving without the subscription endpoints: .*TIDINGS_SECRET/);
      expect((await fetch(new URL('subscribe', base))).status).toBe(404);
      expect((await fetch(base)).status).toBe(200);
    } finally {
      expect(await stop(running.child)).toBe(0);
    }
  });
});
