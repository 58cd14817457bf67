import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../src/explain/read.js';
import { makeSite, type Site } from '../helpers/site.js';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../helpers/smtp-sink.js';

/**
 * `tidings plan` against what `tidings send` really mails: roundups go
 * through a real SMTP server (smtp-server on port 0) to subscribers with
 * chosen themes, and each subscriber's plan must name exactly the posts
 * their message holds. 2025-W41 is 6-12 October 2025, 2025-W42 13-19 October.
 */

const SECRET = 'plan-test-secret-0123456789-abcdefghijklmn';

function config(smtpUrl: string): string {
  return [
    'site:',
    '  title: Plan test',
    '  baseUrl: https://blog.example.org/',
    '  timeZone: Europe/London',
    'content:',
    '  paths: [content]',
    'email:',
    '  from: Roundup <roundup@blog.example.org>',
    '  postalAddress: 1 Example Street, London',
    'smtp:',
    `  url: ${smtpUrl}`,
    'subscriptions:',
    `  secret: ${SECRET}`,
    'themes:',
    '  - slug: courts',
    '    name: Courts',
    '    keywords: [court, judge]',
    '  - slug: workforce',
    '    name: Workforce',
    '    keywords: [caseload, caseloads]',
    '  - slug: adoption',
    '    name: Adoption',
    '    keywords: [adoption]',
    '',
  ].join('\n');
}

const post = (title: string, date: string, body: string, extra: string[] = []): string =>
  ['---', `title: "${title}"`, `date: ${date}`, ...extra, '---', body, ''].join('\n');

const TITLES = {
  /** Front matter names two themes: primary Courts, secondary Adoption. */
  stated: 'Adoption orders in the family court',
  /** The keyword rules give it Workforce. */
  keywords: 'Caseloads rising',
  /** No theme at all: "More posts". */
  none: 'A walk in the park',
  withdrawn: 'Taken down after a complaint',
  expired: 'An offer that expired',
  scheduled: 'Written ahead',
  lastWeek: 'Last week in the court',
  late: 'A late report from the judge',
} as const;

/** The post titles a received roundup holds (its text part), in order of TITLES. */
function titlesIn(message: SinkMessage): string[] {
  const text = message.parsed.text ?? '';
  return Object.values(TITLES).filter((title) => text.includes(title));
}

function planned(plan: Plan): string[] {
  return (plan.subscriber?.sections ?? []).flatMap((section) => section.posts.map((p) => p.title));
}

