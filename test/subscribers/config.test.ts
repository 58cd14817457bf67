import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { parseConfig } from '../../src/config/parse.js';

describe('config for subscriptions, SMTP and the server', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tidings-config-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has a default for everything but the secret and the relay', () => {
    const config = parseConfig('', 'empty.yaml');
    expect(config.smtp).toEqual({
      pool: { maxConnections: 5, rateLimit: 0, maxMessages: 1000 },
      timeouts: { connect: 30, greeting: 300, command: 300, dataStart: 120, dataBlock: 180, dataEnd: 600, idle: 60 },
    });
    expect(config.subscriptions).toEqual({ signUpLink: 'auto', confirmDays: 7, linkDays: 365, confirmationIntervalMinutes: 60, rateLimitPerIp: 5, rateLimitWindowMinutes: 10 });
    expect(config.server).toEqual({ host: '127.0.0.1', port: 8080, trustedProxies: [] });
  });

  it('takes the relay and the secret from the environment first', async () => {
    await writeFile(path.join(dir, 'tidings.config.yaml'), `smtp:\n  url: smtp://a.example.org\nsubscriptions:\n  secret: ${'c'.repeat(32)}\n`);
    const fromFile = await loadConfig({ cwd: dir, env: {} });
    expect(fromFile.config.smtp.url).toBe('smtp://a.example.org');
    const fromEnv = await loadConfig({ cwd: dir, env: { TIDINGS_SMTP_URL: 'smtps://u:p@b.example.org:465', TIDINGS_SECRET: 'e'.repeat(40) } });
    expect(fromEnv.config.smtp.url).toBe('smtps://u:p@b.example.org:465');
    expect(fromEnv.config.subscriptions.secret).toBe('e'.repeat(40));
    const empty = await loadConfig({ cwd: dir, env: { TIDINGS_SMTP_URL: '', TIDINGS_SECRET: '' } });
    expect(empty.config.smtp.url).toBe('smtp://a.example.org');
  });

  it('refuses a short secret or a URL that is not SMTP, naming where it came from', async () => {
    await expect(loadConfig({ cwd: dir, env: { TIDINGS_SECRET: 'short' } })).rejects.toThrow('TIDINGS_SECRET is too short: use at least 32 characters of random text');
    await expect(loadConfig({ cwd: dir, env: { TIDINGS_SMTP_URL: 'https://mail.example.org' } })).rejects.toThrow(/TIDINGS_SMTP_URL is not an SMTP URL/);
    expect(() => parseConfig('subscriptions:\n  secret: short\n', 'c.yaml')).toThrow(/c\.yaml:2: error: subscriptions\.secret: .*at least 32 characters/);
    await expect(loadConfig({ cwd: dir, env: { TIDINGS_SMTP_URL: 'smtp://mail.example.org?tls=off' } })).rejects.toThrow(
      'TIDINGS_SMTP_URL: the SMTP URL has an unknown setting ?tls=; allowed: requireTLS=true|false, ignoreTLS=true|false, allowPlainAuth=true|false, tls.rejectUnauthorized=true|false, authMethod=PLAIN|LOGIN|XOAUTH2',
    );
    expect(() => parseConfig('site:\n  title: Blog\nsmtp:\n  url: smtp://mail.example.org?requireTLS=yes\n', 'c.yaml')).toThrow(/c\.yaml:4: error: smtp\.url: \?requireTLS= takes true or false, not "yes"/);
    expect(parseConfig('smtp:\n  url: smtp://mail.example.org?requireTLS=true&tls.rejectUnauthorized=false\n', 'c.yaml').smtp.url).toContain('requireTLS=true');
    expect(() => parseConfig('smtp:\n  timeouts:\n    dataEnd: 0\n', 'c.yaml')).toThrow(/c\.yaml:3: error: smtp\.timeouts\.dataEnd: Too small/);
    expect(() => parseConfig('smtp:\n  timeouts:\n    idel: 3\n', 'c.yaml')).toThrow(/unknown key "idel" in smtp\.timeouts \(allowed: connect, greeting, command, dataStart, dataBlock, dataEnd, idle\)/);
    expect(() => parseConfig('smtp:\n  pool:\n    maxConnection: 3\n', 'c.yaml')).toThrow(/unknown key "maxConnection" in smtp\.pool \(allowed: maxConnections, rateLimit, maxMessages\)/);
  });
});
