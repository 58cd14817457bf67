import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSite, REPO, tsxArgs, type Site } from '../helpers/site.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { linkTo } from './subscriptions-helpers.js';

const SECRET = 'serve-test-secret-0123456789-abcdefghij';

/** `tidings serve --port 0` in a child process; resolves with its URL once it listens. */
function serve(site: Site, env: NodeJS.ProcessEnv): { child: ChildProcessWithoutNullStreams; ready: Promise<string>; output: () => { out: string; err: string } } {
  const child = spawn(process.execPath, [...tsxArgs(path.join(REPO, 'src/cli/run.ts')), 'serve', '--port', '0'], {
    cwd: site.dir,
    env: { PATH: process.env.PATH, ...env },
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}${err}`)));
  });
  return { child, ready, output: () => ({ out, err }) };
}

async function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

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
