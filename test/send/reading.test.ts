import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Issue, IssuePost } from '../../src/digest/index.js';
import { planIssues, variantOf } from '../../src/digest/index.js';
import type { SubscriberInput } from '../../src/store/store.js';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../helpers/smtp-sink.js';
import { demoSendSite } from './demo.js';

/**
 * Roundups read back as a subscriber's mail client shows them: the demo's
 * issues sent through `tidings send` to a real SMTP server, then each
 * received message's text part read line by line as a reader would, its
 * HTML part's inbox preview as a client takes it, and its excerpts.
 */

let sink: SmtpSink;
let demo: Awaited<ReturnType<typeof demoSendSite>>;
let issues: Issue[];
const received = new Map<string, SinkMessage>();

const posts = (issue: Issue): IssuePost[] => issue.sections.flatMap((s) => s.posts);
const links = (issue: Issue) => posts(issue).flatMap((p) => (p.excerptParts ?? []).filter((part) => part.url !== undefined));

beforeAll(async () => {
  sink = await startSmtpSink();
  demo = await demoSendSite(sink.url);
  const { app, site } = demo;
  const planned = planIssues(await app.store.listPosts(), app.config).issues;
  // The issue with the most sections, and the one whose excerpts hold the most written-out web addresses.
  const withLinks = [...planned].sort((a, b) => links(b).length - links(a).length)[0] as Issue;
  issues = [demo.issue, ...(withLinks.id === demo.issue.id ? [] : [withLinks])];
  const themes = demo.issue.sections.map((s) => s.theme).filter((t): t is string => t !== null);
  const subscribers: SubscriberInput[] = [
    { email: 'all@example.org', name: 'Alex All', status: 'active' },
    { email: 'one@example.org', name: 'Zoë Ångström', status: 'active', themes: themes.slice(0, 1) },
    { email: 'two@example.org', status: 'active', themes: themes.slice(1, 3) },
  ];
  await app.store.upsertSubscribers(subscribers);
  for (const s of subscribers) FOLLOWS.set(s.email, [...(s.themes ?? [])]);
  for (const issue of issues) {
    const before = sink.messages.length;
    const run = await site.run('send', '--issue', issue.id);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    for (const message of sink.messages.slice(before)) for (const to of message.to) received.set(`${issue.id} ${to}`, message);
  }
}, 120_000);

afterAll(async () => {
  await demo?.close();
  await sink?.close();
});

/** The themes each subscriber follows (none: all of them). */
const FOLLOWS = new Map<string, string[]>();

/** Each message received, with the issue as that subscriber's variant has it. */
function readings(): { key: string; message: SinkMessage; issue: Issue; lines: string[]; html: string }[] {
  const out = [];
  for (const [key, message] of received) {
    const [id, to] = key.split(' ');
    const variant = variantOf(issues.find((i) => i.id === id) as Issue, FOLLOWS.get(to ?? '') ?? [], demo.app.config);
    if (variant === null) throw new Error(`${key}: a message for a subscriber with nothing in the issue`);
    out.push({ key, message, issue: variant, lines: (message.parsed.text ?? '').split('\n'), html: message.parsed.html || '' });
  }
  return out;
}

const decode = (html: string): string =>
  html
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');

/** The numbered posts of a text part: "1. Title" (a title may run on to the next lines, up to the blank line). */
function numberedPosts(lines: readonly string[]): { n: number; title: string }[] {
  const out: { n: number; title: string }[] = [];
  lines.forEach((line, i) => {
    const m = /^(\d+)\. (.+)$/.exec(line);
    if (!m || lines[i - 1] !== '') return;
    let title = m[2] ?? '';
    for (let k = i + 1; lines[k] !== '' && lines[k] !== undefined && !/^\d+ \w+ \d{4} · /.test(lines[k] ?? ''); k++) title += ` ${lines[k]}`;
    out.push({ n: Number(m[1]), title });
  });
  return out;
}

