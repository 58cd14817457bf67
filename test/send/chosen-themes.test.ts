import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Issue } from '../../src/digest/index.js';
import { planIssues } from '../../src/digest/index.js';
import type { SubscriberInput } from '../../src/store/store.js';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../helpers/smtp-sink.js';
import { demoSendSite } from './demo.js';

/**
 * Issue 17, "every chosen post": the demo blog (21 of its 31 posts have
 * several themes) sent with `tidings send` through a real SMTP server to
 * subscribers who chose themes, among them ones who follow only a post's
 * second or third theme. Read back from what the server received: every
 * subscriber/post pair on a followed theme is delivered exactly once, under
 * the first of the post's themes the subscriber follows, and the subject
 * names the sections in the order the email has them.
 */

let sink: SmtpSink;
let demo: Awaited<ReturnType<typeof demoSendSite>>;
let issues: readonly Issue[];
const subscribers: SubscriberInput[] = [];
/** The dry run's JSON for the issue with the most posts of several themes, before anything was sent. */
let dry: DryRun;
let busiest: Issue;

interface DryRun {
  issue: { id: string; subject: string };
  variants: { key: string; subject: string; sections: string[]; posts: number; recipients: number; addresses: string[] }[];
  recipients: number;
  notFollowing: number;
}

beforeAll(async () => {
  sink = await startSmtpSink();
  demo = await demoSendSite(sink.url);
  const slugs = demo.app.config.themes.map((t) => t.slug);
  subscribers.push({ email: 'everything@example.org', status: 'active' });
  slugs.forEach((slug, i) => {
    subscribers.push({ email: `only-${slug}@example.org`, status: 'active', themes: [slug] });
    // Pairs, written in either order: the order a subscriber lists them in does not matter, the post's does.
    const other = slugs[(i + 2) % slugs.length] ?? slug;
    subscribers.push({ email: `pair-${slug}@example.org`, status: 'active', themes: i % 2 === 0 ? [slug, other] : [other, slug] });
  });
  subscribers.push({ email: 'gone@example.org', status: 'active', themes: ['a-theme-since-removed'] });
  await demo.app.store.upsertSubscribers(subscribers);
  issues = planIssues(await demo.app.store.listPosts(), demo.app.config).issues;
  busiest = [...issues].sort((a, b) => several(b) - several(a))[0] as Issue;

  const json = await demo.site.run('send', '--issue', busiest.id, '--dry-run', '--json');
  expect(json.err).toBe('');
  expect(json.code).toBe(0);
  dry = JSON.parse(json.out) as DryRun;

  for (const issue of issues) {
    const run = await demo.site.run('send', '--issue', issue.id);
    expect(run.code, `${issue.id}: ${run.err}`).toBe(0);
  }
}, 240_000);

afterAll(async () => {
  await demo?.close();
  await sink?.close();
});

function several(issue: Issue): number {
  return issue.posts.filter((post) => post.themes.length > 1).length;
}

/** The headings of an email's HTML in order: each section's h2 and, below it, the addresses its posts' h3s link to. */
function outline(message: SinkMessage): { section: string; posts: string[] }[] {
  const html = message.parsed.html || '';
  const out: { section: string; posts: string[] }[] = [];
  for (const match of html.matchAll(/<h([23])\b[^>]*>([\s\S]*?)<\/h\1>/g)) {
    const inner = match[2] ?? '';
    if (match[1] === '2') out.push({ section: decode(inner.replace(/<[^>]+>/g, '').trim()), posts: [] });
    else out.at(-1)?.posts.push(decode(/href="([^"]+)"/.exec(inner)?.[1] ?? ''));
  }
  return out;
}

function decode(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
}

/** Which issue a message is: its web version's address names it. */
function issueOf(message: SinkMessage): string {
  const id = /\/issues\/([0-9]{4}-W[0-9]{2})\//.exec(message.parsed.text ?? '')?.[1];
  if (id === undefined) throw new Error(`no issue address in the message to ${message.to.join(', ')}`);
  return id;
}

