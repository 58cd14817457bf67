import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startCountingSink, type CountingSink } from '../helpers/counting-sink.js';
import { socketOwner } from '../helpers/socket-owner.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { REPO, tsxArgs } from '../helpers/site.js';
import { demoSendSite } from './demo.js';

/**
 * Sending workers: `tidings send --issue` queues the issue's pages in
 * PostgreSQL (pg-boss) and waits; three `tidings worker` processes send
 * them through a real SMTP server, which counts what it accepted per
 * recipient. The store and the queue are one PostgreSQL database
 * (store.url), as on several hosts (workers-sqlite-queue.test.ts covers a
 * queue beside a SQLite file). Each worker has POOL connections: a worker
 * killed mid-run leaves at most that many deliveries in doubt.
 */

const SUBSCRIBERS = Number(process.env.WORKERS_TEST_SUBSCRIBERS ?? 20_000);
const POOL = 4;
const PAGE = 100;
const PAGE_SECONDS = 8;

let database: TestDatabase;
let sink: CountingSink;
let demo: Awaited<ReturnType<typeof demoSendSite>>;
const children: Child[] = [];

beforeEach(async () => {
  database = await freshDatabase();
  sink = await startCountingSink();
  demo = await demoSendSite(sink.url, POOL, undefined, `send:\n  queue:\n    pageSize: ${PAGE}\n    pageSeconds: ${PAGE_SECONDS}\n`, database.url);
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await demo?.close();
  await sink?.close();
  await database?.drop();
});

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

interface Child {
  /** The process id (node itself: tsx loads in-process). */
  pid: number;
  exited: Promise<Exit>;
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
  const handle: Child = {
    pid: child.pid ?? -1,
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out, err }))),
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
  children.push(handle);
  return handle;
}

async function subscribe(count: number): Promise<void> {
  await demo.app.store.upsertSubscribers(Array.from({ length: count }, (_, i) => ({ email: `s${i}@example.org`, name: `Subscriber ${i}`, status: 'active' as const })));
}

/** Subscribers of the issue's deliveries in `status`, by address. */
async function addressesIn(status: 'unknown' | 'sent'): Promise<Set<string>> {
  const emails = new Set<string>();
  for (const listing of await demo.app.store.findDeliveries({ issueId: demo.issue.id, status })) emails.add(listing.email.toLowerCase());
  return emails;
}