describe('a roundup read back from a real SMTP server', () => {
  it('sent every subscriber each issue that has posts on their themes', () => {
    expect(issues.length).toBeGreaterThanOrEqual(2);
    expect(links(issues[1] as Issue).length).toBeGreaterThan(0);
    expect(readings().length).toBeGreaterThanOrEqual(4);
  });

  it('opens the text part with the issue title underlined, then sets each section heading apart from the numbered post titles', () => {
    for (const { key, issue, lines } of readings()) {
      const title = lines.indexOf(issue.period.label);
      expect(title, key).toBeGreaterThan(-1);
      expect(lines[title + 1], key).toMatch(/^=+$/);
      for (const section of issue.sections) {
        const at = lines.indexOf(section.name);
        expect(at, `${key}: ${section.name}`).toBeGreaterThan(-1);
        expect(lines[at + 1], `${key}: ${section.name}`).toBe('-'.repeat(Math.min(section.name.length, 78)));
        expect(lines[at - 1], key).toBe('');
      }
      // A post title is numbered and never underlined; a heading is never numbered.
      const numbered = numberedPosts(lines);
      expect(numbered.map((p) => p.n), key).toEqual(posts(issue).map((_, i) => i + 1));
      for (const line of lines.filter((l) => /^\d+\. /.test(l))) expect(lines[lines.indexOf(line) + 1], key).not.toMatch(/^[-=]+$/);
      for (const section of issue.sections) expect(numbered.map((p) => p.title), key).not.toContain(section.name);
    }
  });

  it('has the same posts in the same order in the text and HTML parts, each post with its address whole on a line of its own', () => {
    for (const { key, issue, lines, html } of readings()) {
      const inHtml = [...html.matchAll(/<h3\b[^>]*><a class="t-title" href="([^"]+)"[^>]*>([^<]*)<\/a><\/h3>/g)].map((m) => ({ url: decode(m[1] ?? ''), title: decode(m[2] ?? '') }));
      const inText = numberedPosts(lines).map((p) => p.title);
      expect(inHtml.map((p) => p.title), key).toEqual(posts(issue).map((p) => p.title));
      expect(inText, key).toEqual(inHtml.map((p) => p.title));
      for (const { url } of inHtml) expect(lines, `${key}: ${url}`).toContain(url);
    }
  });

  it('keeps every line within 78 characters except a web address that alone is longer, which is never split', () => {
    for (const { key, lines } of readings()) {
      for (const line of lines) if ([...line].length > 78) expect(line, key).toMatch(/^https?:\/\/\S+$/);
      // Every address in the text part is whole: it parses, and none ends where a line breaks mid-address.
      for (const m of lines.join('\n').matchAll(/https?:\/\/\S+/g)) expect(() => new URL(m[0]), key).not.toThrow();
    }
  });

  it('writes the footer links as a label and the address on the next line', () => {
    for (const { key, message, lines } of readings()) {
      const header = message.parsed.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '';
      const unsubscribe = /<(https:[^>]+)>/.exec(header.replace(/\r?\n[ \t]+/g, ''))?.[1] ?? '';
      expect(lines[lines.indexOf('Unsubscribe:') + 1], key).toBe(unsubscribe);
      expect(lines[lines.indexOf('Choose your themes:') + 1], key).toMatch(/^https:\/\/blog\.example\.org\/preferences\?token=\S+$/);
      expect(lines[lines.indexOf('View in your browser:') + 1], key).toMatch(/^https:\/\/blog\.example\.org\/issues\/\S+$/);
    }
  });

  it('shows the preheader in the inbox preview and nothing after it: the rest of the hidden preview is blank filler', () => {
    for (const { key, issue, html } of readings()) {
      const hidden = /<div style="display:none;[^"]*">([^<]*)<\/div>/.exec(html)?.[1] ?? '';
      const preview = decode(hidden);
      expect(preview.startsWith(issue.preheader), key).toBe(true);
      const rest = preview.slice(issue.preheader.length);
      expect(rest.replace(/\u2007|\ufeff|\u034f| /g, ''), key).toBe('');
      expect([...rest.matchAll(/\u2007\ufeff\u034f/g)].length, key).toBeGreaterThanOrEqual(100);
      // The body's first words come only after the hidden div.
      expect(html.indexOf('View this email in your browser'), key).toBeGreaterThan(html.indexOf(hidden) + hidden.length);
    }
  });

  it('shows a web address written out in an excerpt as a link named by its domain, in the HTML and as a numbered reference in the text part', () => {
    const withLinks = readings().filter((r) => links(r.issue).length > 0);
    expect(withLinks.length).toBeGreaterThan(0);
    for (const { key, issue, lines, html } of withLinks) {
      const text = lines.join('\n');
      for (const post of posts(issue)) {
        const excerptHtml = /<p dir="auto"[^>]*>(.*?)<\/p>/s.exec(html.slice(html.indexOf(`href="${post.url}"`)))?.[1] ?? '';
        expect(excerptHtml.replace(/<a [^>]*>[^<]*<\/a>/g, ''), `${key}: ${post.title}`).not.toMatch(/https?:\/\//);
        for (const part of (post.excerptParts ?? []).filter((p) => p.url !== undefined)) {
          expect(part.text, key).not.toMatch(/^https?:/);
          expect(excerptHtml, key).toContain(`<a href="${part.url}"`);
          const ref = new RegExp(`${part.text.replaceAll('.', '\\.')}\\u00a0\\[(\\d+)\\]`).exec(text)?.[1];
          expect(ref, `${key}: ${part.text}`).toBeDefined();
          expect(text, key).toMatch(new RegExp(`^\\[${ref}\\](?: |\\n)${(part.url ?? '').replace(/[.?*+()[\]\\]/g, '\\$&')}$`, 'm'));
        }
      }
    }
  });
});
