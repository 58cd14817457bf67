import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changes, fixture, sentSite, type Got, type SentSite } from './harness.js';

/**
 * `tidings inbound FILE.eml…` after a real send: bounces in the shapes
 * Postfix, Exim, Microsoft and Gmail write, qmail's plain-text one, an ARF
 * complaint, a mailto: unsubscribe, an out-of-office reply, and reports
 * about mail tidings never sent. Each changes exactly the subscriber it is
 * about, and nobody else.
 */
const READERS = [
  'postfix@example.net', 'exim@example.net', 'exchange@example.net', 'gmail@example.net', 'qmail@example.net',
  'soft@example.net', 'complainer@example.net', 'leaver@example.net', 'away@example.net',
  'bystander1@example.net', 'bystander2@example.net', 'bystander3@example.net',
];

let s: SentSite;
beforeAll(async () => {
  s = await sentSite(READERS, '', {}, ['refused@example.net']);
}, 60_000);
afterAll(async () => s?.close());

const first = (email: string): Got => {
  const got = s.got.get(email)?.[0];
  if (got === undefined) throw new Error(`nothing was sent to ${email}`);
  return got;
};
const write = async (name: string, data: Buffer) => s.site.write(`inbound/${name}`, data);

describe('tidings inbound with files, after a real send', () => {
  it('sent every roundup with its own VERP return path and a tokened mailto: address', () => {
    expect(s.sink.messages).toHaveLength(READERS.length * 2);
    const paths = new Set(s.sink.messages.map((m) => m.from));
    expect(paths.size).toBe(READERS.length * 2);
    for (const p of paths) expect(p).toMatch(/^bounces\+b[a-z2-7]{17,}@example\.org$/);
    expect(first('postfix@example.net').mailto).toMatch(/^unsubscribe\+u[a-z2-7]{17,}@example\.org$/);
  });

  it('hard bounces from Postfix, Exim, Exchange, Gmail and qmail bounce exactly their subscribers; a soft one is counted', async () => {
    const before = await s.statuses();
    const files = [];
    for (const [name, email] of [
      ['postfix-hard.eml', 'postfix@example.net'],
      ['exim-hard.eml', 'exim@example.net'],
      ['exchange-hard.eml', 'exchange@example.net'],
      ['qmail-hard.eml', 'qmail@example.net'],
      ['postfix-delayed.eml', 'soft@example.net'],
    ] as const) {
      const got = first(email);
      files.push(await write(`${email}-${name}`, await fixture(name, { to: got.returnPath, rcpt: email, msgid: got.messageId, subject: got.subject })));
    }
    // Gmail's bounce reached a plain mailbox (no token in its address): matched by the returned Message-ID and recipient.
    const gmail = first('gmail@example.net');
    files.push(await write('gmail.eml', await fixture('gmail-hard.eml', { to: 'bounces@example.org', rcpt: 'gmail@example.net', msgid: gmail.messageId, subject: gmail.subject })));

    const run = await s.site.run('inbound', ...files);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/postfix-hard\.eml: bounce-hard 5\.1\.1 for postfix@example\.net: bounced: permanent failure 5\.1\.1/);
    expect(run.out).toMatch(/exchange-hard\.eml: bounce-hard 5\.1\.10/);
    expect(run.out).toMatch(/postfix-delayed\.eml: bounce-soft 4\.4\.1 .*1 of 2 deliveries/);
    expect(run.out).toContain('6 message(s): 5 applied, 1 counted, 0 kept for review');
    expect(changes(before, await s.statuses())).toEqual({
      'postfix@example.net': 'active -> bounced',
      'exim@example.net': 'active -> bounced',
      'exchange@example.net': 'active -> bounced',
      'gmail@example.net': 'active -> bounced',
      'qmail@example.net': 'active -> bounced',
    });

    // The same report again (a file fed twice, then the mailbox) changes nothing and is not counted twice.
    const again = await s.site.run('inbound', files[0] as string, files[4] as string);
    expect(again.out).toContain('2 message(s): 0 applied, 0 counted, 0 kept for review, 0 ignored, 2 already stored');

    const show = await s.site.run('subscribers', 'show', 'postfix@example.net');
    expect(show.code).toBe(0);
    expect(show.out).toMatch(/postfix@example\.net: bounced/);
    expect(show.out).toMatch(/suppressed since \d{4}-\d\d-\d\dT/);
    expect(show.out).toMatch(/why: bounced: permanent failure 5\.1\.1/);
    expect(show.out).toContain(`issue ${first('postfix@example.net').issueId}`);
    expect(show.out).toContain('| status: 5.1.1');
    expect(show.out).toContain('tidings subscribers unsuppress postfix@example.net');
  });

  it('a second delivery soft-bouncing within the window bounces the subscriber; two notices about one delivery do not', async () => {
    const [a, b] = s.got.get('soft@example.net') as [Got, Got];
    const gmailDelay = await write('soft-a-gmail.eml', await fixture('gmail-delayed.eml', { to: a.returnPath, rcpt: 'soft@example.net', msgid: a.messageId }));
    const one = await s.site.run('inbound', gmailDelay);
    expect(one.out).toMatch(/1 of 2 deliveries/);
    expect((await s.app.store.findSubscriberByEmail('soft@example.net'))?.status).toBe('active');
    const second = await write('soft-b.eml', await fixture('postfix-delayed.eml', { to: b.returnPath, rcpt: 'soft@example.net', msgid: b.messageId }));
    const two = await s.site.run('inbound', second);
    expect(two.out).toMatch(/bounced: soft bounces 4\.4\.1 on 2 deliveries within 30 days \(limit 2; this one: temporary failure\)/);
    expect((await s.app.store.findSubscriberByEmail('soft@example.net'))?.status).toBe('bounced');
  });

  it('an ARF complaint marks its subscriber complained; a mailto: reply unsubscribes whom its token names, not whom From claims; an auto-reply changes nobody', async () => {
    const before = await s.statuses();
    const complaint = first('complainer@example.net');
    const leaver = first('leaver@example.net');
    const away = first('away@example.net');
    const files = [
      // Yahoo-style: the original's To is redacted; Original-Mail-From carries the VERP token.
      await write('arf.eml', await fixture('arf-abuse.eml', { to: 'fbl@example.org', rcpt: 'redacted@arf.example.net', msgid: '<not-ours@example.invalid>', subject: complaint.subject }).then((b) =>
        Buffer.from(b.toString().replace('Original-Mail-From: <fbl@example.org>', `Original-Mail-From: <${complaint.returnPath}>`)),
      )),
      // The reply says it is from bystander1; its address's token names the leaver's delivery.
      await write('unsubscribe.eml', await fixture('mailto-unsubscribe.eml', { to: leaver.mailto, rcpt: 'bystander1@example.net', from: 'Bystander <bystander1@example.net>' })),
      await write('ooo.eml', await fixture('out-of-office.eml', { to: away.returnPath, rcpt: 'away@example.net', msgid: away.messageId, subject: away.subject })),
    ];
    const run = await s.site.run('inbound', ...files);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/arf\.eml: complaint abuse .*complained/);
    expect(run.out).toMatch(/ooo\.eml: auto-reply: counted, never a bounce/);
    expect(changes(before, await s.statuses())).toEqual({
      'complainer@example.net': 'active -> complained',
      'leaver@example.net': 'active -> unsubscribed',
    });
    const report = await s.site.run('inbound', '--report', '--issue', complaint.issueId);
    expect(report.code).toBe(0);
    expect(report.out).toMatch(new RegExp(`${complaint.issueId}\\s+${READERS.length}\\s+5\\s+1\\s+1\\s+1\\s+1`));
  });

  it('reports about mail tidings did not send, or with a forged token, or a mailto: reply without one, are kept for review and change nobody', async () => {
    const before = await s.statuses();
    const victim = first('bystander2@example.net');
    // A token shaped right, naming bystander2's delivery, with a MAC made up.
    const forged = victim.returnPath.replace(/\+b([a-z2-7]+)@/, (_m, t: string) => `+b${t.slice(0, -16)}${'a'.repeat(16)}@`);
    const files = [
      await write('stranger.eml', await fixture('postfix-hard.eml', { to: 'bounces@example.org', rcpt: 'stranger@elsewhere.example', msgid: '<someone-else@elsewhere.example>' })),
      await write('forged.eml', await fixture('exim-hard.eml', { to: forged, rcpt: 'bystander2@example.net' })),
      // The right Message-ID but another recipient: not enough.
      await write('wrong-rcpt.eml', await fixture('gmail-hard.eml', { to: 'bounces@example.org', rcpt: 'bystander3@other.example', msgid: first('bystander3@example.net').messageId })),
      await write('no-token.eml', await fixture('mailto-unsubscribe.eml', { to: 'unsubscribe@example.org', rcpt: 'bystander3@example.net' })),
    ];
    const run = await s.site.run('inbound', ...files);
    expect(run.code).toBe(0);
    expect(run.out).toContain('4 message(s): 0 applied, 0 counted, 4 kept for review');
    expect(changes(before, await s.statuses())).toEqual({});
    const review = await s.site.run('inbound', '--review');
    expect(review.out).toMatch(/bounce-hard 5\.1\.1 for stranger@elsewhere\.example \(file\): kept for review/);
    expect(review.out).toMatch(/unsubscribe .*so it unsubscribes nobody/);
  });

  it('a permanent refusal that blames the sender (a blocklisted IP, 5.7.1) is counted as soft, not a bounce of the address', async () => {
    const before = await s.statuses();
    const got = first('bystander3@example.net');
    const blocked = (await fixture('postfix-hard.eml', { to: got.returnPath, rcpt: 'bystander3@example.net', msgid: got.messageId }))
      .toString()
      .replaceAll('5.1.1', '5.7.1')
      .replace(/Recipient address rejected:\r\n {4}User unknown in virtual mailbox table/, 'Service unavailable; Client host [192.0.2.10] blocked\r\n    using zen.spamhaus.org');
    const run = await s.site.run('inbound', await write('blocked.eml', Buffer.from(blocked)));
    expect(run.out).toMatch(/blocked\.eml: bounce-soft 5\.7\.1 for bystander3@example\.net: a refusal not about the address \(the sender, the content, a full mailbox\) 5\.7\.1: soft bounce on 1 of 2 deliveries/);
    expect(changes(before, await s.statuses())).toEqual({});
  });

  it('lifting a bounce with the existing command shows in the history; an unreadable file is named, exit 2', async () => {
    const lift = await s.site.run('subscribers', 'unsuppress', 'exim@example.net', '--reason', 'the domain was down, not the address');
    expect(lift.code).toBe(0);
    const show = await s.site.run('subscribers', 'show', 'exim@example.net');
    expect(show.out).toMatch(/exim@example\.net: active/);
    expect(show.out).toMatch(/bounce-hard 5\.0\.0 \(applied, by file/);
    expect(show.out).toMatch(/unsuppressed \(was bounced\): the domain was down, not the address/);
    // Refused by the relay during the send: the evidence is the relay's reply.
    const refused = await s.site.run('subscribers', 'show', 'refused@example.net');
    expect(refused.out).toMatch(/refused@example\.net: bounced/);
    expect(refused.out).toMatch(/why: the relay refused it for good when issue \S+ was sent/);
    expect(refused.out).toMatch(/\| .*5\.1\.1/);
    // Removed: what was recorded for the address is still there.
    expect((await s.site.run('subscribers', 'remove', 'qmail@example.net')).code).toBe(0);
    const removed = await s.site.run('subscribers', 'show', 'qmail@example.net');
    expect(removed.out).toMatch(/qmail@example\.net: no subscriber \(removed\)/);
    expect(removed.out).toMatch(/bounce-hard 5\.1\.1 \(applied, by file/);
    expect((await s.site.run('subscribers', 'show', 'never@example.net')).code).toBe(2);
    const missing = await s.site.run('inbound', 'nowhere.eml');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nowhere\.eml: cannot read it/);
  });
});
