import { afterEach, describe, expect, it } from 'vitest';
import { createSmtpTransport } from '../../src/mail/transport/smtp.js';
import type { MailTransport } from '../../src/mail/transport/types.js';
import { exitCodeFor, sendIssue, summaryLines, type SendReport } from '../../src/send/index.js';
import { activeSubscribers, harness, type Harness } from './helpers.js';
import { startRefusingRelay, type RefusingRelay } from './refusing-relay.js';

/**
 * Regression: a relay that refused every recipient (554 5.7.1 Relay access
 * denied) had a whole list marked failed and the issue done; one that said
 * 550 5.1.1 for everyone had the whole list bounced. A real relay here
 * refuses as scripted; 300 subscribers, so that the breaker's thresholds
 * (20 answers, 50 in the window) are really crossed.
 */

const SUBSCRIBERS = 300;
const POOL = 5;
const COMMAND = 'tidings send --issue 2019-W31';

let h: Harness;
let relay: RefusingRelay;
let transport: MailTransport;
afterEach(async () => {
  await transport?.close();
  await relay?.close();
  await h?.store.close();
});

async function setUp(): Promise<void> {
  relay = await startRefusingRelay();
  h = await harness(activeSubscribers(SUBSCRIBERS), { maxConnections: POOL });
  transport = createSmtpTransport({ url: relay.url, maxConnections: POOL, rateLimit: 0 });
}

const send = (): Promise<SendReport> => sendIssue({ ...h.deps, transport }, { issue: h.issue });

async function statuses(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const s of await h.store.listSubscribers()) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
  return counts;
}

/** Nobody paid for the relay's fault: nobody failed or bounced, everyone pending, the issue open and free. */
async function expectNobodyHarmed(report: SendReport): Promise<void> {
  expect(report.counts).toMatchObject({ sent: 0, failed: 0, pending: SUBSCRIBERS, 'in-flight': 0, unknown: 0 });
  expect(report.run).toMatchObject({ failed: 0, bounced: 0 });
  expect(await statuses()).toEqual(new Map([['active', SUBSCRIBERS]]));
  expect(await h.store.getIssue(h.issue.id)).toMatchObject({ status: 'sending', owner: null });
}

/** After the fix: every subscriber gets exactly one message, nobody is bounced, the issue is sent. */
async function expectRerunSendsEveryoneOnce(): Promise<void> {
  relay.mailFrom = null;
  relay.rcpt = () => null;
  const rerun = await send();
  expect(rerun.outcome).toBe('sent');
  expect(exitCodeFor(rerun)).toBe(0);
  expect(relay.copies.size).toBe(SUBSCRIBERS);
  for (const [address, copies] of relay.copies) expect(copies, address).toBe(1);
  expect(await statuses()).toEqual(new Map([['active', SUBSCRIBERS]]));
  expect((await h.store.getIssue(h.issue.id))?.status).toBe('sent');
}

describe('a relay that refuses for a reason about the sender or the relay', () => {
  it.each([
    ['RCPT TO', 554, '5.7.1 <n0@example.org>: Relay access denied'],
    ['RCPT TO', 554, 'Transaction failed: policy'],
    ['MAIL FROM', 530, '5.7.0 Authentication required'],
    ['MAIL FROM', 553, '5.7.1 <roundup@example.org>: Sender address rejected: not owned by user'],
  ])('stops at once when it refuses %s with %s %s: nobody failed or bounced, the reply quoted; a rerun after the fix sends everyone one copy', async (command, code, text) => {
    await setUp();
    if (command === 'MAIL FROM') relay.mailFrom = { code, text };
    else relay.rcpt = () => ({ code, text });

    const report = await send();
    expect(report.outcome).toBe('relay-refused');
    expect(exitCodeFor(report)).toBe(1);
    expect(report.refusal).toMatchObject({ cause: 'setup', command, reply: `${code} ${text}` });
    // At once: no more than the messages already handed over when the first refusal came.
    expect(relay.rcptSeen()).toBeLessThanOrEqual(POOL);
    await expectNobodyHarmed(report);
    const lines = summaryLines(report, COMMAND).join('\n');
    expect(lines).toContain(`The relay said (to ${command}): "${code} ${text}"`);
    expect(lines).toMatch(/Nobody was marked failed or bounced for it/);
    expect(lines).toMatch(/smtp\.url or TIDINGS_SMTP_URL/);
    expect(lines).toContain(`Then run ${COMMAND} again`);
    if (command === 'MAIL FROM') expect(lines).toMatch(/Check:\n {2}- that it lets this sender send: email\.from/);

    await expectRerunSendsEveryoneOnce();
  });
});

