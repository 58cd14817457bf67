import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startCountingSink, type CountingSink } from '../helpers/counting-sink.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { REPO, tsxArgs } from '../helpers/site.js';
import { demoSendSite } from './demo.js';

/**
 * Sending workers beside a SQLite store on one host: the deliveries in the
 * site's SQLite file, shared by the processes, and the queue in the
 * PostgreSQL database TIDINGS_QUEUE_URL names; three `tidings worker`
 * processes and `tidings send --issue` waiting; a real SMTP server counts
 * what it accepted per recipient. (workers.test.ts: store and queue in
 * one PostgreSQL database.)
 */

const SUBSCRIBERS = 2_000;

let database: TestDatabase;
let sink: CountingSink;
let demo: Awaited<ReturnType<typeof demoSendSite>>;
const children: { kill(signal: NodeJS.Signals): void }[] = [];

beforeEach(async () => {
  database = await freshDatabase();
  sink = await startCountingSink();
  demo = await demoSendSite(sink.url, 4, undefined, 'send:\n  queue:\n    pageSize: 100\n');
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await demo?.close();
  await sink?.close();
  await database?.drop();
});

function tidings(...args: string[]): Promise<{ code: number | null; out: string; err: string }> & { kill(signal: NodeJS.Signals): void } {
  const child = spawn(process.execPath, [...tsxArgs(path.join(REPO, 'src/cli/run.ts')), ...args], { cwd: demo.site.dir, env: { PATH: process.env.PATH, TIDINGS_QUEUE_URL: database.url }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; out: string; err: string }>((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
  const kill = (signal: NodeJS.Signals): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  children.push({ kill });
  return Object.assign(exited, { kill });
}

describePostgres('tidings worker beside a SQLite store, the queue in PostgreSQL', () => {
  it(`three workers send ${SUBSCRIBERS.toLocaleString('en')} subscribers one copy each`, async () => {
    await demo.app.store.upsertSubscribers(Array.from({ length: SUBSCRIBERS }, (_, i) => ({ email: `s${i}@example.org`, name: `Subscriber ${i}`, status: 'active' as const })));
    const workers = [tidings('worker'), tidings('worker'), tidings('worker')];
    const send = await tidings('send', '--issue', demo.issue.id);
    expect(send.code, send.err).toBe(0);
    expect(send.out).toContain(': sent.');
    expect(sink.received.size).toBe(SUBSCRIBERS);
    expect([...sink.received.values()].every((copies) => copies === 1)).toBe(true);
    expect(await demo.app.store.deliveryCounts(demo.issue.id)).toMatchObject({ sent: SUBSCRIBERS, pending: 0, 'in-flight': 0, unknown: 0 });
    for (const worker of workers) worker.kill('SIGTERM');
    for (const exit of await Promise.all(workers)) expect(exit.code, exit.err).toBe(0);
  }, 180_000);
});