describe('tidings plan: what the next issue holds and why, and what one subscriber gets', { timeout: 120_000 }, () => {
  let site: Site;
  let sink: SmtpSink;
  /** The W42 roundup as each subscriber received it. */
  const received = new Map<string, SinkMessage>();
  const plans = new Map<string, Plan>();
  let text = '';
  let next: Plan;

  const json = async (...args: string[]): Promise<Plan> => {
    const result = await site.run('plan', '--json', ...args);
    expect(result.code, result.err).toBe(0);
    return JSON.parse(result.out) as Plan;
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    site = await makeSite({ config: config(sink.url) });
    await site.write('content/posts/last-week.md', post(TITLES.lastWeek, '2025-10-08T10:00:00+01:00', 'The judge sat late in the court.'));
    await site.write('content/posts/stated.md', post(TITLES.stated, '2025-10-14T10:00:00+01:00', 'Orders made this week.', ['themes: [courts, adoption]']));
    await site.write('content/posts/caseloads.md', post(TITLES.keywords, '2025-10-15T09:00:00+01:00', 'Caseloads are rising again across the county.'));
    await site.write('content/posts/park.md', post(TITLES.none, '2025-10-16T09:00:00+01:00', 'Nothing to report but the weather.'));
    await site.write('content/posts/down.md', post(TITLES.withdrawn, '2025-10-16T12:00:00+01:00', 'What the court said.'));
    await site.write('content/posts/expired.md', post(TITLES.expired, '2025-10-13T09:00:00+01:00', 'A court offer.', ['expiryDate: 2025-10-18']));
    await site.write('content/posts/ahead.md', post(TITLES.scheduled, '2099-01-05T09:00:00Z', 'The judge will rule.'));
    expect((await site.run('import')).code).toBe(0);
    const listed = JSON.parse((await site.run('posts', '--json')).out) as { id: string; title: string }[];
    const down = listed.find((p) => p.title === TITLES.withdrawn);
    expect((await site.run('posts', 'withdraw', down?.id ?? '', '--reason', 'legal complaint')).code).toBe(0);

    await site.write(
      'subscribers.csv',
      [
        'email,name,themes,status',
        'alice@example.org,Alice,adoption,active',
        'bob@example.org,Bob,courts,active',
        'carol@example.org,Carol,,active',
        'dave@example.org,Dave,workforce,active',
        'erin@example.org,Erin,workforce,unsubscribed',
        '',
      ].join('\n'),
    );
    expect((await site.run('subscribers', 'import', 'subscribers.csv')).code).toBe(0);

    // Last week's roundup goes out; then a post dated last week arrives: it is never mailed.
    const first = await site.run('send', '--issue', '2025-W41');
    expect(first.code, first.err).toBe(0);
    await sink.waitFor(2);
    sink.messages.length = 0;
    await site.write('content/posts/late.md', post(TITLES.late, '2025-10-09T10:00:00+01:00', 'The judge ruled at last.'));
    expect((await site.run('import')).code).toBe(0);

    const shown = await site.run('plan');
    expect(shown.code, shown.err).toBe(0);
    text = shown.out;
    next = await json();
    for (const who of ['alice', 'bob', 'carol', 'dave', 'erin']) plans.set(who, await json('--subscriber', `${who}@example.org`));

    const sent = await site.run('send', '--issue', '2025-W42');
    expect(sent.code, sent.err).toBe(0);
    const expected = [...plans.values()].filter((p) => p.subscriber?.variant !== null).length;
    for (const message of await sink.waitFor(expected)) received.set(message.to[0] ?? '', message);
  });

  afterAll(async () => {
    await site?.cleanup();
    await sink?.close();
  });

  it('explains the next issue in text: its sections, why each post is in it, and what was left out', () => {
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^Next issue 2025-W42 \(#2\) · 13 – 19 October 2025 · not sent; due since 2025-10-20 00:00$/);
    expect(text).toContain('3 posts in 3 sections:');
    const line = (title: string): string => lines.find((l) => l.includes(title)) ?? '';
    expect(line(TITLES.stated)).toMatch(/imported \d{4}-\d\d-\d\d \d\d:\d\d · stated by its source: courts, adoption · not mailed before$/);
    expect(line(TITLES.keywords)).toContain('keywords: workforce 4≥2 ("caseloads" in title)');
    expect(line(TITLES.none)).toContain('in no theme (no keyword rule reached its minimum; no default theme)');
    // Reasons start in one column.
    const starts = [TITLES.stated, TITLES.keywords, TITLES.none].map((t) => line(t).indexOf(' imported '));
    expect(new Set(starts).size).toBe(1);

    const leftOut = lines.slice(lines.indexOf('Left out:'));
    expect(leftOut.find((l) => l.includes(TITLES.withdrawn))).toMatch(/withdrawn \d{4}-\d\d-\d\d \d\d:\d\d \(command\): legal complaint$/);
    expect(leftOut.find((l) => l.includes(TITLES.expired))).toContain('expired 2025-10-18 00:00');
    expect(leftOut.find((l) => l.includes(TITLES.scheduled))).toContain('scheduled for 2099-01-05 09:00: in issue 2099-W02');
    expect(leftOut.find((l) => l.includes(TITLES.late))).toMatch(/dated 2025-10-09 10:00, in issue 2025-W41, sent .* before it was imported: never mailed$/);
    // A post of last week imported before that send is not news: not listed.
    expect(text).not.toContain(TITLES.lastWeek);
  });

  it('gives the same as JSON, with the rule that gave each theme', () => {
    const plan = next;
    expect(plan).toMatchObject({ version: 1, next: true, issue: { id: '2025-W42', number: 2, status: 'not recorded', due: true, postCount: 3 } });
    expect(plan.sections.map((s) => [s.theme, s.posts.map((p) => p.title)])).toEqual([
      ['courts', [TITLES.stated]],
      ['workforce', [TITLES.keywords]],
      [null, [TITLES.none]],
    ]);
    const [stated, keywords, none] = plan.sections.map((s) => s.posts[0]);
    expect(stated?.themeReason).toEqual({ kind: 'stated', themes: ['courts', 'adoption'], tags: ['courts', 'adoption'] });
    expect(keywords?.themeReason).toEqual({
      kind: 'rules',
      themes: ['workforce'],
      scores: [{ theme: 'workforce', score: 4, minScore: 2, matches: [{ keyword: 'caseloads', inTitle: 1, inText: 1 }] }],
    });
    expect(none).toMatchObject({ placed: 'no-theme', themeReason: { kind: 'none' }, mailed: false });
    expect(stated?.importedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(plan.leftOut.map((p) => [p.title, p.reason])).toEqual([
      [TITLES.late, 'earlier-issue'],
      [TITLES.expired, 'expired'],
      [TITLES.withdrawn, 'withdrawn'],
      [TITLES.scheduled, 'scheduled'],
    ]);
    expect(plan.leftOut[0]).toMatchObject({ issue: '2025-W41', neverMailed: true });
  });

  it('for a subscriber who follows a post’s primary theme: that post, and the others left out with the reason', () => {
    const bob = plans.get('bob')?.subscriber;
    expect(bob).toMatchObject({ status: 'active', themes: ['courts'], variant: 'courts', noMail: null });
    expect(bob?.sections).toEqual([{ theme: 'courts', name: 'Courts', posts: [expect.objectContaining({ title: TITLES.stated, placed: 'primary' })] }]);
    expect(bob?.notGetting.map((p) => [p.title, p.reason, p.detail])).toEqual([
      [TITLES.keywords, 'theme-not-followed', 'on Workforce: a theme they do not follow'],
      [TITLES.none, 'no-theme', 'in no theme: More posts goes only to those who follow every theme'],
    ]);
    const carol = plans.get('carol')?.subscriber;
    expect(carol?.variant).toBe('*');
    expect(planned(plans.get('carol') as Plan)).toEqual([TITLES.stated, TITLES.keywords, TITLES.none]);
  });

  it('says why a suppressed subscriber gets no mail at all, and since when', async () => {
    const erin = plans.get('erin')?.subscriber;
    expect(erin).toMatchObject({ status: 'unsubscribed', variant: null, sections: [], noMail: { reason: 'unsubscribed' } });
    expect(erin?.since).toMatch(/^\d{4}-\d\d-\d\dT/);
    const shown = await site.run('plan', '--subscriber', 'ERIN@example.org');
    expect(shown.out).toMatch(/No mail for this issue: no mail at all: unsubscribed since \S+/);
    expect(received.has('erin@example.org')).toBe(false);
  });

  it('names exactly the posts each subscriber then received', () => {
    for (const [who, plan] of plans) {
      const message = received.get(`${who}@example.org`);
      if (plan.subscriber?.variant === null) expect(message, who).toBeUndefined();
      else {
        expect(message, who).toBeDefined();
        expect(titlesIn(message as SinkMessage), who).toEqual(planned(plan));
        expect(message?.parsed.subject, who).toBe(plan.subscriber?.subject);
      }
    }
  });

  it('for a subscriber who follows only a post’s secondary theme: the post, in that theme’s section, and it is mailed', async () => {
    const alice = plans.get('alice')?.subscriber;
    expect(alice?.sections).toEqual([{ theme: 'adoption', name: 'Adoption', posts: [expect.objectContaining({ title: TITLES.stated, placed: 'followed-theme' })] }]);
    expect(alice?.sections[0]?.posts[0]?.detail).toBe('the first of its themes they follow (primary: Courts, not followed)');
    expect(titlesIn(received.get('alice@example.org') as SinkMessage)).toEqual([TITLES.stated]);
    const shown = await site.run('plan', '--issue', '2025-W42', '--subscriber', 'alice@example.org');
    expect(shown.out).toMatch(/Gets 1 post:\n {2}Adoption\n {4}Adoption orders in the family court +the first of its themes they follow \(primary: Courts, not followed\)/);
  });

  it('refuses an unknown issue or subscriber with a clear message and exit code 2', async () => {
    const issue = await site.run('plan', '--issue', '2031-W07');
    expect(issue.code).toBe(2);
    expect(issue.err).toMatch(/^tidings: there is no issue 2031-W07: issues are named by their period \(digest\.period: weekly\), such as \d{4}-W\d\d for the one under way; the latest with posts are 2025-W41, 2025-W42\n$/);
    const who = await site.run('plan', '--subscriber', 'nobody@example.org');
    expect(who.code).toBe(2);
    expect(who.err).toBe('tidings: --subscriber: nobody@example.org is not a subscriber: see tidings subscribers list\n');
    const bad = await site.run('plan', '--subscriber', 'not an address');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^tidings: --subscriber: not an address is not an address/);
  });

  it('once the issue is sent, takes the period under way as the next one, even with no posts yet', async () => {
    const plan = await json();
    expect(plan.issue).toMatchObject({ number: null, postCount: 0, subject: null, due: false, status: 'not recorded' });
    expect(plan.sections).toEqual([]);
    expect(plan.leftOut.map((p) => [p.title, p.reason, p.issue])).toEqual([[TITLES.scheduled, 'scheduled', '2099-W02']]);
    const shown = await site.run('plan', '--subscriber', 'bob@example.org');
    expect(shown.out).toContain('No posts in it yet.');
    expect(shown.out).toContain('No mail for this issue: the issue has no posts yet');
  });

  it('explains a named issue, such as one already sent', async () => {
    const plan = await json('--issue', '2025-W41');
    expect(plan).toMatchObject({ next: false, issue: { id: '2025-W41', status: 'sent', number: 1 } });
    expect(plan.sections.flatMap((s) => s.posts.map((p) => [p.title, p.mailed]))).toEqual([
      [TITLES.lastWeek, true],
      [TITLES.late, false],
    ]);
  });
});