describe('the breaker: a relay that refuses (nearly) everyone, for reasons about recipients', () => {
  it('trips on 550 5.1.1 for everyone within the first answers: nobody bounced or failed, everyone pending; a rerun after the fix sends everyone one copy', async () => {
    await setUp();
    relay.rcpt = (address) => ({ code: 550, text: `5.1.1 <${address}>: Recipient address rejected: User unknown` });

    const report = await send();
    expect(report.outcome).toBe('relay-refused');
    expect(exitCodeFor(report)).toBe(1);
    expect(report.refusal).toMatchObject({ cause: 'everyone', refused: 20, answers: 20 });
    expect(report.refusal?.reply).toMatch(/^550 5\.1\.1 <n\d+@example\.org>: Recipient address rejected: User unknown$/);
    // The first 20 answers, and those already in flight then.
    expect(relay.rcptSeen()).toBeLessThanOrEqual(20 + POOL);
    expect(report.run.heldBack).toBe(relay.rcptSeen());
    await expectNobodyHarmed(report);
    // The refusal is kept on the delivery, for the operator to see.
    const refused = (await h.store.listDeliveries(h.issue.id)).filter((d) => d.lastError !== null);
    expect(refused).toHaveLength(relay.rcptSeen());
    expect(refused.every((d) => d.status === 'pending' && /User unknown/.test(d.lastError ?? ''))).toBe(true);
    const lines = summaryLines(report, COMMAND).join('\n');
    expect(lines).toMatch(/the relay refused all 20 recipients it answered for and accepted none/);
    expect(lines).toMatch(/Check:\n {2}- its recipient maps/);

    await expectRerunSendsEveryoneOnce();
  });

  it('trips when the relay suddenly refuses everyone mid-send: the refusals of that run are not acted on; a rerun after the fix sends the rest once', async () => {
    await setUp();
    relay.rcpt = (address, before) => (before < 150 ? null : { code: 550, text: `5.1.1 <${address}>: User unknown` });

    const report = await send();
    expect(report.outcome).toBe('relay-refused');
    expect(report.refusal).toMatchObject({ cause: 'sudden', answers: 50 });
    expect(report.refusal?.refused).toBeGreaterThanOrEqual(45);
    expect(report.run).toMatchObject({ sent: 150, failed: 0, bounced: 0 });
    expect(report.counts).toMatchObject({ sent: 150, failed: 0, pending: SUBSCRIBERS - 150 });
    expect(await statuses()).toEqual(new Map([['active', SUBSCRIBERS]]));
    expect(await h.store.getIssue(h.issue.id)).toMatchObject({ status: 'sending', owner: null });
    expect(summaryLines(report, COMMAND).join('\n')).toMatch(/the relay suddenly refused \d+ of its last 50 answers \(last: 550 5\.1\.1/);

    await expectRerunSendsEveryoneOnce();
  });
});

describe('refusals about one recipient, among many accepted', () => {
  it('still fail and bounce those subscribers, and only them (early in the run and at its very end)', async () => {
    await setUp();
    const gone = new Set(['n3@example.org', 'n150@example.org', 'n299@example.org']);
    relay.rcpt = (address) => (gone.has(address) ? { code: 550, text: `5.1.1 <${address}>: Recipient address rejected: User unknown` } : null);

    const report = await send();
    expect(report.outcome).toBe('sent');
    expect(exitCodeFor(report)).toBe(1);
    expect(report.run).toMatchObject({ sent: SUBSCRIBERS - 3, failed: 3, bounced: 3, heldBack: 0 });
    expect(report.counts).toMatchObject({ sent: SUBSCRIBERS - 3, failed: 3, pending: 0 });
    expect(await statuses()).toEqual(new Map([['active', SUBSCRIBERS - 3], ['bounced', 3]]));
    for (const email of gone) expect((await h.store.findSubscriberByEmail(email))?.status, email).toBe('bounced');
    expect(relay.copies.size).toBe(SUBSCRIBERS - 3);
    expect(summaryLines(report, COMMAND).join('\n')).toMatch(/3 failed \(3 unknown addresses: now bounced\)/);
  });
});
