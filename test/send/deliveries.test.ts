import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO, tsxArgs } from '../helpers/site.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { demoSendSite } from './demo.js';

/**
 * Deliveries in doubt, settled one by one, through the real CLI against a
 * real SMTP server: the relay takes two messages and drops the connection
 * before it answers (so tidings cannot know it has them), and refuses a
 * third for good. `tidings deliveries` lists them with the Message-ID each
 * message really carried; `deliveries settle` decides them; the next send
 * sends exactly what was put back.
 */

let sink: SmtpSink;
let demo: Awaited<ReturnType<typeof demoSendSite>>;
const READERS = ['ann', 'bob', 'cat', 'dan', 'eve'].map((name) => `${name}@example.org`);

beforeEach(async () => {
  sink = await startSmtpSink();
  // A 2 s lease: the kill -9 case takes the dead sender's issue over once it lapses.
  demo = await demoSendSite(sink.url, 2, 2);
  await demo.app.store.upsertSubscribers(READERS.map((email) => ({ email, status: 'active' as const })));
});
afterEach(async () => {
  await demo?.close();
  await sink?.close();
});

const received = (email: string) => sink.messages.filter((m) => m.to.includes(email));

interface Listed {
  issueId: string;
  email: string;
  status: string;
  messageId: string | null;
  attempts: number;
  lastAttemptAt: string | null;
  lastStep: string | null;
  lastError: string | null;
}

