import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { REPO, tsxArgs } from '../helpers/site.js';
import { changes, fixture, sentSite, type Got, type SentSite } from './harness.js';

/**
 * The other ways in, each end to end: the SMTP listener (a child process
 * `tidings inbound --listen --port 0`, mail sent to it over SMTP), a
 * Postfix-style pipe (`tidings inbound - --recipient …` with the message
 * on stdin), and a real IMAP mailbox (Dovecot, started once for the file).
 */
const READERS = ['listener-hard@example.net', 'listener-arf@example.net', 'pipe@example.net', 'imap-hard@example.net', 'imap-arf@example.net', 'imap-leaver@example.net', 'imap-soft@example.net', 'imap-away@example.net', 'quiet1@example.net', 'quiet2@example.net'];

let dovecot: Dovecot;
let s: SentSite;
beforeAll(async () => {
  dovecot = await startDovecot();
  const imap = `  imap:
    host: 127.0.0.1
    port: ${dovecot.port}
    secure: false
    user: ${dovecot.user}
    passwordEnv: TEST_IMAP_PASSWORD
    processed: seen
`;
  s = await sentSite(READERS, imap, { TEST_IMAP_PASSWORD: dovecot.password });
}, 60_000);
afterAll(async () => {
  await s?.close();
  await dovecot?.close();
});

const first = (email: string): Got => {
  const got = s.got.get(email)?.[0];
  if (got === undefined) throw new Error(`nothing was sent to ${email}`);
  return got;
};

/** `tidings inbound …` as a child process in the site; resolves once `ready` matches its output. */
function child(args: string[], ready: RegExp, stdin?: Buffer) {
  const proc = spawn(process.execPath, [...tsxArgs(path.join(REPO, 'src/cli/run.ts')), 'inbound', ...args], { cwd: s.site.dir, env: { PATH: process.env.PATH }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const m = w.pattern.exec(out);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  proc.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    check();
  });
  proc.stderr.on('data', (chunk: Buffer) => void (err += chunk.toString()));
  const exited = new Promise<number>((resolve) => proc.once('exit', (code) => resolve(code ?? -1)));
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      waiters.push({ pattern, resolve });
      check();
      void exited.then(() => reject(new Error(`exited before ${pattern}: ${out}\n${err}`)));
    });
  if (stdin !== undefined) proc.stdin.end(stdin);
  return { proc, waitFor, ready: waitFor(ready), exited, output: () => ({ out, err }) };
}

describe('tidings inbound --listen: an SMTP listener for the bounce domain', () => {
  it('takes bounces and complaints for the VERP addresses, refuses other mailboxes, and applies each before its 250', async () => {
    const before = await s.statuses();
    const listener = child(['--listen', '--port', '0'], /listening for bounces and unsubscribes on 127\.0\.0\.1:(\d+)/);
    try {
      const port = Number((await listener.ready)[1]);
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
      const hard = first('listener-hard@example.net');
      const raw = await fixture('exchange-hard.eml', { to: hard.returnPath, rcpt: 'listener-hard@example.net', msgid: hard.messageId, subject: hard.subject });
      await transport.sendMail({ envelope: { from: '', to: [hard.returnPath] }, raw });
      const arf = first('listener-arf@example.net');
      const report = (await fixture('arf-abuse.eml', { to: arf.returnPath, rcpt: 'listener-arf@example.net', msgid: arf.messageId, subject: arf.subject })).toString();
      // A feedback loop registered for the plain bounce address: the token is in the report's Original-Mail-From.
      await transport.sendMail({ envelope: { from: 'fbl@arf.example.net', to: ['bounces@example.org'] }, raw: report.replace(/^(To|Delivered-To): .*$/gm, '$1: bounces@example.org') });
      await expect(transport.sendMail({ envelope: { from: 'spammer@example.com', to: ['roundup@example.org'] }, raw: 'Subject: hi\r\n\r\nhello\r\n' })).rejects.toMatchObject({ responseCode: 550 });
      transport.close();
      // Each message was stored before the listener said 250, so the store already shows it.
      expect(changes(before, await s.statuses())).toEqual({
        'listener-hard@example.net': 'active -> bounced',
        'listener-arf@example.net': 'active -> complained',
      });
    } finally {
      listener.proc.kill('SIGTERM');
      expect(await listener.exited).toBe(0);
    }
    expect(listener.output().out).toMatch(/stopped; 2 message\(s\): 2 applied/);
  }, 30_000);
});

