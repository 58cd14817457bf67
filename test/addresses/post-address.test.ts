/**
 * A post's own address (issue 16, items 3 and 5), end to end through the
 * CLI: a feed item links to its original in feeds, pages and email, and
 * tidings builds no copy of it unless asked; a Markdown permalink is the
 * post's address on the site; a new base URL moves every address at the
 * next build, and the build says how many moved.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSite, type Site } from '../helpers/site.js';

const config = (baseUrl: string, pages = ''): string => `site:
  title: Harbour notes
  baseUrl: ${baseUrl}
  timeZone: UTC
content:
  paths: [content]
${pages}`;

const FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour notes</title><link>https://harbour.example/</link><description>d</description>
<item><title>Boats at dawn</title><link>https://harbour.example/2019/07/boats-at-dawn/</link><guid isPermaLink="false">harbour-1</guid>
<pubDate>Tue, 30 Jul 2019 08:00:00 +0000</pubDate><description>&lt;p&gt;The boats went out early. &lt;a href="/about/"&gt;About&lt;/a&gt;&lt;/p&gt;</description></item>
</channel></rss>
`;

async function email(site: Site): Promise<string> {
  const sent = await site.run('send', '--issue', '2019-W31', '--to', 'me@example.org');
  expect(sent.code, sent.err).toBe(0);
  const outbox = path.join(site.dir, 'out', 'outbox');
  const files = (await readdir(outbox)).filter((f) => f.endsWith('.eml'));
  expect(files).toHaveLength(1);
  return readFile(path.join(outbox, files[0] ?? ''), 'utf8');
}

/** The message's text part, quoted-printable undone. */
function decoded(message: string): string {
  return message.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

// Rendering a roundup's email the first time (MJML) is slow on a busy machine.
describe("a post's own address", { timeout: 120_000 }, () => {
  let site: Site;
  afterEach(() => site?.cleanup());

  it('a feed-imported post links to its original in feeds, pages and email, and gets no page of its own', async () => {
    site = await makeSite({ config: config('https://news.example/') });
    await site.write('content/harbour.xml', FEED);
    expect((await site.run('import')).code).toBe(0);
    const built = await site.run('build');
    expect(built.code, built.err).toBe(0);
    const out = path.join(site.dir, 'out');

    const rss = await readFile(path.join(out, 'feed.xml'), 'utf8');
    expect(rss).toContain('<link>https://harbour.example/2019/07/boats-at-dawn/</link>');
    expect(rss).not.toContain('news.example/posts/');
    // The id stays the post's, not its address.
    expect(rss).toMatch(/<guid isPermaLink="false">tag:tidings,2024:post\/[^<]+<\/guid>/);
    const atom = await readFile(path.join(out, 'atom.xml'), 'utf8');
    expect(atom).toContain('<link rel="alternate" type="text/html" href="https://harbour.example/2019/07/boats-at-dawn/"/>');
    const json = JSON.parse(await readFile(path.join(out, 'feed.json'), 'utf8')) as { items: { url: string }[] };
    expect(json.items[0]?.url).toBe('https://harbour.example/2019/07/boats-at-dawn/');
    // A relative link in the item resolves against the item's own address.
    expect(rss).toContain('https://harbour.example/about/');

    await expect(stat(path.join(out, 'posts'))).rejects.toThrow();
    const home = await readFile(path.join(out, 'index.html'), 'utf8');
    expect(home).toContain('href="https://harbour.example/2019/07/boats-at-dawn/"');
    const issuePage = await readFile(path.join(out, 'issues', '2019-W31', 'index.html'), 'utf8');
    expect(issuePage).toContain('href="https://harbour.example/2019/07/boats-at-dawn/"');

    const message = decoded(await email(site));
    expect(message).toContain('https://harbour.example/2019/07/boats-at-dawn/');
    expect(message).not.toContain('news.example/posts/');
  });

  it('two feed posts whose titles make the same slug keep their own addresses, stored as such at import', async () => {
    site = await makeSite({ config: config('https://news.example/') });
    const item = (n: number, day: number) =>
      `<item><title>Release notes</title><link>https://harbour.example/notes-${n}/</link><guid isPermaLink="false">harbour-${n}</guid><pubDate>${day} Jul 2019 08:00:00 +0000</pubDate><description>Notes number ${n}, different from the other.</description></item>`;
    await site.write('content/harbour.xml', FEED.replace('</channel>', `${item(2, 10)}${item(3, 11)}</channel>`));
    expect((await site.run('import')).code).toBe(0);
    const stored = JSON.parse((await site.run('posts', '--json')).out) as { title: string; url: string }[];
    expect(stored.filter((p) => p.title === 'Release notes').map((p) => p.url).sort()).toEqual(['https://harbour.example/notes-2/', 'https://harbour.example/notes-3/']);
    const built = await site.run('build');
    expect(built.code, built.err).toBe(0);
    expect(built.err + built.out).not.toMatch(/addresses? moved/);
  });

  it('pages.posts: always builds a copy, whose canonical link is the original', async () => {
    site = await makeSite({ config: config('https://news.example/', 'pages:\n  posts: always\n') });
    await site.write('content/harbour.xml', FEED);
    await site.run('import');
    expect((await site.run('build')).code).toBe(0);
    const page = await readFile(path.join(site.dir, 'out', 'posts', '2019', '07', 'boats-at-dawn', 'index.html'), 'utf8');
    expect(page).toContain('<link rel="canonical" href="https://harbour.example/2019/07/boats-at-dawn/">');
    const home = await readFile(path.join(site.dir, 'out', 'index.html'), 'utf8');
    expect(home).toContain('href="posts/2019/07/boats-at-dawn/"');
  });

  it('a Markdown permalink is the post\'s address on the site; a post without one gets a page', async () => {
    site = await makeSite({ config: config('https://blog.example/notes/') });
    await site.write('content/_posts/2019-07-30-quay.md', '---\ntitle: The quay\npermalink: /2019/quay.html\n---\nRopes and nets.\n');
    await site.write('content/_posts/2019-07-31-gulls.md', '---\ntitle: Gulls\n---\nLoud ones.\n');
    expect((await site.run('import')).code).toBe(0);
    expect((await site.run('build')).code).toBe(0);
    const rss = await readFile(path.join(site.dir, 'out', 'feed.xml'), 'utf8');
    expect(rss).toContain('<link>https://blog.example/notes/2019/quay.html</link>');
    expect(rss).toContain('<link>https://blog.example/notes/posts/2019/07/gulls/</link>');
    await expect(stat(path.join(site.dir, 'out', 'posts', '2019', '07', 'gulls', 'index.html'))).resolves.toBeTruthy();
    await expect(stat(path.join(site.dir, 'out', '2019'))).rejects.toThrow();
  });

  it('the generator\'s permalink rule (pages.permalink) gives Markdown posts their addresses', async () => {
    site = await makeSite({ config: config('https://blog.example/', 'pages:\n  permalink: /:year/:month/:day/:title/\n') });
    await site.write('content/_posts/2019-07-30-quay.md', '---\ntitle: The quay\n---\nRopes and nets.\n');
    await site.run('import');
    expect((await site.run('build')).code).toBe(0);
    const rss = await readFile(path.join(site.dir, 'out', 'feed.xml'), 'utf8');
    expect(rss).toContain('<link>https://blog.example/2019/07/30/quay/</link>');
    const bad = await makeSite({ config: config('https://blog.example/', 'pages:\n  permalink: /:year/:nonsense/\n') });
    try {
      const run = await bad.run('build');
      expect(run.code).toBe(2);
      expect(run.err).toMatch(/pages\.permalink.*unknown placeholder :nonsense/);
    } finally {
      await bad.cleanup();
    }
  });

  it('a new base URL moves every address at the next build: feeds and mail show the new ones, and the build says how many moved', async () => {
    site = await makeSite({ config: config('http://127.0.0.1:8080/') });
    await site.write('content/_posts/2019-07-30-quay.md', '---\ntitle: The quay\n---\nRopes and nets.\n');
    await site.write('content/_posts/2019-07-31-gulls.md', '---\ntitle: Gulls\npermalink: /gulls/\n---\nLoud ones.\n');
    await site.write('content/harbour.xml', FEED);
    expect((await site.run('import')).code).toBe(0);
    const first = await site.run('build');
    expect(first.out).not.toMatch(/moved/);
    expect(await readFile(path.join(site.dir, 'out', 'feed.xml'), 'utf8')).toContain('http://127.0.0.1:8080/posts/2019/07/quay/');

    await site.write('tidings.config.yaml', config('https://blog.example/'));
    // Re-importing finds every file unchanged (skipped by hash): the build is where addresses follow.
    expect((await site.run('import')).out).toMatch(/unchanged/);
    const second = await site.run('build');
    expect(second.code, second.err).toBe(0);
    // The two Markdown posts moved; the feed item keeps its original address.
    expect(second.out).toMatch(/^2 addresses moved/m);
    const rss = await readFile(path.join(site.dir, 'out', 'feed.xml'), 'utf8');
    expect(rss).toContain('<link>https://blog.example/posts/2019/07/quay/</link>');
    expect(rss).toContain('<link>https://blog.example/gulls/</link>');
    expect(rss).toContain('<link>https://harbour.example/2019/07/boats-at-dawn/</link>');
    expect(rss).not.toContain('127.0.0.1:8080/posts');
    const listed = JSON.parse((await site.run('posts', '--json')).out) as { url: string }[];
    expect(listed.map((p) => p.url).sort()).toEqual(['https://blog.example/gulls/', 'https://blog.example/posts/2019/07/quay/', 'https://harbour.example/2019/07/boats-at-dawn/']);
    const message = decoded(await email(site));
    expect(message).toContain('https://blog.example/posts/2019/07/quay/');
    expect(message).not.toContain('127.0.0.1:8080/posts');
    expect((await site.run('build')).out).not.toMatch(/moved/);
  });
});
