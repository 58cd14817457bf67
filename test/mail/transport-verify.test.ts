import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutboxTransport } from '../../src/mail/transport/outbox.js';
import { createPreviewInboxTransport } from '../../src/mail/transport/preview-inbox.js';
import { createSmtpTransport } from '../../src/mail/transport/smtp.js';
import { startInbox } from '../../src/preview/inbox/catcher.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

/** Every transport kind checks its way out without sending (verify) and judges its own failures (classify). */

let sink: SmtpSink;
let dir: string;
beforeEach(async () => {
  sink = await startSmtpSink();
  dir = await mkdtemp(path.join(os.tmpdir(), 'tidings-verify-'));
});
afterEach(async () => {
  await sink.close();
  await rm(dir, { recursive: true, force: true });
});

const failureOf = (promise: Promise<unknown>): Promise<unknown> => promise.then(
  () => {
    throw new Error('expected a failure');
  },
  (error: unknown) => error,
);

describe('the SMTP relay', () => {
  it('verifies by greeting and logging in, sends nothing, and judges a refused login as the setup\'s fault', async () => {
    const good = createSmtpTransport({ url: sink.url, maxConnections: 1, rateLimit: 0 });
    await good.verify();
    await good.close();
    const wrong = createSmtpTransport({ url: sink.url.replace('smtp://', 'smtp://tidings:wrong@'), maxConnections: 1, rateLimit: 0 });
    const error = await failureOf(wrong.verify());
    await wrong.close();
    expect(wrong.classify(error)).toMatchObject({ fatal: true, step: 'auth' });
    expect(wrong.classify(error).reason).toMatch(/535/);
    expect(sink.messages).toHaveLength(0);
  });

  it('judges a relay that does not answer as a passing failure at the connection', async () => {
    const port = sink.port;
    await sink.close();
    const gone = createSmtpTransport({ url: `smtp://127.0.0.1:${port}`, maxConnections: 1, rateLimit: 0, timeouts: { connection: 1_000 } });
    const error = await failureOf(gone.verify());
    await gone.close();
    expect(gone.classify(error)).toMatchObject({ kind: 'transient', fatal: false, step: 'connect' });
    sink = await startSmtpSink();
  });
});

describe('the outbox', () => {
  it('verifies by making its folder, and its failures name no SMTP step', async () => {
    const outbox = createOutboxTransport({ dir: path.join(dir, 'out', 'outbox') });
    await outbox.verify();
    expect(await readdir(path.join(dir, 'out', 'outbox'))).toEqual([]);
    await outbox.close();
    expect(outbox.classify(Object.assign(new Error('cannot write x.eml: ENOSPC: the disk is full'), { code: 'ENOSPC' }))).toMatchObject({ kind: 'transient', fatal: false, step: null });
  });
});

describe("the preview's inbox", () => {
  it('verifies against a running inbox and names itself; a closed one fails at the connection', async () => {
    const inbox = await startInbox({ host: '127.0.0.1', port: 0 });
    const transport = createPreviewInboxTransport({ url: inbox.url });
    expect(transport.name).toBe('preview-inbox');
    expect(transport.description).toBe(`the inbox of the running tidings preview (${inbox.url})`);
    await transport.verify();
    await transport.close();
    expect(inbox.list()).toHaveLength(0);
    await inbox.close();
    const closed = createPreviewInboxTransport({ url: inbox.url });
    const error = await failureOf(closed.verify());
    await closed.close();
    expect(closed.classify(error)).toMatchObject({ kind: 'transient', step: 'connect' });
  });
});