describe('tidings inbound - (a Postfix pipe)', () => {
  it('reads one message from stdin, the envelope recipient from --recipient', async () => {
    const before = await s.statuses();
    const got = first('pipe@example.net');
    // The bounce's own headers name a plain address; only the envelope (Postfix's ${recipient}) carries the token.
    const raw = (await fixture('postfix-hard.eml', { to: 'bounces@example.org', rcpt: 'pipe@example.net', subject: got.subject })).toString().replace(/^X-Postfix-Sender: .*$/m, 'X-Postfix-Sender: rfc822; bounces@example.org');
    const pipe = child(['-', '--recipient', got.returnPath], /message\(s\)/, Buffer.from(raw));
    expect(await pipe.exited).toBe(0);
    expect(pipe.output().out).toMatch(/stdin: bounce-hard 5\.1\.1 for pipe@example\.net: bounced/);
    expect(changes(before, await s.statuses())).toEqual({ 'pipe@example.net': 'active -> bounced' });
  }, 30_000);
});

describe('tidings inbound --imap, against Dovecot', () => {
  it('reads every unseen message once, applies what names a delivery, keeps the rest, flags them seen, and a second pass reads nothing', async () => {
    const before = await s.statuses();
    const client = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
    await client.connect();
    const hard = first('imap-hard@example.net');
    const arf = first('imap-arf@example.net');
    const leaver = first('imap-leaver@example.net');
    const soft = first('imap-soft@example.net');
    const away = first('imap-away@example.net');
    const messages = [
      await fixture('gmail-hard.eml', { to: hard.returnPath, rcpt: 'imap-hard@example.net', msgid: hard.messageId, subject: hard.subject }),
      await fixture('arf-abuse.eml', { to: arf.returnPath, rcpt: 'imap-arf@example.net', msgid: arf.messageId, subject: arf.subject }),
      await fixture('mailto-unsubscribe.eml', { to: leaver.mailto, rcpt: 'imap-leaver@example.net', from: 'Quiet One <quiet1@example.net>' }),
      await fixture('gmail-delayed.eml', { to: soft.returnPath, rcpt: 'imap-soft@example.net', msgid: soft.messageId }),
      await fixture('out-of-office.eml', { to: away.returnPath, rcpt: 'imap-away@example.net', msgid: away.messageId, subject: away.subject }),
      await fixture('exim-hard.eml', { to: 'bounces@example.org', rcpt: 'quiet2@example.net', msgid: '<not-from-tidings@example.com>' }),
    ];
    for (const raw of messages) await client.append('INBOX', raw);
    await client.logout();

    const run = await s.site.run('inbound', '--imap');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('6 message(s): 3 applied, 2 counted, 1 kept for review, 0 ignored, 0 already stored');
    expect(changes(before, await s.statuses())).toEqual({
      'imap-hard@example.net': 'active -> bounced',
      'imap-arf@example.net': 'active -> complained',
      'imap-leaver@example.net': 'active -> unsubscribed',
    });

    const check = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
    await check.connect();
    const lock = await check.getMailboxLock('INBOX');
    try {
      expect(await check.search({ seen: false }, { uid: true })).toEqual([]);
      expect(await check.search({ seen: true }, { uid: true })).toHaveLength(6);
    } finally {
      lock.release();
      await check.logout();
    }
    const again = await s.site.run('inbound', '--imap');
    expect(again.out).toContain('0 message(s)');

    const show = await s.site.run('subscribers', 'show', 'imap-arf@example.net');
    expect(show.out).toMatch(/why: complained: marked as spam/);
    expect(show.out).toMatch(/evidence: complaint abuse by imap/);
  }, 30_000);

  it('with processed: move, moves what it read to its folder (made when missing) and leaves the inbox empty', async () => {
    const config = (await readFile(path.join(s.site.dir, 'tidings.config.yaml'), 'utf8')).replace('processed: seen', 'processed: move\n    moveTo: Bounces/Done');
    await s.site.write('move.yaml', config);
    const quiet = first('quiet1@example.net');
    const client = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
    await client.connect();
    await client.append('INBOX', await fixture('out-of-office.eml', { to: quiet.returnPath, rcpt: 'quiet1@example.net', msgid: quiet.messageId, subject: quiet.subject }));
    const run = await s.site.run('--config', 'move.yaml', 'inbound', '--imap');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    // Every message in the inbox is read in this mode: the six already seen are stored, so they are duplicates.
    expect(run.out).toContain('7 message(s): 0 applied, 1 counted, 0 kept for review, 0 ignored, 6 already stored');
    const boxes = await client.list({ statusQuery: { messages: true } });
    await client.logout();
    const count = (path: string) => boxes.find((box) => box.path.split(box.delimiter || '/').join('/') === path)?.status?.messages;
    expect(count('INBOX')).toBe(0);
    expect(count('Bounces/Done')).toBe(7);
  });

  it('says which environment variable to set when the password is missing (exit 2)', async () => {
    // The site's runs have the password in their environment; this one does not.
    const { main } = await import('../../src/cli/main.js');
    let err = '';
    const code = await main(['inbound', '--imap'], { cwd: s.site.dir, env: { PATH: process.env.PATH }, out: () => undefined, err: (t) => void (err += t), isTTY: false });
    expect(code).toBe(2);
    expect(err).toMatch(/set the environment variable TEST_IMAP_PASSWORD/);
  });
});
