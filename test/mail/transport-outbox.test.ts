import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.js';
import { openConfiguredTransport } from '../../src/app/transport.js';
import { createOutboxTransport } from '../../src/mail/transport/outbox.js';

describe('outbox transport', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tidings-outbox-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const emlFiles = async (folder: string) => (await readdir(folder)).filter((name) => name.endsWith('.eml')).sort();

  it('writes each message as a whole .eml file that a mail client can open', async () => {
    let clock = Date.parse('2024-06-03T09:00:00.000Z');
    const outbox = createOutboxTransport({ dir: path.join(dir, 'outbox'), shownAs: 'out/outbox/', now: () => new Date((clock += 1000)) });
    const first = await outbox.send({ from: 'roundup@example.org', to: 'Ann <ann@example.org>', subject: 'Hello Ann', text: 'Hi', html: '<p>Hi</p>' });
    await outbox.send({ from: 'roundup@example.org', to: 'bob@example.org', subject: 'Hello Bob', text: 'Hi' });
    await outbox.close();

    const files = await emlFiles(path.join(dir, 'outbox'));
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^20240603T090001000Z-[0-9a-f]{16}\.eml$/);
    const parsed = await simpleParser(await readFile(path.join(dir, 'outbox', files[0] ?? '')));
    expect(parsed.subject).toBe('Hello Ann');
    expect(parsed.messageId).toBe(first.messageId);
    expect(parsed.html).toContain('<p>Hi</p>');
    expect(first).toMatchObject({ accepted: ['ann@example.org'], rejected: [] });
    expect(first.response).toBe(`written to ${path.join('out/outbox/', files[0] ?? '')}`);
    expect(await readdir(path.join(dir, 'outbox'))).toEqual(files);
  });

  it('writes a message already built as it is', async () => {
    const outbox = createOutboxTransport({ dir });
    const raw = 'From: roundup@example.org\r\nTo: ann@example.org\r\nSubject: Built once\r\nMessage-ID: <built-1@example.org>\r\n\r\nBody\r\n';
    const result = await outbox.send({ raw, envelope: { from: 'roundup@example.org', to: ['ann@example.org'] } });
    const [file] = await emlFiles(dir);
    expect((await readFile(path.join(dir, file ?? ''))).toString()).toBe(raw);
    expect(result.messageId).toBe('<built-1@example.org>');
  });

  it('refuses to send after close', async () => {
    const outbox = createOutboxTransport({ dir });
    await outbox.close();
    await expect(outbox.send({ from: 'a@example.org', to: 'b@example.org', text: 'x' })).rejects.toThrow(/closed/);
  });
});

describe('the transport the composition root opens (app/transport.ts)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tidings-open-transport-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** The transport of a site whose config is `yaml`, opened as a command opens it, with `env` as its environment. */
  const transportFor = async (yaml: string, env: NodeJS.ProcessEnv = {}) => {
    await writeFile(path.join(dir, 'tidings.config.yaml'), `store:\n  path: ':memory:'\n${yaml}`);
    const app = await openApp({ cwd: dir, env });
    try {
      return await openConfiguredTransport(app);
    } finally {
      await app.close();
    }
  };

  it('writes to <outDir>/outbox/ when no relay is configured, and says so', async () => {
    const transport = await transportFor('build:\n  outDir: public\n');
    expect(transport.name).toBe('outbox');
    expect(transport.description).toBe(`no SMTP relay configured: messages are written to ${path.join('public', 'outbox')}${path.sep} (set TIDINGS_SMTP_URL or smtp.url to send them)`);
    await transport.send({ from: 'a@example.org', to: 'b@example.org', text: 'x' });
    await transport.close();
    expect(await readdir(path.join(dir, 'public', 'outbox'))).toHaveLength(1);
  });

  it('uses SMTP from the config, or from TIDINGS_SMTP_URL first', async () => {
    const yaml = 'smtp:\n  url: smtp://mail.example.org:2525\n  pool:\n    maxConnections: 3\n    rateLimit: 4\n';
    const fromConfig = await transportFor(yaml);
    expect(fromConfig.description).toBe('SMTP smtp://mail.example.org:2525 (up to 3 connection(s), 4 message(s)/s)');
    await fromConfig.close();
    const fromEnv = await transportFor(yaml, { TIDINGS_SMTP_URL: 'smtps://u:p@relay.example.net' });
    expect(fromEnv.description).toContain('smtps://relay.example.net:465');
    await fromEnv.close();
  });

  it('names the DKIM key file it cannot use', async () => {
    await expect(transportFor('smtp:\n  dkim:\n    domainName: example.org\n    keySelector: s1\n    privateKeyFile: keys/dkim.pem\n')).rejects.toThrow(/cannot read the DKIM private key .*keys\/dkim\.pem/);
    await writeFile(path.join(dir, 'not-a-key.txt'), 'hello');
    await expect(transportFor('smtp:\n  dkim:\n    domainName: example.org\n    keySelector: s1\n    privateKeyFile: not-a-key.txt\n')).rejects.toThrow(/not a PEM private key/);
  });
});
