import Database from 'better-sqlite3';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClickStats } from '../../src/engagement/stats.js';
import { PER_SUBSCRIBER_NOTICE } from '../../src/digest/render/links.js';
import type { SubscriberInput } from '../../src/store/store.js';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../helpers/smtp-sink.js';
import { openApp } from '../../src/app.js';
import { makeSite } from '../helpers/site.js';
import { BASE, click, engagementSite, linksIn, SECRET, serve, type Served } from './helpers.js';

const CLICK_PREFIX = `${BASE}r/`;
const TIMEOUT = 120_000;

let sink: SmtpSink;
let demo: Awaited<ReturnType<typeof engagementSite>> | undefined;
let served: Served | undefined;
let cleanup: (() => Promise<void>) | undefined;
beforeEach(async () => {
  sink = await startSmtpSink();
});
afterEach(async () => {
  if (served) expect(await served.stop()).toBe(0);
  served = undefined;
  await demo?.close();
  demo = undefined;
  await sink.close();
  await cleanup?.();
  cleanup = undefined;
});

/** The post a click link names (its token starts with the post's id). */
function postOf<P extends { id: string }>(link: string, posts: readonly P[]): P | undefined {
  const token = link.split('/')[CLICK_PREFIX.split('/').length];
  return posts.find((p) => token?.startsWith(`${p.id}.`));
}

function messageTo(address: string): SinkMessage {
  const found = sink.messages.filter((m) => m.to.includes(address));
  expect(found, address).toHaveLength(1);
  return found[0] as SinkMessage;
}

async function stats(issueId: string): Promise<ClickStats> {
  const run = await demo?.site.run('stats', '--issue', issueId, '--json');
  expect(run?.code).toBe(0);
  return JSON.parse(run?.out ?? '') as ClickStats;
}

/** Rows in the click tables, read straight from the store's file. */
function counterRows(dir: string): number {
  const db = new Database(path.join(dir, '.tidings', 'tidings.db'), { readonly: true });
  try {
    const one = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return one('clicks') + one('reader_clicks');
  } finally {
    db.close();
  }
}

const SUBSCRIBERS = (first: string): SubscriberInput[] => [
  { email: 'all@example.org', name: 'Alex All', status: 'active' },
  { email: 'one@example.org', name: 'Oona One', status: 'active', themes: [first] },
  { email: 'two@example.org', status: 'active' },
];