describePostgres('tidings worker: three workers share one issue', () => {
  it(`send ${SUBSCRIBERS.toLocaleString('en')} subscribers one copy each, and the issue is sent`, async () => {
    await subscribe(SUBSCRIBERS);
    const workers = [tidings('worker'), tidings('worker'), tidings('worker')];
    const send = await tidings('send', '--issue', demo.issue.id).exited;
    expect(send.err).toBe('');
    expect(send.code).toBe(0);
    expect(send.out).toMatch(new RegExp(`queued \\d+ page\\(s\\) holding ${SUBSCRIBERS} pending deliveries`));
    expect(send.out).toContain(': sent.');

    expect(sink.total()).toBe(SUBSCRIBERS);
    expect(sink.received.size).toBe(SUBSCRIBERS);
    expect([...sink.received.values()].every((copies) => copies === 1)).toBe(true);
    expect(await demo.app.store.deliveryCounts(demo.issue.id)).toMatchObject({ sent: SUBSCRIBERS, pending: 0, 'in-flight': 0, unknown: 0 });
    expect((await demo.app.store.getIssue(demo.issue.id))?.status).toBe('sent');

    // Each worker took part; SIGTERM ends each with 0.
    for (const worker of workers) worker.kill('SIGTERM');
    const exits = await Promise.all(workers.map((worker) => worker.exited));
    for (const exit of exits) expect(exit.code, exit.err).toBe(0);
    const sentBy = exits.map((exit) => [...exit.out.matchAll(/"event":"worker\.page".*?"sent":(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0));
    expect(sentBy.reduce((a, b) => a + b, 0)).toBe(SUBSCRIBERS);
    for (const sent of sentBy) expect(sent).toBeGreaterThan(0);

    // Sent again: nothing is queued twice, nothing sent twice.
    const again = await tidings('send', '--issue', demo.issue.id).exited;
    expect(again.code).toBe(0);
    expect(again.out).toContain('was sent before: nothing to do');
    expect(sink.total()).toBe(SUBSCRIBERS);
  }, 180_000);

  it('kill -9 of one worker mid-run: the others finish the issue; only what it had in flight is in doubt, and reported', async () => {
    await subscribe(SUBSCRIBERS);
    const workers = [tidings('worker'), tidings('worker'), tidings('worker')];
    const sending = tidings('send', '--issue', demo.issue.id);
    await sink.waitFor(SUBSCRIBERS / 4);
    // The sink holds its answers to DATA: the worker killed is one that has a message in flight (found by its connection).
    sink.hold();
    await sink.waitForHeld(1);
    const pids = workers.map((worker) => worker.pid);
    const owner = sink.heldPorts().map((port) => socketOwner(port, pids)).find((pid) => pid !== undefined);
    expect(owner, 'a worker holds the connection of a held message').toBeDefined();
    const killed = workers[pids.indexOf(owner ?? -1)];
    killed?.kill('SIGKILL');
    await killed?.exited;
    sink.release();
    const send = await sending.exited;
    const counts = await demo.app.store.deliveryCounts(demo.issue.id);
    expect(counts).toMatchObject({ pending: 0, 'in-flight': 0, failed: 0 });
    // At most the killed worker's connections' worth was in flight, and is now in doubt.
    expect(counts.unknown).toBeGreaterThan(0);
    expect(counts.unknown).toBeLessThanOrEqual(POOL);
    expect(counts.sent + counts.unknown).toBe(SUBSCRIBERS);
    expect(send.code).not.toBe(0);
    expect(send.err).toContain(`${counts.unknown} unknown: they may or may not have arrived`);

    const unknown = await addressesIn('unknown');
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const address = `s${i}@example.org`;
      const copies = sink.received.get(address) ?? 0;
      if (unknown.has(address)) expect(copies).toBeLessThanOrEqual(1);
      else expect(copies, address).toBe(1);
    }

    const status = await tidings('status', '--json').exited;
    const report = JSON.parse(status.out) as { sending: { inDoubt: number; queue: { waiting: number; active: number } } };
    expect(report.sending.inDoubt).toBe(counts.unknown);
    expect(report.sending.queue).toEqual({ waiting: 0, active: 0 });
  }, 180_000);

  it('SIGTERM: the worker finishes what it has in flight, puts the rest of its page back and exits 0; nothing is lost or in doubt', async () => {
    const count = 3_000;
    await subscribe(count);
    const queued = await tidings('send', '--issue', demo.issue.id, '--no-wait').exited;
    expect(queued.code, queued.err).toBe(0);
    expect(queued.out).toContain('the workers send it');
    const first = tidings('worker');
    await sink.waitFor(count / 5);
    first.kill('SIGTERM');
    const stopped = await first.exited;
    expect(stopped.code, stopped.err).toBe(0);
    expect(stopped.out).toContain('"event":"worker.stopping"');
    const counts = await demo.app.store.deliveryCounts(demo.issue.id);
    // Everything the relay took is recorded; nothing is left in flight or in doubt.
    expect(counts).toMatchObject({ 'in-flight': 0, unknown: 0, sent: sink.total() });
    expect(counts.pending).toBeGreaterThan(0);

    // Another worker carries on with the page it put back and the rest, and the waiting send sees the issue sent.
    tidings('worker');
    const send = await tidings('send', '--issue', demo.issue.id).exited;
    expect(send.code, send.err).toBe(0);
    expect(sink.received.size).toBe(count);
    expect([...sink.received.values()].every((copies) => copies === 1)).toBe(true);
    expect((await demo.app.store.getIssue(demo.issue.id))?.status).toBe('sent');
  }, 120_000);
});
