import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Issue } from '../../src/digest/index.js';
import { issueRenderer, issueUrl, personalise, variantOf } from '../../src/digest/index.js';
import { buildMessage, composeEml } from '../../src/mail/index.js';
import { openConfiguredTransport, openTransport } from '../../src/app/transport.js';
import type { MailTransport } from '../../src/mail/transport/index.js';
import { deliveryMessageId, sendIssue, summaryLines, type SenderDeps } from '../../src/send/index.js';
import type { SubscriberInput } from '../../src/store/store.js';
import { createTokenSigner } from '../../src/subscribers/tokens.js';
import { compileTemplates } from '../../src/digest/index.js';
import { loadTemplates } from '../../src/build/load-templates.js';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../helpers/smtp-sink.js';
import { demoSendSite } from './demo.js';
import { SECRET } from './helpers.js';

let sink: SmtpSink;
let demo: Awaited<ReturnType<typeof demoSendSite>>;
beforeEach(async () => {
  sink = await startSmtpSink();
  demo = await demoSendSite(sink.url);
});
afterEach(async () => {
  await demo?.close();
  await sink?.close();
});

function byRecipient(messages: readonly SinkMessage[]): Map<string, SinkMessage[]> {
  const out = new Map<string, SinkMessage[]>();
  for (const message of messages) for (const to of message.to) out.set(to, [...(out.get(to) ?? []), message]);
  return out;
}

