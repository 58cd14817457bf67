/**
 * `tidings init` and `tidings new` as a newcomer meets them: pointed at a
 * Jekyll, Hugo or Eleventy site, a WordPress or Ghost export or a feed URL,
 * init writes a config that the real loader takes, `tidings import` and
 * `tidings build` then work with no arguments, and nothing is overwritten.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSite, REPO, type Site } from '../helpers/site.js';

async function bareSite(): Promise<Site> {
  const site = await makeSite();
  await rm(path.join(site.dir, 'tidings.config.yaml'));
  return site;
}

async function config(site: Site): Promise<string> {
  return readFile(path.join(site.dir, 'tidings.config.yaml'), 'utf8');
}

describe('tidings init', () => {
  let site: Site;
  afterEach(() => site?.cleanup());

  it('reads a Jekyll site\'s _config.yml, proposes themes from its tags, and the config it writes imports and builds', async () => {
    site = await bareSite();
    await site.write('blog/_config.yml', 'title: Salt and Spray\nurl: "https://salt.example.net"\nbaseurl: /blog\nauthor:\n  name: Ines Carrow\nlang: pt_PT\ntimezone: Europe/Lisbon\n');
    for (const [i, tags] of [[1, '[tides, gear]'], [2, '[tides]'], [3, '[gear, tides]'], [4, '[wildlife]']] as const) {
      await site.write(`blog/_posts/2020-0${i}-01-trip-${i}.md`, `---\ntitle: Trip ${i}\ndate: 2020-0${i}-01 10:00:00\ntags: ${tags}\n---\nPaddled round the point.\n`);
    }
    const init = await site.run('init', 'blog');
    expect(init.code).toBe(0);
    expect(init.out).toMatch(/wrote tidings\.config\.yaml for a Jekyll site \(blog\): 4 post\(s\) found, themes proposed: tides, gear\./);
    expect(init.out).toMatch(/\n {2}tidings import\n {2}tidings preview/);
    const text = await config(site);
    expect(text).toContain('title: "Salt and Spray"');
    expect(text).toContain('baseUrl: "https://salt.example.net/blog/"');
    expect(text).toContain('language: "pt-PT"');
    expect(text).toContain('timeZone: "Europe/Lisbon"');
    expect(text).toContain('paths: ["blog/_posts"]');
    expect(text).not.toMatch(/slug: wildlife/);

    const imported = await site.run('import');
    expect(imported.out).toMatch(/new 4, .*rejected 0/);
    const listed = JSON.parse((await site.run('posts', '--json')).out) as { title: string; themes: string[]; published: string }[];
    expect(listed.find((p) => p.title === 'Trip 1')).toMatchObject({ themes: ['tides', 'gear'], published: '2020-01-01T10:00:00Z' });
    expect((await site.run('build')).code).toBe(0);
  }, 120_000); // the build renders four roundups with MJML: slow on a busy machine

  it('never overwrites a config: exit 2, the file untouched', async () => {
    site = await makeSite();
    await site.write('blog/_posts/2020-01-01-a.md', '---\ntitle: A\ndate: 2020-01-01\n---\nA.\n');
    const before = await config(site);
    const init = await site.run('init', 'blog');
    expect(init.code).toBe(2);
    expect(init.err).toMatch(/tidings\.config\.yaml already exists; init never overwrites a config/);
    expect(await config(site)).toBe(before);
  });

  it('reads a Hugo site\'s TOML config and its posts section', async () => {
    site = await bareSite();
    await site.write('hugo-blog/hugo.toml', 'baseURL = "https://hugo.example.com/"\nlanguageCode = "en-us"\ntitle = "Field Notes"\ntimeZone = "America/Chicago"\n[params]\ndescription = "Birds and weather"\n');
    await site.write('hugo-blog/content/about.md', '---\ntitle: About\n---\nAbout me.\n');
    await site.write('hugo-blog/content/posts/first.md', '+++\ntitle = "First"\ndate = 2024-05-01T08:00:00\ntags = ["birds"]\n+++\nA heron.\n');
    const init = await site.run('init', 'hugo-blog');
    expect(init.code).toBe(0);
    const text = await config(site);
    expect(text).toContain('title: "Field Notes"');
    expect(text).toContain('description: "Birds and weather"');
    expect(text).toContain('language: "en-US"');
    expect(text).toContain('timeZone: "America/Chicago"');
    expect(text).toContain('paths: ["hugo-blog/content/posts"]');
    expect((await site.run('import')).out).toMatch(/new 1, /);
    const listed = JSON.parse((await site.run('posts', '--json')).out) as { published: string }[];
    expect(listed[0]?.published).toBe('2024-05-01T13:00:00Z');
  });

  it('reads an Eleventy site\'s _data/metadata.json', async () => {
    site = await bareSite();
    await site.write('site/eleventy.config.js', 'export default function () {}\n');
    await site.write('site/_data/metadata.json', JSON.stringify({ title: 'Tiny Site', url: 'https://tiny.example/', language: 'de', author: { name: 'Kai' } }));
    await site.write('site/content/blog/one.md', '---\ntitle: One\ndate: 2023-01-01\n---\nEins.\n');
    expect((await site.run('init', 'site')).code).toBe(0);
    const text = await config(site);
    expect(text).toMatch(/title: "Tiny Site"[\s\S]*baseUrl: "https:\/\/tiny\.example\/"[\s\S]*author: "Kai"[\s\S]*language: "de"/);
    expect(text).toContain('paths: ["site/content/blog"]');
    expect((await site.run('import')).out).toMatch(/new 1, /);
  });

  it('reads a WordPress export\'s channel, and offers its pages', async () => {
    site = await bareSite();
    await site.write('harbour.xml', await readFile(path.join(REPO, 'test/fixtures/wxr/harbour.WordPress.xml')));
    const init = await site.run('init', 'harbour.xml');
    expect(init.code).toBe(0);
    expect(init.out).toMatch(/for a WordPress export \(harbour\.xml\): 3 post\(s\) found/);
    const text = await config(site);
    expect(text).toContain('title: "Harbour Notes"');
    expect(text).toContain('baseUrl: "https://harbour.example.org/"');
    expect(text).toContain('author: "Morwenna Penrose"');
    expect(text).toContain('paths: ["harbour.xml"]');
    expect(text).toContain('# pages: true');
    expect((await site.run('import')).out).toMatch(/new 3, /);
  });

  it('reads a Ghost export\'s settings', async () => {
    site = await bareSite();
    await site.write('lighthouse.json', await readFile(path.join(REPO, 'test/fixtures/ghost/lighthouse.ghost.2026-11-30.json')));
    expect((await site.run('init', 'lighthouse.json')).code).toBe(0);
    const text = await config(site);
    expect(text).toMatch(/title: "The Lighthouse Log"[\s\S]*language: "en"[\s\S]*timeZone: "Europe\/London"/);
    expect(text).toContain('# baseUrl:');
    expect((await site.run('import')).out).toMatch(/new 2, /);
  });

  it('reads a feed at a URL', async () => {
    site = await bareSite();
    const rss = '<?xml version="1.0"?><rss version="2.0"><channel><title>Remote Log</title><link>https://remote.example/</link><language>fr-FR</language>' +
      '<item><title>Un</title><link>https://remote.example/un</link><guid>https://remote.example/un</guid><pubDate>Mon, 02 Nov 2026 10:00:00 +0000</pubDate><category>mer</category><description>Premier.</description></item></channel></rss>';
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
      expect((await site.run('init', url)).code).toBe(0);
      const text = await config(site);
      expect(text).toMatch(/title: "Remote Log"[\s\S]*baseUrl: "https:\/\/remote\.example\/"[\s\S]*language: "fr-FR"/);
      expect(text).toContain(`paths: ["${url}"]`);
      expect((await site.run('import')).out).toMatch(/new 1, /);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('says what it was pointed at when that is no blog', async () => {
    site = await bareSite();
    await site.write('empty/readme.txt', 'nothing');
    const init = await site.run('init', 'empty');
    expect(init.code).toBe(2);
    expect(init.err).toMatch(/empty is neither a Jekyll, Hugo or Eleventy site nor a folder of Markdown posts/);
  });
});

describe('tidings new', () => {
  let site: Site;
  afterEach(() => site?.cleanup());

  it('writes a dated Markdown post into the content folder that import reads, and never overwrites one', async () => {
    site = await bareSite();
    await site.write('tidings.config.yaml', 'site:\n  timeZone: Europe/London\ncontent:\n  paths: [blog/_posts]\n');
    const made = await site.run('new', 'Around the Point: a 20 km day', '--date', '2026-07-01T09:30');
    expect(made.code).toBe(0);
    expect(made.out).toContain('wrote blog/_posts/2026-07-01-around-the-point-a-20-km-day.md');
    const text = await readFile(path.join(site.dir, 'blog/_posts/2026-07-01-around-the-point-a-20-km-day.md'), 'utf8');
    expect(text).toMatch(/^---\ntitle: "Around the Point: a 20 km day"\ndate: 2026-07-01T09:30:00\+01:00\ndraft: false\n/);
    const again = await site.run('new', 'Around the Point: a 20 km day', '--date', '2026-07-01T09:30');
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/already exists; new never overwrites a post/);
    expect((await site.run('import')).out).toMatch(/new 1, /);
    const listed = JSON.parse((await site.run('posts', '--json')).out) as { title: string; published: string }[];
    expect(listed).toMatchObject([{ title: 'Around the Point: a 20 km day', published: '2026-07-01T08:30:00Z' }]);
  });

  it('names a post by its slug outside a Jekyll _posts folder, dated now', async () => {
    site = await bareSite();
    const made = await site.run('new', 'Hello, world');
    expect(made.code).toBe(0);
    const text = await readFile(path.join(site.dir, 'content/hello-world.md'), 'utf8');
    const year = new Date().getUTCFullYear();
    expect(text).toMatch(new RegExp(`date: ${year}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00`));
  });
});
