import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO, tsxArgs } from '../helpers/site.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { demoSendSite } from './demo.js';

/**
 * The sender in a child process, as `tidings send` runs, stopped mid-send
 * by kill -9 and by SIGTERM; then what the SMTP server received, counted
 * per subscriber. Pool size 5: after a kill, at most 5 deliveries may be
 * in doubt. The sender's lease is 2 s: a killed sender's issue is taken
 * over once it lapses, never before.
 */

const SUBSCRIBERS = 5_000;
const POOL = 5;
const LEASE_SECONDS = 2;

let sink: SmtpSink;
let demo: Awaited<ReturnType<typeof demoSendSite>>;
beforeEach(async () => {
  sink = await startSmtpSink();
  demo = await demoSendSite(sink.url, POOL, LEASE_SECONDS);
  await demo.app.store.upsertSubscribers(Array.from({ length: SUBSCRIBERS }, (_, i) => ({ email: `s${i}@example.org`, name: `Subscriber ${i}`, status: 'active' as const })));
});
afterEach(async () => {
  await demo?.close();
  await sink?.close();
});

interface Child {
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>;
  kill(signal: NodeJS.Signals): void;
}

function tidings(...args: string[]): Child {
  const child = spawn(process.execPath, [...tsxArgs(path.join(REPO, 'src/cli/run.ts')), ...args], {
    cwd: demo.site.dir,
    env: { PATH: process.env.PATH },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return {
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out, err }))),
    kill: (signal) => child.kill(signal),
  };
}

/** Waits until the server has received `count` messages, then sends `signal`. */
async function stopAfter(child: Child, count: number, signal: NodeJS.Signals): Promise<void> {
  const deadline = Date.now() + 60_000;
  let done = false;
  void child.exited.then(() => (done = true));
  while (!done && sink.messages.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
  expect(done, 'the send finished before it could be stopped').toBe(false);
  child.kill(signal);
}

function copies(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of sink.messages) for (const to of message.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
}

async function statusOf(status: 'unknown' | 'in-flight'): Promise<Set<string>> {
  const emails = new Set<string>();
  for (const delivery of await demo.app.store.listDeliveries(demo.issue.id, { status })) {
    const subscriber = await demo.app.store.getSubscriber(delivery.subscriberId);
    if (subscriber) emails.add(subscriber.email);
  }
  return emails;
}

describe('tidings send, stopped mid-send', () => {
  it('after kill -9, a rerun completes the issue; at most the pool size are in doubt, reported unknown, and resent only with --resend-unknown', async () => {
    const first = tidings('send', '--issue', demo.issue.id);
    await stopAfter(first, 1_500, 'SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const inFlightAtKill = await statusOf('in-flight');
    expect(inFlightAtKill.size).toBeLessThanOrEqual(POOL);

    // The dead sender's claim is taken over once its lease lapses (pid-namespaces.test.ts: never before).
    const lapse = Date.parse((await demo.app.store.getIssue(demo.issue.id))?.claimedUntil ?? '');
    while (Date.now() <= lapse) await new Promise((resolve) => setTimeout(resolve, 50));

    const rerun = await tidings('send', '--issue', demo.issue.id).exited;
    const inDoubt = await statusOf('unknown');
    expect(inDoubt).toEqual(inFlightAtKill);
    expect(rerun.code, rerun.err).toBe(inDoubt.size > 0 ? 1 : 0);
    if (inDoubt.size > 0) {
      expect(rerun.err).toMatch(new RegExp(`${inDoubt.size} unknown: they may or may not have arrived \\(they were being handed to the relay when a sender stopped`));
      expect(rerun.err).toContain('--resend-unknown');
    }
    // Everyone exactly once, but the ones in doubt: once or not at all.
    let received = copies();
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const email = `s${i}@example.org`;
      if (inDoubt.has(email)) expect(received.get(email) ?? 0, email).toBeLessThanOrEqual(1);
      else expect(received.get(email), email).toBe(1);
    }

    const resend = await tidings('send', '--issue', demo.issue.id, '--resend-unknown').exited;
    expect(resend.code, resend.err).toBe(0);
    received = copies();
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const email = `s${i}@example.org`;
      if (inDoubt.has(email)) expect([1, 2]).toContain(received.get(email));
      else expect(received.get(email), email).toBe(1);
    }
    expect((await demo.app.store.getIssue(demo.issue.id))?.status).toBe('sent');
    expect(await demo.app.store.deliveryCounts(demo.issue.id)).toMatchObject({ sent: SUBSCRIBERS, unknown: 0, pending: 0 });
  }, 180_000);

  it('after SIGTERM, it finishes the messages in flight and exits 0; a rerun completes; nobody gets two', async () => {
    const first = tidings('send', '--issue', demo.issue.id);
    await stopAfter(first, 1_000, 'SIGTERM');
    const stopped = await first.exited;
    expect(stopped.code, stopped.err).toBe(0);
    expect(stopped.err).toMatch(/SIGTERM: stopping/);
    expect(stopped.out).toMatch(/stopped on request/);
    const counts = await demo.app.store.deliveryCounts(demo.issue.id);
    expect(counts).toMatchObject({ 'in-flight': 0, unknown: 0, failed: 0 });
    expect(counts.pending).toBeGreaterThan(0);
    expect(sink.messages.length).toBe(counts.sent);

    const rerun = await tidings('send', '--issue', demo.issue.id).exited;
    expect(rerun.code, rerun.err).toBe(0);
    const received = copies();
    expect(received.size).toBe(SUBSCRIBERS);
    for (const [email, n] of received) expect(n, email).toBe(1);
    expect((await demo.app.store.getIssue(demo.issue.id))?.status).toBe('sent');
  }, 180_000);
});