function header(message: SinkMessage, name: string): string {
  const value = message.parsed.headerLines.find((line) => line.key === name)?.line ?? '';
  return value.slice(value.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
}

/** A theme of the demo config that no post of `issue` carries, first or later: its followers get nothing. */
function absentTheme(issue: Issue): string {
  const absent = demo.app.config.themes.map((t) => t.slug).find((slug) => !issue.posts.some((post) => post.themes.includes(slug)));
  if (absent === undefined) throw new Error(`every theme is in issue ${issue.id}`);
  return absent;
}

/** The section names an issue variant has, and those it must not have. */
function sectionsFor(issue: Issue, themes: string[]): { shown: string[]; hidden: string[] } {
  const variant = variantOf(issue, themes, demo.app.config);
  const shown = variant?.sections.map((s) => s.name) ?? [];
  return { shown, hidden: issue.sections.map((s) => s.name).filter((name) => !shown.includes(name)) };
}

describe('tidings send over SMTP, with the demo content', () => {
  it('sends each eligible subscriber exactly one message with only their themes, and a rerun sends nothing', async () => {
    const { issue, app, site } = demo;
    const [first, second, third] = issue.sections.map((s) => s.theme ?? '');
    const subscribers: SubscriberInput[] = [
      { email: 'all@example.org', name: 'Alex All', status: 'active' },
      { email: 'one@example.org', name: 'Zoë Ångström', status: 'active', themes: [first ?? ''] },
      { email: 'two@example.org', status: 'active', themes: [second ?? '', third ?? '', absentTheme(issue)] },
      { email: 'none@example.org', status: 'active', themes: [absentTheme(issue)] },
      { email: 'gone@example.org', status: 'unsubscribed' },
      { email: 'bounced@example.org', status: 'bounced' },
      { email: 'unconfirmed@example.org', status: 'pending' },
      ...Array.from({ length: 40 }, (_, i) => ({ email: `reader${i}@example.org`, name: `Reader ${i}`, status: 'active' as const })),
    ];
    await app.store.upsertSubscribers(subscribers);

    const run = await site.run('send', '--issue', issue.id);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(new RegExp(`issue ${issue.id} \\(".*"\\): sent\\.`));
    expect(run.out).toMatch(/this run: 43 sent, 0 failed|this run: 43 sent in/);

    const got = byRecipient(sink.messages);
    expect(sink.messages).toHaveLength(43);
    for (const address of ['none@example.org', 'gone@example.org', 'bounced@example.org', 'unconfirmed@example.org']) expect(got.has(address), address).toBe(false);
    for (const [address, messages] of got) expect(messages, address).toHaveLength(1);

    for (const s of subscribers.filter((s) => got.has(s.email))) {
      const message = got.get(s.email)?.[0] as SinkMessage;
      const { shown, hidden } = sectionsFor(issue, s.themes ? [...s.themes] : []);
      for (const name of shown) expect(message.parsed.text, `${s.email} should see ${name}`).toContain(name);
      for (const name of hidden) expect(message.parsed.text, `${s.email} should not see ${name}`).not.toContain(name);
      expect(message.parsed.html || '').toContain(shown[0] ?? '');

      const subscriber = await app.store.findSubscriberByEmail(s.email);
      expect(message.parsed.messageId).toBe(deliveryMessageId(app.config, issue.id, subscriber?.id ?? 0));
      const unsubscribe = header(message, 'list-unsubscribe');
      // The mailto: address and the envelope sender each carry a token that names this delivery (VERP).
      expect(unsubscribe).toMatch(/^<https:\/\/blog\.example\.org\/unsubscribe\?token=[^>]+>, <mailto:unsubscribe\+u[a-z2-7]{17,}@example\.org\?subject=unsubscribe>$/);
      expect(message.from).toMatch(/^bounces\+b[a-z2-7]{17,}@example\.org$/);
      expect(header(message, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      const token = new URL(/<(https:[^>]+)>/.exec(unsubscribe)?.[1] ?? '').searchParams.get('token') ?? '';
      expect(createTokenSigner(SECRET).verify(token, 'unsubscribe', new Date())).toMatchObject({ ok: true, subject: { email: subscriber?.email }, expires: null });
      expect(message.parsed.text).toContain(`https://blog.example.org/preferences?token=`);
      if (s.name) expect(message.parsed.text).toContain(s.name);
    }

    // What the relay got is byte for byte what nodemailer composes for that subscriber.
    const zoe = got.get('one@example.org')?.[0] as SinkMessage;
    const rendered = issueRenderer(issue, { config: app.config, templates: compileTemplates(await loadTemplates({ config: app.config, rootDir: site.dir })) }).forThemes([first ?? '']);
    if (rendered === null) throw new Error('no rendering');
    const link = (kind: string) => new RegExp(`https://blog\\.example\\.org/${kind}\\?token=[A-Za-z0-9_.-]+`).exec(zoe.parsed.text ?? '')?.[0] ?? '';
    const values = { name: 'Zoë Ångström', webVersionUrl: issueUrl(app.config, issue.id), preferencesUrl: link('preferences'), unsubscribeUrl: link('unsubscribe') };
    const expected = await composeEml(
      buildMessage({ rendered, personalised: personalise(rendered, values), recipient: { email: 'one@example.org', name: 'Zoë Ångström' }, config: app.config, messageId: zoe.parsed.messageId ?? '', date: zoe.parsed.date ?? new Date(0), unsubscribeMailto: /<(mailto:[^>]+)>/.exec(header(zoe, 'list-unsubscribe'))?.[1] ?? '' }),
    );
    expect(zoe.raw.toString('latin1')).toBe(expected.toString('latin1'));

    const again = await site.run('send', '--issue', issue.id);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/was sent before: nothing to do/);
    expect(sink.messages).toHaveLength(43);
  });

  describe('relay trouble', () => {
    let transport: MailTransport;
    let deps: SenderDeps;
    let now: number;
    beforeEach(async () => {
      const { app, site } = demo;
      transport = await openConfiguredTransport(app, { timeouts: { connection: 2_000, greeting: 2_000, socket: 2_000 } });
      now = Date.now();
      deps = {
        store: app.store,
        transport,
        config: app.config,
        templates: compileTemplates(await loadTemplates({ config: app.config, rootDir: site.dir })),
        secret: SECRET,
        now: () => new Date(now),
        sleep: async (ms) => {
          now += ms;
        },
      };
      await app.store.upsertSubscribers(Array.from({ length: 6 }, (_, i) => ({ email: `r${i}@example.org`, status: 'active' as const })));
    });
    afterEach(async () => {
      await transport?.close();
    });

    it('tries a 451 and a dropped connection again and delivers them; fails a 550 5.1.1 and bounces its subscriber', async () => {
      sink.behave('r1@example.org', 'tempfail');
      sink.behave('r2@example.org', 'drop');
      sink.behave('r3@example.org', 'reject');
      const sleep = deps.sleep;
      const report = await sendIssue(
        {
          ...deps,
          sleep: async (ms) => {
            // The relay recovers while the sender waits.
            sink.behave('r1@example.org', 'accept');
            sink.behave('r2@example.org', 'accept');
            await sleep(ms);
          },
        },
        { issue: demo.issue },
      );
      expect(report.outcome).toBe('sent');
      expect(report.run).toMatchObject({ sent: 5, failed: 1, bounced: 1, retried: 2 });
      const got = byRecipient(sink.messages);
      expect([...got.keys()].sort()).toEqual(['r0@example.org', 'r1@example.org', 'r2@example.org', 'r4@example.org', 'r5@example.org']);
      for (const messages of got.values()) expect(messages).toHaveLength(1);
      expect((await demo.app.store.findSubscriberByEmail('r3@example.org'))?.status).toBe('bounced');
      const [failed] = await demo.app.store.listDeliveries(demo.issue.id, { status: 'failed' });
      expect(failed).toMatchObject({ permanent: true, lastError: expect.stringMatching(/^550 5\.1\.1/) });
    });

    it('leaves a message whose connection broke after it had gone unknown, and never sends it again unasked', async () => {
      sink.behave('r2@example.org', 'drop-after-data');
      const report = await sendIssue(deps, { issue: demo.issue });
      expect(report.outcome).toBe('incomplete');
      expect(report.run).toMatchObject({ sent: 5, inDoubt: 1, retried: 0, failed: 0 });
      expect(report.counts).toMatchObject({ sent: 5, unknown: 1, pending: 0, 'in-flight': 0 });
      expect(summaryLines(report, 'tidings send --issue X').join('\n')).toMatch(/1 in doubt \(the connection broke before the relay answered/);
      // The relay had it: a rerun, even with the relay well again, sends no second copy.
      sink.behave('r2@example.org', 'accept');
      const rerun = await sendIssue(deps, { issue: demo.issue });
      expect(rerun.run.sent).toBe(0);
      expect(rerun.counts.unknown).toBe(1);
      expect(byRecipient(sink.messages).get('r2@example.org')).toHaveLength(1);
      expect(sink.messages).toHaveLength(6);
    });

    it('leaves a recipient the relay keeps deferring pending, and reports it', async () => {
      sink.behave('r4@example.org', 'tempfail');
      const report = await sendIssue(deps, { issue: demo.issue });
      expect(report.outcome).toBe('incomplete');
      expect(report.run).toMatchObject({ sent: 5, deferred: 1, retried: 3 });
      expect(report.counts.pending).toBe(1);
      expect(sink.messages).toHaveLength(5);
    });

    it('stops on a fatal relay error (bad credentials) and marks nobody failed', async () => {
      await transport.close();
      transport = await openTransport(demo.app, { kind: 'relay', url: sink.url.replace('smtp://', 'smtp://tidings:wrong@') });
      const report = await sendIssue({ ...deps, transport }, { issue: demo.issue });
      expect(report.outcome).toBe('fatal');
      expect(report.error).toMatch(/535/);
      expect(report.counts).toMatchObject({ failed: 0, sent: 0, pending: 6, 'in-flight': 0, unknown: 0 });
      expect(sink.messages).toHaveLength(0);
    });
  });

  it('--dry-run says who would get which variant and sends nothing; --to sends one test copy and records nothing', async () => {
    const { app, site, issue } = demo;
    const first = issue.sections[0]?.theme ?? '';
    await app.store.upsertSubscribers([
      { email: 'a@example.org', status: 'active' },
      { email: 'b@example.org', status: 'active' },
      { email: 'c@example.org', status: 'active', themes: [first] },
      { email: 'd@example.org', status: 'active', themes: [absentTheme(issue)] },
    ]);
    const dry = await site.run('send', '--issue', issue.id, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/would go to 3 subscribers in 2 variants/);
    expect(dry.out).toMatch(/every theme: 2 /);
    expect(dry.out).toContain(`themes ${first}: 1 `);
    expect(dry.out).toMatch(/not sent: 1 active subscriber\(s\) follow no theme of this issue/);
    expect(dry.out).toMatch(/nothing was sent/);
    expect(dry.out).not.toContain('a@example.org');
    // --recipients names them, under their variant; --json goes only with --dry-run.
    const named = await site.run('send', '--issue', issue.id, '--dry-run', '--recipients');
    expect(named.code).toBe(0);
    const lines = named.out.split('\n');
    const every = lines.findIndex((line) => line.startsWith('  every theme: 2 '));
    expect(lines.slice(every + 1, every + 4)).toEqual([expect.stringMatching(/^ {4}sections: /), '    to a@example.org', '    to b@example.org']);
    expect(lines).toContain('    to c@example.org');
    expect(named.out).not.toContain('d@example.org');
    const misuse = await site.run('send', '--issue', issue.id, '--json');
    expect(misuse.code).toBe(2);
    expect(misuse.err).toMatch(/--json goes with --dry-run/);

    const test = await site.run('send', '--issue', issue.id, '--to', 'c@example.org');
    expect(test.code).toBe(0);
    expect(test.out).toMatch(/sent a test copy .* as the subscriber gets it/);
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0]?.to).toEqual(['c@example.org']);
    expect(sink.messages[0]?.parsed.text).not.toContain(issue.sections[1]?.name ?? '');
    expect(await app.store.getIssue(issue.id)).toBeUndefined();
  });

  it('refuses bad usage with exit code 2', async () => {
    const { site, issue } = demo;
    expect((await site.run('send')).code).toBe(2);
    expect((await site.run('send', '--issue', issue.id, '--latest')).code).toBe(2);
    const missing = await site.run('send', '--issue', '1999-W01');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/there is no issue 1999-W01/);
    expect((await site.run('send', '--latest', '--to', 'not an address')).code).toBe(2);
  });
});