describe('tidings deliveries', () => {
  it('lists deliveries in doubt with the Message-ID the relay got, settles one as sent and one to resend, and the next send sends exactly that one', async () => {
    const id = demo.issue.id;
    sink.behave('ann@example.org', 'drop-after-data');
    sink.behave('bob@example.org', 'drop-after-data');
    const first = await demo.site.run('send', '--issue', id);
    expect(first.code).toBe(1);
    expect(first.err).toContain(`2 unknown: they may or may not have arrived`);
    expect(first.err).toContain(`List them with \`tidings deliveries --issue ${id}\`, then settle them with \`tidings deliveries settle EMAIL... --issue ${id} --sent|--resend\``);
    expect(first.err).toContain(`tidings send --issue ${id} --resend-unknown`);
    expect(received('ann@example.org')).toHaveLength(1);

    // The table: both, with the Message-ID their messages carried and the step the connection broke at.
    const table = await demo.site.run('deliveries', '--issue', id);
    expect(table.code, table.err).toBe(0);
    const [heading, ...rows] = table.out.split('\n');
    expect(heading).toMatch(/^ISSUE +ADDRESS +STATUS +ATTEMPTS +LAST ATTEMPT +STEP +MESSAGE-ID +LAST ERROR/);
    for (const email of ['ann@example.org', 'bob@example.org']) {
      const carried = received(email)[0]?.parsed.messageId;
      expect(carried).toMatch(/^<.+@.+>$/);
      const row = rows.find((line) => line.includes(email));
      expect(row).toMatch(new RegExp(`^${id} +${email} +unknown +1 +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ +content +${escape(carried ?? '')} +\\S`));
    }
    expect(table.out).toContain('2 deliveries of issue');
    expect(table.out).toContain(`tidings deliveries settle EMAIL... --issue ${id} --sent`);
    expect(rows.some((line) => line.includes('cat@example.org'))).toBe(false);

    // --json: one document a script can use, the same facts.
    const json = await demo.site.run('deliveries', '--json');
    const listed = JSON.parse(json.out) as Listed[];
    expect(listed.map((d) => [d.issueId, d.email, d.status, d.messageId, d.lastStep])).toEqual(
      ['ann@example.org', 'bob@example.org'].map((email) => [id, email, 'unknown', received(email)[0]?.parsed.messageId, 'content']),
    );
    expect(listed[0]?.lastAttemptAt).toMatch(/^\d{4}-/);

    // The relay's log shows it took ann's: settled as sent. bob's was lost: sent again. nobody@ is no subscriber.
    sink.behave('ann@example.org', 'accept');
    sink.behave('bob@example.org', 'accept');
    const settledSent = await demo.site.run('deliveries', 'settle', 'ann@example.org', 'nobody@example.org', '--sent', '--issue', id);
    expect(settledSent.code).toBe(2);
    expect(settledSent.out).toContain(`settled as sent: ann@example.org (issue ${id}, Message-ID ${received('ann@example.org')[0]?.parsed.messageId})`);
    expect(settledSent.err).toContain('not settled: nobody@example.org: not a subscriber');
    expect(settledSent.out).toContain(`issue ${id}: 1 still in doubt`);
    // ann's is settled; asking again says so by name.
    const again = await demo.site.run('deliveries', 'settle', 'ann@example.org', '--sent');
    expect(again.code).toBe(2);
    expect(again.err).toContain(`not settled: ann@example.org: its delivery of issue ${id} is sent: nothing to settle`);

    const resend = await demo.site.run('deliveries', 'settle', 'bob@example.org', 'BOB@example.org', '--resend');
    expect(resend.code, resend.err).toBe(0);
    expect(resend.out).toContain(`to send again: bob@example.org (issue ${id}, was unknown)`);
    expect(resend.out).toContain(`issue ${id}: 1 delivery pending: \`tidings send --issue ${id}\``);
    expect((await demo.site.run('deliveries')).out).toContain('no unknown or failed deliveries: nothing needs a decision.');

    const before = sink.messages.length;
    const rerun = await demo.site.run('send', '--issue', id);
    expect(rerun.code, rerun.err).toBe(0);
    expect(sink.messages.slice(before).map((m) => m.to)).toEqual([['bob@example.org']]);
    expect(received('ann@example.org')).toHaveLength(1);
    expect((await demo.app.store.getIssue(id))?.status).toBe('sent');
    const sent = JSON.parse((await demo.site.run('deliveries', '--issue', id, '--status', 'sent', '--json')).out) as (Listed & { response: string })[];
    expect(sent.find((d) => d.email === 'ann@example.org')?.response).toMatch(/settled as sent by an operator/);
  });

  it('finishes the issue itself when the last deliveries in doubt are settled as sent', async () => {
    const id = demo.issue.id;
    sink.behave('eve@example.org', 'drop-after-data');
    expect((await demo.site.run('send', '--issue', id)).code).toBe(1);
    expect((await demo.app.store.getIssue(id))?.status).toBe('sending');
    const settled = await demo.site.run('deliveries', 'settle', '--all', '--issue', id, '--sent');
    expect(settled.code, settled.err).toBe(0);
    expect(settled.out).toContain(`settled as sent: 1 unknown delivery of issue ${id}`);
    expect(settled.out).toMatch(new RegExp(`issue ${id}: every delivery is decided \\(\\d+ sent, 0 failed, 0 skipped\\): marked sent\\.`));
    expect((await demo.app.store.getIssue(id))?.status).toBe('sent');
    expect((await demo.site.run('send', '--issue', id)).out).toContain('was sent before: nothing to do');
  });

  it('puts failed deliveries of a finished issue back to pending (the way back from a bad run), and the next send sends them', async () => {
    const id = demo.issue.id;
    sink.behave('cat@example.org', 'full');
    sink.behave('dan@example.org', 'full');
    const first = await demo.site.run('send', '--issue', id);
    expect(first.err).toContain(`tidings deliveries settle --all --issue ${id} --status failed --resend`);
    expect((await demo.app.store.getIssue(id))?.status).toBe('sent');
    const failed = JSON.parse((await demo.site.run('deliveries', '--issue', id, '--json')).out) as Listed[];
    expect(failed.map((d) => [d.email, d.status, d.lastStep])).toEqual([
      ['cat@example.org', 'failed', 'rcpt'],
      ['dan@example.org', 'failed', 'rcpt'],
    ]);
    expect(failed[0]?.lastError).toMatch(/^552 5\.2\.2/);

    expect((await demo.site.run('deliveries', 'settle', '--all', '--issue', id, '--status', 'failed', '--sent')).code).toBe(2);
    const back = await demo.site.run('deliveries', 'settle', '--all', '--issue', id, '--status', 'failed', '--resend');
    expect(back.code, back.err).toBe(0);
    expect(back.out).toContain(`to send again: 2 failed deliveries of issue ${id}`);
    expect(back.out).toContain('tidings subscribers unsuppress EMAIL... --reason TEXT');
    expect((await demo.app.store.getIssue(id))?.status).toBe('sending');

    sink.behave('cat@example.org', 'accept');
    sink.behave('dan@example.org', 'accept');
    const before = sink.messages.length;
    const rerun = await demo.site.run('send', '--issue', id);
    expect(rerun.code, rerun.err).toBe(0);
    expect(sink.messages.slice(before).flatMap((m) => m.to).sort()).toEqual(['cat@example.org', 'dan@example.org']);
    expect((await demo.app.store.getIssue(id))?.status).toBe('sent');
  });

  it('after kill -9, lists what was in flight with the Message-IDs the relay got, and settles it all as sent', async () => {
    const id = demo.issue.id;
    await demo.app.store.upsertSubscribers(Array.from({ length: 600 }, (_, i) => ({ email: `s${i}@example.org`, status: 'active' as const })));
    const child = spawn(process.execPath, [...tsxArgs(path.join(REPO, 'src/cli/run.ts')), 'send', '--issue', id], { cwd: demo.site.dir, env: { PATH: process.env.PATH }, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await sink.waitFor(100, 60_000);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // Before any sender has looked, they are in flight: listed as such, each with its Message-ID.
    const inFlight = JSON.parse((await demo.site.run('deliveries', '--issue', id, '--status', 'in-flight', '--json')).out) as Listed[];
    expect(inFlight.length).toBeGreaterThan(0);
    expect(inFlight.length).toBeLessThanOrEqual(2);
    const carried = new Map(sink.messages.map((m) => [m.to[0], m.parsed.messageId]));
    for (const d of inFlight) {
      expect(d.messageId).toMatch(/^<.+@example\.org>$/);
      // The ones the relay got carried the very Message-ID listed.
      if (carried.has(d.email)) expect(d.messageId).toBe(carried.get(d.email));
    }
    const refused = await demo.site.run('deliveries', 'settle', '--all', '--issue', id, '--sent');
    expect(refused.out).toContain('settled as sent: 0 unknown deliveries');

    // The next send, once the dead sender's claim has lapsed, finds them, reports them unknown and sends everyone else once.
    const lapse = Date.parse((await demo.app.store.getIssue(id))?.claimedUntil ?? '');
    while (Date.now() <= lapse) await new Promise((resolve) => setTimeout(resolve, 50));
    const rerun = await demo.site.run('send', '--issue', id);
    expect(rerun.code).toBe(1);
    expect(rerun.err).toContain(`List them with \`tidings deliveries --issue ${id}\``);
    const unknown = JSON.parse((await demo.site.run('deliveries', '--json')).out) as Listed[];
    expect(unknown.map((d) => [d.email, d.status, d.messageId])).toEqual(inFlight.map((d) => [d.email, 'unknown', d.messageId]));
    expect(unknown[0]?.lastError).toMatch(/in flight when its sender stopped/);

    const settled = await demo.site.run('deliveries', 'settle', '--all', '--issue', id, '--sent');
    expect(settled.code, settled.err).toBe(0);
    expect(settled.out).toContain('marked sent.');
    const copies = new Map<string, number>();
    for (const m of sink.messages) for (const to of m.to) copies.set(to, (copies.get(to) ?? 0) + 1);
    expect(Math.max(...copies.values())).toBe(1);
  }, 120_000);

  it('refuses usage it cannot act on, saying what to give', async () => {
    const cases: [string[], RegExp][] = [
      [['deliveries', 'settle', 'ann@example.org'], /needs one of --sent .* or --resend/],
      [['deliveries', 'settle', '--all', '--sent'], /--all needs --issue ID/],
      [['deliveries', 'settle', 'ann@example.org', '--all', '--issue', 'x', '--sent'], /either addresses or --all/],
      [['deliveries', 'settle', '--resend'], /needs addresses/],
      [['deliveries', '--status', 'lost'], /one of pending, in-flight, sent, failed, unknown, skipped/],
      [['deliveries', 'settle', '--all', '--issue', '1999-W01', '--resend'], /issue 1999-W01: not in the send log/],
    ];
    for (const [args, message] of cases) {
      const result = await demo.site.run(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err, args.join(' ')).toMatch(message);
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
