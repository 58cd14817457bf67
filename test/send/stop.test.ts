import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO, tsxArgs } from '../helpers/site.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { demoSendSite } from './demo.js';

/**
 * SIGTERM against a relay that hangs: it takes each message whole and never
 * answers (the 10 minutes RFC 5321 gives the end of DATA would hold the
 * stop that long). `tidings send` runs as a child process; the stop must
 * end it within 10 s (systemd's default is 90), the messages in flight
 * recorded unknown; a rerun against a relay that works sends the rest,
 * and nobody twice.
 */

const SUBSCRIBERS = 40;
const POOL = 5;

interface HangingRelay {
  url: string;
  /** Recipients of the messages it took whole (and never answered). */
  taken: string[];
  /** Resolves once it holds `count` messages. */
  holding(count: number): Promise<void>;
  close(): Promise<void>;
}

async function startHangingRelay(): Promise<HangingRelay> {
  const taken: string[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, _callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        taken.push(...session.envelope.rcptTo.map((rcpt) => rcpt.address));
        for (const wake of waiters) wake();
        // Never calls back: the client waits for a reply that never comes.
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    taken,
    holding: (count) =>
      new Promise((resolve) => {
        const check = (): void => {
          if (taken.length >= count) resolve();
        };
        waiters.push(check);
        check();
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let relay: HangingRelay;
let sink: SmtpSink;
let demo: Awaited<ReturnType<typeof demoSendSite>>;
beforeEach(async () => {
  relay = await startHangingRelay();
  sink = await startSmtpSink();
  demo = await demoSendSite(sink.url, POOL);
  await demo.app.store.upsertSubscribers(Array.from({ length: SUBSCRIBERS }, (_, i) => ({ email: `s${i}@example.org`, name: `Subscriber ${i}`, status: 'active' as const })));
});
afterEach(async () => {
  await demo?.close();
  await sink?.close();
  await relay?.close();
});

function tidings(relayUrl: string, ...args: string[]) {
  const child = spawn(process.execPath, [...tsxArgs(path.join(REPO, 'src/cli/run.ts')), ...args], {
    cwd: demo.site.dir,
    env: { PATH: process.env.PATH, TIDINGS_SMTP_URL: relayUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; out: string; err: string; at: number }>((resolve) => child.on('exit', (code) => resolve({ code, out, err, at: Date.now() })));
  return { exited, kill: (signal: NodeJS.Signals) => child.kill(signal) };
}

async function emailsWithStatus(status: 'unknown' | 'in-flight' | 'pending'): Promise<string[]> {
  const emails: string[] = [];
  for (const delivery of await demo.app.store.listDeliveries(demo.issue.id, { status })) {
    const subscriber = await demo.app.store.getSubscriber(delivery.subscriberId);
    if (subscriber) emails.push(subscriber.email);
  }
  return emails.sort();
}

describe('tidings send, SIGTERM against a relay that hangs after DATA', () => {
  it('exits within 10 s, the messages in flight unknown; a rerun sends the rest and nobody twice', async () => {
    const first = tidings(relay.url, 'send', '--issue', demo.issue.id);
    // Every connection of the pool holds a message the relay took and never answered.
    await relay.holding(POOL);
    const signalled = Date.now();
    first.kill('SIGTERM');
    const stopped = await first.exited;
    expect(stopped.at - signalled, stopped.err).toBeLessThan(10_000);
    // In doubt: the operator has deliveries to settle, so not a clean exit.
    expect(stopped.code, stopped.err).toBe(1);
    expect(stopped.err).toMatch(/SIGTERM: stopping/);
    expect(stopped.err).toMatch(/still in flight .* closing the relay connections/);
    // A summary that needs the operator goes to stderr.
    expect(stopped.err).toMatch(new RegExp(`stopped on request; ${POOL} message\\(s\\) in flight got no answer in time and are in doubt`));
    expect(stopped.err).toContain(`${POOL} in doubt`);

    const inDoubt = await emailsWithStatus('unknown');
    expect(inDoubt).toEqual([...relay.taken].sort());
    expect(await emailsWithStatus('in-flight')).toEqual([]);
    expect(await demo.app.store.deliveryCounts(demo.issue.id)).toMatchObject({ unknown: POOL, pending: SUBSCRIBERS - POOL, sent: 0, failed: 0 });

    const rerun = await tidings(sink.url, 'send', '--issue', demo.issue.id).exited;
    expect(rerun.code, rerun.err).toBe(1); // the issue stays open: 5 unknown, for the operator to settle
    const received = sink.messages.flatMap((message) => message.to).sort();
    const everyone = Array.from({ length: SUBSCRIBERS }, (_, i) => `s${i}@example.org`);
    expect(received).toEqual(everyone.filter((email) => !inDoubt.includes(email)).sort());
    expect(new Set(received).size).toBe(received.length);
    expect(await demo.app.store.deliveryCounts(demo.issue.id)).toMatchObject({ unknown: POOL, pending: 0, sent: SUBSCRIBERS - POOL });
  }, 60_000);
});