describe('tidings send to subscribers who chose themes, with the demo content', () => {
  it('delivers every post on a followed theme once to each subscriber, under the first of its themes they follow', () => {
    const { config } = demo.app;
    const nameOf = new Map(config.themes.map((t) => [t.slug, t.name]));
    const received = new Map<string, SinkMessage>();
    for (const message of sink.messages) {
      const key = `${message.to.join(',')} ${issueOf(message)}`;
      expect(received.has(key), `a second message: ${key}`).toBe(false);
      received.set(key, message);
    }

    let pairs = 0;
    let laterThemeOnly = 0;
    for (const issue of issues) {
      for (const subscriber of subscribers) {
        const followed = subscriber.themes ?? [];
        // The rule, written out here on its own: the first of the post's themes (its order) that they follow.
        const expected = new Map<string, string>();
        for (const post of issue.posts) {
          const theme = followed.length === 0 ? post.themes[0] : post.themes.find((t) => followed.includes(t));
          if (followed.length === 0) expected.set(post.url, theme === undefined ? 'More posts' : (nameOf.get(theme) ?? theme));
          else if (theme !== undefined) {
            expected.set(post.url, nameOf.get(theme) ?? theme);
            if (theme !== post.themes[0] && !followed.includes(post.themes[0] ?? '')) laterThemeOnly++;
          }
        }
        const message = received.get(`${subscriber.email} ${issue.id}`);
        if (expected.size === 0) {
          expect(message, `${subscriber.email} follows nothing in ${issue.id}`).toBeUndefined();
          continue;
        }
        expect(message, `${subscriber.email} gets ${issue.id}`).toBeDefined();
        const got = new Map<string, string>();
        for (const { section, posts } of outline(message as SinkMessage)) {
          for (const url of posts) {
            expect(got.has(url), `${url} twice for ${subscriber.email} in ${issue.id}`).toBe(false);
            got.set(url, section);
          }
        }
        expect(got, `${subscriber.email} in ${issue.id}`).toEqual(expected);
        pairs += expected.size;
      }
    }
    expect(pairs).toBeGreaterThan(200);
    // Pairs that reach a subscriber only through a post's second or third theme: the ones that used to go missing.
    expect(laterThemeOnly).toBeGreaterThan(32);
    expect(sink.messages.length).toBe(received.size);
  });

  it('names the sections in the subject in the order the email has them, in about 60 characters before the week', () => {
    const { config } = demo.app;
    const shortOf = new Map(config.themes.map((t) => [t.name, t.subjectName ?? t.name]));
    let named = 0;
    for (const message of sink.messages) {
      const subject = message.parsed.subject ?? '';
      const issue = issues.find((i) => i.id === issueOf(message)) as Issue;
      expect(subject.endsWith(` · ${issue.period.short}`), subject).toBe(true);
      const lead = subject.slice(0, -` · ${issue.period.short}`.length);
      expect(lead.length, subject).toBeLessThanOrEqual(60);
      const sections = outline(message).map((s) => s.section).filter((name) => name !== 'More posts');
      if (sections.length === 0) {
        expect(lead).toMatch(/^\d+ new posts?$/);
        continue;
      }
      const more = /^(.*) \+ (\d+) more$/.exec(lead);
      const listed = (more?.[1] ?? lead).split(/, |; /);
      expect(listed, subject).toEqual(sections.slice(0, listed.length).map((name) => shortOf.get(name) ?? name));
      expect(listed.length + Number(more?.[2] ?? 0), subject).toBe(sections.length);
      named++;
    }
    expect(named).toBeGreaterThan(100);
  });

  it('has a dry run (--json) that names who gets which variant, as the relay then got it', () => {
    expect(several(busiest)).toBeGreaterThanOrEqual(3);
    expect(dry.issue.id).toBe(busiest.id);
    const sent = sink.messages.filter((m) => issueOf(m) === busiest.id);
    expect(dry.recipients).toBe(sent.length);
    expect(dry.notFollowing).toBe(subscribers.length - sent.length);
    const addresses = dry.variants.flatMap((v) => v.addresses);
    expect(new Set(addresses).size).toBe(addresses.length);
    for (const variant of dry.variants) {
      expect(variant.addresses).toHaveLength(variant.recipients);
      for (const address of variant.addresses) {
        const message = sent.find((m) => m.to.includes(address));
        expect(message?.parsed.subject, address).toBe(variant.subject);
        const outlined = outline(message as SinkMessage);
        expect(outlined.map((s) => s.section), address).toEqual(variant.sections);
        expect(outlined.flatMap((s) => s.posts)).toHaveLength(variant.posts);
      }
    }
    // A subscriber who follows only a theme no post of the issue has first gets a variant of their own.
    expect(dry.variants.some((v) => v.key !== '*' && !busiest.sections.some((s) => s.theme === v.key))).toBe(true);
  });
});
