import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startInbox, type Inbox } from '../../src/preview/inbox/catcher.js';
import { removeInboxFile, writeInboxFile } from '../../src/preview/inbox/inbox-file.js';
import { makeSite, type Site } from '../helpers/site.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { scheduleConfig, writePost } from '../schedule/site.js';

/**
 * `tidings send` while a `tidings preview` runs for the site: with no relay
 * configured, its mail lands in the preview's inbox (the preview's own
 * transport kind, mail/transport/preview-inbox.ts, chosen by the
 * composition root: no rewritten environment); a configured relay still
 * wins. A running preview is, to other commands, its inbox
 * (.tidings/preview.json and an SMTP server answering there): this test
 * runs that inbox, the preview's own catcher.
 */

let site: Site;
let inbox: Inbox | undefined;
let sink: SmtpSink;

async function siteWith(env: NodeJS.ProcessEnv, config = scheduleConfig()): Promise<Inbox> {
  site = await makeSite({ config, env });
  await site.write('content/posts/.keep', '');
  // 2025-W42 is Monday 13 to Sunday 19 October 2025.
  await writePost(site, 'the-judge-and-the-court', '2025-10-14T10:00:00+01:00', 'The judge told the court what the court would do.');
  expect((await site.run('import')).code).toBe(0);
  for (const email of ['ann@example.org', 'bob@example.org']) expect((await site.run('subscribers', 'add', email)).code).toBe(0);
  const started = await startInbox({ host: '127.0.0.1', port: 0 });
  inbox = started;
  await writeInboxFile(site.dir, { smtpUrl: started.url, previewUrl: 'http://127.0.0.1:1/', pid: process.pid, startedAt: new Date().toISOString() });
  return started;
}

const outboxFiles = async (): Promise<string[]> => readdir(path.join(site.dir, 'out', 'outbox')).catch(() => []);

beforeEach(async () => {
  sink = await startSmtpSink();
});
afterEach(async () => {
  if (site !== undefined) await removeInboxFile(site.dir);
  await inbox?.close();
  inbox = undefined;
  await sink.close();
  await site?.cleanup();
});

describe('tidings send while a preview runs', () => {
  it('sends a test copy (--to) to the preview\'s inbox when no relay is configured, and says so', async () => {
    const inbox = await siteWith({});
    const copy = await site.run('send', '--issue', '2025-W42', '--to', 'me@example.org');
    expect(copy.code, copy.err).toBe(0);
    expect(copy.out).toContain(`tidings preview is running: sending to its inbox (${inbox.url})`);
    expect(copy.out).toContain(`via the inbox of the running tidings preview (${inbox.url}); nothing was recorded`);
    expect(inbox.list().map((message) => message.envelope.to)).toEqual([['me@example.org']]);
    expect(await outboxFiles()).toEqual([]);
  });

  it('sends the issue to its subscribers there too, not held to the relay\'s rate limit', async () => {
    // One message in 1,000 s is the relay's pace (smtp.pool), not the preview inbox's: the second message would wait that long.
    const inbox = await siteWith({}, `${scheduleConfig()}smtp:\n  pool:\n    rateLimit: 0.001\n`);
    const run = await site.run('send', '--issue', '2025-W42');
    expect(run.code, run.err).toBe(0);
    expect(inbox.list().map((message) => message.envelope.to[0]).sort()).toEqual(['ann@example.org', 'bob@example.org']);
    expect(run.out).toContain('via the inbox of the running tidings preview');
  });

  it('goes to the relay TIDINGS_SMTP_URL names instead: a configured relay always wins', async () => {
    const inbox = await siteWith({ TIDINGS_SMTP_URL: sink.url });
    const copy = await site.run('send', '--issue', '2025-W42', '--to', 'me@example.org');
    expect(copy.code, copy.err).toBe(0);
    expect(copy.out).not.toContain('tidings preview is running');
    expect((await sink.waitFor(1)).map((message) => message.to)).toEqual([['me@example.org']]);
    expect(inbox.list()).toEqual([]);
  });

  it('writes to the outbox when the preview that wrote .tidings/preview.json is gone', async () => {
    await siteWith({});
    await inbox?.close();
    inbox = undefined;
    const copy = await site.run('send', '--issue', '2025-W42', '--to', 'me@example.org');
    expect(copy.code, copy.err).toBe(0);
    expect(copy.out).not.toContain('tidings preview is running');
    expect(await outboxFiles()).toHaveLength(1);
  });
});
