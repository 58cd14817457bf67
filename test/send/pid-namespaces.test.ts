import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO, tsxArgs } from '../helpers/site.js';
import { demoSendSite } from './demo.js';
import { startRefusingRelay, type RefusingRelay } from './refusing-relay.js';

/**
 * Regression: a sender in another PID namespace (containers sharing a host
 * name, host networking) was taken for dead, because `kill(pid, 0)` found
 * no such process: a second sender "took over" a live send, and with
 * --resend-unknown people got two copies. Two `tidings send` processes
 * here, each in a PID namespace of its own (`unshare --pid --fork`, as
 * root), against one SQLite store; the sender's lease is 2 s.
 */

const SUBSCRIBERS = 300;
const POOL = 2;
const LEASE_SECONDS = 2;
const canUnshare = process.getuid?.() === 0 && spawnSync('unshare', ['--pid', '--fork', 'true']).status === 0;

let relay: RefusingRelay;
let demo: Awaited<ReturnType<typeof demoSendSite>>;
beforeEach(async () => {
  relay = await startRefusingRelay();
  demo = await demoSendSite(relay.url, POOL, LEASE_SECONDS);
  await demo.app.store.upsertSubscribers(Array.from({ length: SUBSCRIBERS }, (_, i) => ({ email: `s${i}@example.org`, status: 'active' as const })));
});
afterEach(async () => {
  await demo?.close();
  await relay?.close();
});

interface Sender {
  exited: Promise<{ code: number | null; out: string; err: string }>;
  kill(): void;
}

/**
 * `tidings send` in a new PID namespace. `afterPids`: that many short-lived
 * processes are started first, so that tidings gets a pid that nothing has
 * in the other sender's namespace (there: that sender as pid 1 and its
 * threads, whose ids `kill` also answers for, 2 to a dozen or so).
 */
function sender(afterPids: number, ...args: string[]): Sender {
  const node = [process.execPath, ...tsxArgs(path.join(REPO, 'src/cli/run.ts')), 'send', '--issue', demo.issue.id, ...args];
  const burn = `i=0; while [ $i -lt ${afterPids} ]; do /bin/true; i=$((i+1)); done; "$@"; exit $?`;
  const command = afterPids > 0 ? ['sh', '-c', burn, 'sh', ...node] : node;
  const child = spawn('unshare', ['--pid', '--fork', '--kill-child', ...command], { cwd: demo.site.dir, env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { exited: new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err }))), kill: () => child.kill('SIGKILL') };
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `exited`, or a failure naming `what` after `ms` (a sender that took over a live send would wait on the held relay). */
function within<T>(exited: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms)));
  return Promise.race([exited, late]).finally(() => clearTimeout(timer));
}

const claim = async () => demo.app.store.getIssue(demo.issue.id);

describe.skipIf(!canUnshare)('two senders in different PID namespaces, one store', () => {
  it('turns the second away while the first is alive and renewing its claim; it takes over only once the first was killed and its lease lapsed; nobody gets two copies', async () => {
    // The relay takes 50 messages, then keeps the first sender waiting mid-send.
    relay.rcpt = (_address, before) => {
      if (before === 50) relay.hold();
      return null;
    };
    const first = sender(200);
    await until('the first sender is mid-send', () => relay.taken() >= 50);
    const claimed = await claim();
    // What made the old check fail: this host's name, and a pid that names no process in the other namespace.
    expect(Number(claimed?.owner?.split(':')[1])).toBeGreaterThan(200);
    await until('the first sender renewed its claim', async () => ((await claim())?.claimedUntil ?? '') > (claimed?.claimedUntil ?? ''));

    const turnedAway = sender(0, '--resend-unknown');
    const second = await within(turnedAway.exited, 30_000, 'the second sender (it should have been turned away at once)').finally(() => turnedAway.kill());
    expect(second.code, second.err).toBe(1);
    expect(second.err).toContain(`is being sent by another sender (${claimed?.owner ?? ''}): not sending it twice`);
    expect(second.err).toMatch(/Its claim lapses at \d{4}-\d\d-\d\dT[\d:.]+Z unless that sender renews it/);
    expect(second.err).toContain(`run tidings send --issue ${demo.issue.id} again after that time`);
    expect((await claim())?.owner).toBe(claimed?.owner);

    first.kill();
    await first.exited;
    relay.release();
    // Still held until the dead sender's lease lapses.
    const lapse = Date.parse((await claim())?.claimedUntil ?? '');
    expect(lapse).toBeGreaterThan(Date.now() - 1_000);
    await until('the lease lapsed', () => Date.now() > lapse + 50, LEASE_SECONDS * 1_000 + 5_000);

    const takeover = await sender(0).exited;
    const counts = await demo.app.store.deliveryCounts(demo.issue.id);
    // What the first had handed over when it was killed is in doubt (at most its pool), never sent again unasked.
    expect(counts.unknown).toBeLessThanOrEqual(POOL);
    expect(counts).toMatchObject({ sent: SUBSCRIBERS - counts.unknown, pending: 0, failed: 0 });
    expect(takeover.code, takeover.err).toBe(counts.unknown > 0 ? 1 : 0);
    for (let i = 0; i < SUBSCRIBERS; i++) expect(relay.copies.get(`s${i}@example.org`) ?? 0, `s${i}`).toBeLessThanOrEqual(1);
    expect(relay.copies.size).toBeGreaterThanOrEqual(SUBSCRIBERS - counts.unknown);
  }, 120_000);
});