describe('click counting (engagement.clicks)', () => {
  it(
    'sends roundups whose post links go through the signed redirect; following one answers 302 to the post and counts it, per issue and post, naming nobody',
    async () => {
      demo = await engagementSite(sink.url, '  clicks: true');
      const { issue, app, site } = demo;
      await app.store.upsertSubscribers(SUBSCRIBERS(issue.sections[0]?.theme ?? ''));
      const sent = await site.run('send', '--issue', issue.id);
      expect(sent.err).toBe('');
      expect(sent.code).toBe(0);
      await sink.waitFor(3);

      const all = messageTo('all@example.org');
      const html = all.parsed.html || '';
      const text = all.parsed.text ?? '';
      const posts = issue.sections.flatMap((s) => s.posts);
      const htmlLinks = linksIn(html, CLICK_PREFIX);
      const textLinks = linksIn(text, CLICK_PREFIX);
      // Every post is linked through the redirect, in both parts; no post's own address is left in the HTML.
      expect(new Set(htmlLinks).size).toBe(posts.length);
      expect(new Set(textLinks)).toEqual(new Set(htmlLinks));
      for (const post of posts) expect(html).not.toContain(`href="${post.url}"`);
      // The links are the same in every copy: they name no subscriber, and there is no image at all (no pixel).
      expect(new Set(linksIn(messageTo('two@example.org').parsed.html || '', CLICK_PREFIX))).toEqual(new Set(htmlLinks));
      expect(html).not.toMatch(/<img\b/i);
      expect(html).not.toContain(PER_SUBSCRIBER_NOTICE);
      for (const link of htmlLinks) expect(link).toMatch(new RegExp(`^${CLICK_PREFIX}${issue.id}/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{22}$`));

      expect((await site.run('build')).code).toBe(0);
      // The web version keeps the posts' own links; the build's sample email is what was sent.
      const web = await readFile(path.join(site.dir, 'out', 'issues', issue.id, 'index.html'), 'utf8');
      expect(web).not.toContain('/r/');
      for (const post of posts) expect(web).toContain(post.title.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
      expect(new Set(linksIn(await readFile(path.join(site.dir, 'out', 'issues', issue.id, 'email.html'), 'utf8'), CLICK_PREFIX))).toEqual(new Set(htmlLinks));
      served = await serve(site);
      expect(served.output().out).toContain('counting clicks on the links to posts in roundups');
      const [firstLink] = htmlLinks as [string];
      const firstPost = postOf(firstLink, posts);
      const secondLink = htmlLinks.find((link) => postOf(link, posts) !== firstPost) ?? '';
      const r1 = await click(served.base, firstLink);
      expect(r1.status).toBe(302);
      expect(r1.headers.get('location')).toBe(firstPost?.url);
      expect(r1.headers.get('cache-control')).toContain('no-store');
      expect((await click(served.base, firstLink)).status).toBe(302);
      // A link scanner's HEAD is answered and not counted.
      expect((await click(served.base, firstLink, 'HEAD')).status).toBe(302);
      const second = await click(served.base, secondLink);
      expect(second.status).toBe(302);
      const secondUrl = second.headers.get('location');
      expect(secondUrl).toBe(postOf(secondLink, posts)?.url);

      const counted = await stats(issue.id);
      expect(counted.counting).toEqual({ clicks: true, perSubscriber: false });
      expect(counted.issues).toHaveLength(1);
      const byUrl = new Map(counted.issues[0]?.posts.map((p) => [p.url, p]));
      expect(byUrl.get(firstPost?.url ?? '')).toMatchObject({ clicks: 2, readers: 0, title: firstPost?.title });
      expect(byUrl.get(secondUrl ?? '')?.clicks).toBe(1);
      expect(counted.issues[0]?.subject).toBe(issue.subject);

      const printed = await site.run('stats');
      expect(printed.code).toBe(0);
      expect(printed.out).toContain(`${issue.id} "${issue.subject}": 3 clicks on`);
      expect(printed.out).toMatch(new RegExp(`^ +2 {2}${(firstPost?.title ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} {2}${firstPost?.url}$`, 'm'));
    },
    TIMEOUT,
  );

  it(
    'answers 404 to a link tidings did not sign, and counts nothing: no open redirect',
    async () => {
      demo = await engagementSite(sink.url, '  clicks: true');
      const { issue, app, site } = demo;
      await app.store.upsertSubscribers([{ email: 'all@example.org', status: 'active' }]);
      expect((await site.run('send', '--issue', issue.id)).code).toBe(0);
      const [link] = linksIn((await sink.waitFor(1))[0]?.parsed.html || '', CLICK_PREFIX) as [string];
      await site.run('build');
      served = await serve(site);

      const [postId, address, mac] = link.slice(link.lastIndexOf('/') + 1).split('.') as [string, string, string];
      const evil = Buffer.from('https://evil.example/phish', 'utf8').toString('base64url');
      const flipped = `${mac.slice(0, 5)}${mac[5] === 'A' ? 'B' : 'A'}${mac.slice(6)}`;
      const forged = [
        `${CLICK_PREFIX}${issue.id}/${postId}.${evil}.${mac}`, // another address, the old signature
        `${CLICK_PREFIX}${issue.id}/${postId}.${address}.${flipped}`, // a changed signature
        `${CLICK_PREFIX}${issue.id}/${postId}.${address}`, // no signature
        `${CLICK_PREFIX}2000-W01/${postId}.${address}.${mac}`, // another issue
        `${CLICK_PREFIX}${issue.id}/0000000000000000.${address}.${mac}`, // another post
        `${CLICK_PREFIX}${issue.id}/${postId}.${address}.${mac}/7.${'A'.repeat(22)}`, // a reader tidings did not sign
      ];
      for (const bad of forged) {
        const res = await click(served.base, bad);
        expect(res.status, bad).toBe(404);
        expect(res.headers.get('location'), bad).toBeNull();
      }
      expect(await stats(issue.id)).toMatchObject({ issues: [] });
      expect(counterRows(site.dir)).toBe(0);
      // The genuine link still works.
      expect((await click(served.base, link)).status).toBe(302);
      expect(counterRows(site.dir)).toBe(1);
    },
    TIMEOUT,
  );

  it(
    'counts every one of many clicks at once, on two servers sharing the store (no lost update)',
    async () => {
      demo = await engagementSite(sink.url, '  clicks: true');
      const { issue, app, site } = demo;
      await app.store.upsertSubscribers([{ email: 'all@example.org', status: 'active' }]);
      expect((await site.run('send', '--issue', issue.id)).code).toBe(0);
      const [link] = linksIn((await sink.waitFor(1))[0]?.parsed.html || '', CLICK_PREFIX) as [string];
      await site.run('build');
      served = await serve(site);
      const other = await serve(site);
      try {
        const PER_SERVER = 60;
        const answers = await Promise.all(
          Array.from({ length: PER_SERVER * 2 }, (_, i) => click(i % 2 === 0 ? (served as Served).base : other.base, link).then((res) => res.status)),
        );
        expect(answers.filter((status) => status === 302)).toHaveLength(PER_SERVER * 2);
      } finally {
        expect(await other.stop()).toBe(0);
      }
      expect((await stats(issue.id)).issues[0]?.posts[0]?.clicks).toBe(120);
    },
    TIMEOUT,
  );

  it(
    'tracks nothing at all when it is off (the default): the links are the posts’ own, no pixel, no counter rows',
    async () => {
      demo = await engagementSite(sink.url, '');
      const { issue, app, site } = demo;
      await app.store.upsertSubscribers(SUBSCRIBERS(issue.sections[0]?.theme ?? ''));
      expect((await site.run('send', '--issue', issue.id)).code).toBe(0);
      await sink.waitFor(3);
      const posts = issue.sections.flatMap((s) => s.posts);
      for (const message of sink.messages) {
        const html = message.parsed.html || '';
        const text = message.parsed.text ?? '';
        expect(html).not.toContain('/r/');
        expect(text).not.toContain('/r/');
        expect(html).not.toMatch(/<img\b/i);
        expect(html).not.toContain(PER_SUBSCRIBER_NOTICE);
      }
      const all = messageTo('all@example.org');
      for (const post of posts) {
        expect(all.parsed.html || '').toContain(`href="${post.url.replace(/&/g, '&amp;')}"`);
        expect(all.parsed.text ?? '').toContain(post.url);
      }
      await site.run('build');
      served = await serve(site);
      expect(served.output().out).not.toContain('counting clicks');
      const printed = await site.run('stats');
      expect(printed.out).toContain('clicks are not counted: engagement.clicks is off');
      expect(counterRows(site.dir)).toBe(0);
    },
    TIMEOUT,
  );
});

describe('per-subscriber counting (engagement.perSubscriber)', () => {
  it(
    'adds each subscriber’s own token to the links, counts their clicks, and says so in every roundup’s footer',
    async () => {
      demo = await engagementSite(sink.url, '  clicks: true\n  perSubscriber: true');
      const { issue, app, site } = demo;
      await app.store.upsertSubscribers(SUBSCRIBERS(issue.sections[0]?.theme ?? ''));
      const sent = await site.run('send', '--issue', issue.id);
      // Spliced as usual: nothing composed whole (that would warn on stderr).
      expect(sent.err).toBe('');
      expect(sent.code).toBe(0);
      await sink.waitFor(3);
      for (const message of sink.messages) {
        expect((message.parsed.html || '').replace(/\s+/g, ' ')).toContain(PER_SUBSCRIBER_NOTICE);
        expect((message.parsed.text ?? '').replace(/\s+/g, ' ')).toContain(PER_SUBSCRIBER_NOTICE);
      }
      const alex = linksIn(messageTo('all@example.org').parsed.html || '', CLICK_PREFIX);
      const two = linksIn(messageTo('two@example.org').parsed.html || '', CLICK_PREFIX);
      const alexText = linksIn(messageTo('all@example.org').parsed.text ?? '', CLICK_PREFIX);
      expect(new Set(alexText)).toEqual(new Set(alex));
      const readerOf = (link: string) => link.split('/').at(-1) ?? '';
      const subscriberA = await app.store.findSubscriberByEmail('all@example.org');
      const subscriberB = await app.store.findSubscriberByEmail('two@example.org');
      expect(new Set(alex.map(readerOf))).toEqual(new Set([readerOf(alex[0] ?? '')]));
      expect(readerOf(alex[0] ?? '')).toMatch(new RegExp(`^${subscriberA?.id}\\.`));
      expect(readerOf(two[0] ?? '')).toMatch(new RegExp(`^${subscriberB?.id}\\.`));

      expect((await site.run('build')).code).toBe(0);
      served = await serve(site);
      expect(served.output().out).toContain('per subscriber too');
      // The build's sample email names nobody: its links end in /-, and a click on one counts for the post only.
      const sample = linksIn(await readFile(path.join(site.dir, 'out', 'issues', issue.id, 'email.html'), 'utf8'), CLICK_PREFIX);
      expect(sample.length).toBeGreaterThan(0);
      for (const link of sample) expect(link).toMatch(/\/-$/);
      const sampleClick = await click(served.base, sample[0] ?? '');
      expect(sampleClick.status).toBe(302);
      const samplePost = sampleClick.headers.get('location');
      const post = postOf(alex[0] ?? '', issue.sections.flatMap((s) => s.posts));
      const twoSame = two.find((link) => postOf(link, issue.sections.flatMap((s) => s.posts)) === post);
      for (const link of [alex[0], alex[0], twoSame]) {
        const res = await click(served.base, link ?? '');
        expect(res.status).toBe(302);
        expect(res.headers.get('location')).toBe(post?.url);
      }
      // Another subscriber's token on Alex's link is refused (tokens are bound to the issue and id by their signature).
      const swapped = (alex[0] ?? '').replace(/\/(\d+)\./, `/${(subscriberB?.id ?? 0) + 100}.`);
      expect((await click(served.base, swapped)).status).toBe(404);

      const counted = await stats(issue.id);
      expect(counted.counting).toEqual({ clicks: true, perSubscriber: true });
      const extra = samplePost === post?.url ? 1 : 0;
      expect(counted.issues[0]?.posts.find((p) => p.url === post?.url)).toMatchObject({ clicks: 3 + extra, readers: 2 });
      if (extra === 0) expect(counted.issues[0]?.posts.find((p) => p.url === samplePost)).toMatchObject({ clicks: 1, readers: 0 });
      const printed = await site.run('stats', '--issue', issue.id);
      expect(printed.out).toContain('(2 subscribers)');

      // A removed subscriber's counters go with them; the post's total stays.
      const db = new Database(path.join(site.dir, '.tidings', 'tidings.db'));
      const readers = () => db.prepare('SELECT subscriber_id AS id, clicks FROM reader_clicks ORDER BY subscriber_id').all();
      expect(readers()).toEqual([
        { id: subscriberA?.id, clicks: 2 },
        { id: subscriberB?.id, clicks: 1 },
      ]);
      db.close();
      await app.store.removeSubscriber(subscriberA?.id ?? 0);
      expect((await stats(issue.id)).issues[0]?.posts.find((p) => p.url === post?.url)).toMatchObject({ clicks: 3 + extra, readers: 1 });
    },
    TIMEOUT,
  );
});

describe('engagement in the config', () => {
  it('refuses a footer of the publisher’s own that does not say clicks are counted per subscriber, naming the file', async () => {
    demo = await engagementSite(sink.url, '  clicks: true\n  perSubscriber: true');
    const footer = await demo.site.write(
      'templates/email/footer.mjml.hbs',
      '<mj-section><mj-column><mj-text><p><a href="{{links.webVersion}}">Web</a> <a href="{{links.preferences}}">Themes</a> <a href="{{links.unsubscribe}}">Unsubscribe</a></p></mj-text></mj-column></mj-section>\n',
    );
    const build = await demo.site.run('build');
    expect(build.code).toBe(2);
    expect(build.err).toContain(`${footer}: error: clicks are counted per subscriber (engagement.perSubscriber), and the email does not say so`);
    expect(build.err).toContain('{{engagement.notice}}');
    // With it, the build goes through.
    await demo.site.write('templates/email/footer.mjml.hbs', (await readFile(footer, 'utf8')).replace('</p>', '</p><p>{{engagement.notice}}</p>'));
    expect((await demo.site.run('build')).code).toBe(0);
  });

  it('refuses per-subscriber counting without click counting, and clicks without a secret, at the line', async () => {
    const site = await makeSite({ config: `subscriptions:\n  secret: ${SECRET}\nengagement:\n  perSubscriber: true\n` });
    cleanup = site.cleanup;
    const bad = await site.run('stats');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/tidings\.config\.yaml:\d+: error: engagement\.perSubscriber: counting clicks per subscriber needs engagement\.clicks: true/);
    const config = 'site:\n  title: A blog\nengagement:\n  clicks: true\n';
    await site.write('tidings.config.yaml', config);
    const noSecret = await site.run('build');
    expect(noSecret.code).toBe(2);
    expect(noSecret.err).toContain(`tidings.config.yaml:4: error: engagement.clicks: counting clicks signs the links to posts, and no secret is set`);
    expect(noSecret.err).toContain('TIDINGS_SECRET');
    // The environment's secret is as good as the file's.
    const app = await openApp({ cwd: site.dir, env: { TIDINGS_SECRET: SECRET } });
    expect(app.config.engagement.clicks).toBe(true);
    await app.close();
  });
});
