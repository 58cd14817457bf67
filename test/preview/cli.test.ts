import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { inboxFilePath, runningInboxUrl } from '../../src/preview/index.js';
import { makeSite, REPO, tsxArgs, type Site } from '../helpers/site.js';

/** Starts `tidings preview` as a child process and resolves with what it printed at start. */
function startCli(site: Site, ...args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; url: string; inbox: string; out: () => string }> {
  const child = spawn(process.execPath, [...tsxArgs(path.join(REPO, 'src/cli/run.ts')), 'preview', '--port', '0', '--inbox-port', '0', ...args], {
    cwd: site.dir,
    env: { PATH: process.env.PATH },
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => void (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /tidings preview at (http:\/\/127\.0\.0\.1:\d+\/)[^\n]*\n\s+inbox: (smtp:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ child, url: m[1]!, inbox: m[2]!, out: () => out });
    });
    child.on('exit', (code) => reject(new Error(`preview exited with ${code}:\n${out}\n${err}`)));
  });
}

function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

describe('tidings preview on the command line', () => {
  let site: Site | undefined;
  let child: ChildProcessWithoutNullStreams | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
    await site?.cleanup();
  });

  it('imports and builds an empty store at start, tells `tidings send` where its inbox is, catches mail, and cleans up on SIGTERM', async () => {
    site = await makeSite({ seeds: true });
    const started = await startCli(site);
    child = started.child;
    expect(started.out()).toContain('(31 new, 0 updated, 3 merged, 0 rejected)');

    // Built at start: the web version and the sample message of the newest roundup.
    await access(path.join(site.dir, 'out/issues/2019-W31/index.html'));
    await access(path.join(site.dir, 'out/issues/2019-W31/message.eml'));
    const home = await (await fetch(started.url)).text();
    expect(home).toContain('Week 31, 2019');

    // The file other commands read, and the check that the inbox answers.
    const file = JSON.parse(await readFile(inboxFilePath(site.dir), 'utf8')) as { smtpUrl: string; previewUrl: string };
    expect(file).toMatchObject({ smtpUrl: started.inbox, previewUrl: started.url });
    expect(await runningInboxUrl(site.dir)).toBe(started.inbox);

    // What `tidings send` does with that URL: plain SMTP, no account.
    const transport = nodemailer.createTransport({ url: started.inbox });
    await transport.sendMail({ from: 'roundup@example.org', to: 'someone@example.net', subject: 'Sent from another process', text: 'Hello inbox' });
    transport.close();
    const inbox = await (await fetch(`${started.url}inbox`)).text();
    expect(inbox).toContain('Sent from another process');
    expect(inbox).toContain('someone@example.net');

    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(started.out()).toContain('stopped');
    await expect(access(inboxFilePath(site.dir))).rejects.toThrow();
    expect(await runningInboxUrl(site.dir)).toBeNull();
  });

  it('says which port is taken and how to choose another', async () => {
    site = await makeSite({ seeds: false });
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await site.run('preview', '--port', '0', '--inbox-port', String(port));
      expect(result.code).toBe(2);
      expect(result.err).toContain(`the inbox cannot listen on 127.0.0.1:${port}: the port is in use`);
      expect(result.err).toContain('--inbox-port');
      await expect(access(inboxFilePath(site.dir))).rejects.toThrow();
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});

describe('runningInboxUrl', () => {
  let site: Site | undefined;
  afterEach(() => site?.cleanup());

  it('is null without a running preview: no file, a file left by a preview that died, or a file that is not ours', async () => {
    site = await makeSite({ seeds: false });
    expect(await runningInboxUrl(site.dir)).toBeNull();

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await site.write('.tidings/preview.json', JSON.stringify({ smtpUrl: `smtp://127.0.0.1:${port}`, previewUrl: '', pid: 1, startedAt: '' }));
    expect(await runningInboxUrl(site.dir)).toBeNull();

    await site.write('.tidings/preview.json', 'not json');
    expect(await runningInboxUrl(site.dir)).toBeNull();
  });

  it('is null when something that is not an SMTP server has the port', async () => {
    site = await makeSite({ seeds: false });
    const http = createServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const port = (http.address() as { port: number }).port;
    try {
      await site.write('.tidings/preview.json', JSON.stringify({ smtpUrl: `smtp://127.0.0.1:${port}` }));
      expect(await runningInboxUrl(site.dir)).toBeNull();
    } finally {
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  });
});
