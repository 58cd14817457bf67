/**
 * A WordPress export (WXR) and a Ghost export imported as they are, then
 * built: only the published posts arrive, with their dates, tags, authors
 * and addresses, and no WordPress markup reaches a page or a feed.
 * Real CLI, real store, real feeds; the fixtures are written in the shapes
 * WordPress's and Ghost's exporters write.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSite, REPO, type Site } from '../helpers/site.js';

const WXR = path.join(REPO, 'test', 'fixtures', 'wxr', 'harbour.WordPress.xml');
const GHOST = path.join(REPO, 'test', 'fixtures', 'ghost', 'lighthouse.ghost.2026-11-30.json');

interface Listed { title: string; published: string; url: string; tags: string[] }

async function listed(site: Site): Promise<Listed[]> {
  return JSON.parse((await site.run('posts', '--json')).out) as Listed[];
}

async function builtText(site: Site, ...files: string[]): Promise<string> {
  const texts = await Promise.all(files.map((f) => readFile(path.join(site.dir, 'out', f), 'utf8')));
  return texts.join('\n');
}

describe('importing a WordPress export', () => {
  let site: Site;
  afterEach(() => site?.cleanup());

  it('reads the published posts only, and counts what it skipped', async () => {
    site = await makeSite();
    const imported = await site.run('import', WXR);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/new 3, updated 0, merged 0, unchanged 0, rejected 0, skipped 7 /);
    expect(imported.err).toMatch(/info: skipped 2 attachments, 1 draft, 1 private post, 1 menu item and 1 revision: only published posts are read/);
    expect(imported.err).toMatch(/harbour\.WordPress\.xml:214: info: the page "About the harbour" is not a post: skipped/);
    expect((await listed(site)).map((p) => [p.title, p.published, p.tags])).toEqual([
      ['Spring tides & the new quay', '2026-04-02T06:15:00Z', ['Weather', 'Tides']],
      ['Mending nets in March', '2026-03-10T18:30:00Z', ['Nets']],
      // wp:post_date_gmt is 0000-00-00: wp:post_date, 13:00 in London in June.
      ['An old post from the first blog', '2009-06-01T12:00:00Z', []],
    ]);
  });

  it('shows the content as WordPress does: paragraphs, captions, galleries, embeds; no shortcode or block comment', async () => {
    // The posts live on the WordPress site (their permalinks); pages.posts: always republishes them, to look at.
    site = await makeSite({ config: `${await readFile(path.join(REPO, 'tidings.config.yaml'), 'utf8')}\npages:\n  posts: always\n` });
    const imported = await site.run('import', WXR);
    expect(imported.err).toMatch(/harbour\.WordPress\.xml:95: warning: shortcode \[contact-form-7 id="12" title="Say hello"\] is removed/);
    expect((await site.run('build')).code).toBe(0);
    const page = await builtText(site, 'posts/2026/03/mending-nets/index.html');
    expect(page).toContain('<link rel="canonical" href="https://harbour.example.org/2026/03/mending-nets/">');
    expect(page).toContain('<p>The twine comes in on the Tuesday boat.<br />\nNobody unpacks it until the weather turns.</p>');
    expect(page).toContain('<figcaption>The loft, with the south window open</figcaption>');
    expect(page).toContain('<img src="https://harbour.example.org/wp-content/uploads/2026/03/floats.png"');
    expect(page).toContain('<figcaption>The loft above the fish market</figcaption>');
    expect(page).toContain('<a href="https://www.youtube.com/watch?v=abcdefghijk">');
    expect(page).toContain('by Morwenna Penrose');
    expect(page).toContain('nets [sic].');
    const all = await builtText(site, 'posts/2026/03/mending-nets/index.html', 'posts/2026/04/spring-tides/index.html', 'feed.xml', 'atom.xml', 'feed.json');
    expect(all).not.toMatch(/\[caption|\[gallery|\[contact-form|wp:paragraph|<!-- \/?wp:|Not ready|Only for me|An earlier version/);
    expect(all).toContain('The highest tide of the year came at dawn.');
  });

  it('reads the pages too when content.pages is true', async () => {
    const config = (await readFile(path.join(REPO, 'tidings.config.yaml'), 'utf8')).replace(/^content:\n/m, 'content:\n  pages: true\n');
    site = await makeSite({ config });
    const imported = await site.run('import', WXR);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/new 4, .* skipped 6 /);
    expect((await listed(site)).map((p) => p.title)).toContain('About the harbour');
  });
});

/** A WordPress post as WordPress's exporter writes it (an item of a WXR file). */
function wxrItem(id: number, title: string, status = 'publish'): string {
  return `
  <item>
    <title><![CDATA[${title}]]></title>
    <link>https://harbour.example.org/?p=${id}</link>
    <guid isPermaLink="false">https://harbour.example.org/?p=${id}</guid>
    <dc:creator><![CDATA[mpenrose]]></dc:creator>
    <content:encoded><![CDATA[The boats went out at dawn and came back at noon with nothing much.]]></content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>
    <wp:post_id>${id}</wp:post_id>
    <wp:post_date><![CDATA[2026-05-01 09:00:00]]></wp:post_date>
    <wp:post_date_gmt><![CDATA[2026-05-01 08:00:00]]></wp:post_date_gmt>
    <wp:post_name><![CDATA[post-${id}]]></wp:post_name>
    <wp:status><![CDATA[${status}]]></wp:status>
    <wp:post_type><![CDATA[post]]></wp:post_type>
  </item>`;
}

function wxrFile(...items: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Harbour Notes</title>
  <link>https://harbour.example.org</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  ${items.join('\n')}
</channel>
</rss>
`;
}

describe('posts of an export that look alike, or are unpublished later', () => {
  let site: Site;
  afterEach(() => site?.cleanup());

  it('stay two posts when WordPress gave them two ids, though their day and opening words are the same', async () => {
    site = await makeSite();
    const file = await site.write('alike.WordPress.xml', wxrFile(wxrItem(41, 'Morning, first boat'), wxrItem(42, 'Morning, second boat')));
    const imported = await site.run('import', file);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/new 2, updated 0, merged 0/);
    expect((await listed(site)).map((p) => p.title).sort()).toEqual(['Morning, first boat', 'Morning, second boat']);
  });

  it('comes down when a later export has it as a draft or private, and goes back up when it is published again', async () => {
    site = await makeSite();
    const file = await site.write('later.WordPress.xml', wxrFile(wxrItem(41, 'Morning, first boat'), wxrItem(42, 'A second post')));
    expect((await site.run('import', file)).code).toBe(0);
    await site.write('later.WordPress.xml', wxrFile(wxrItem(41, 'Morning, first boat', 'private'), wxrItem(42, 'A second post')));
    const again = await site.run('import', file);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/withdrawn 1/);
    expect((await listed(site)).map((p) => p.title)).toEqual(['A second post']);
    await site.write('later.WordPress.xml', wxrFile(wxrItem(41, 'Morning, first boat'), wxrItem(42, 'A second post')));
    const back = await site.run('import', file);
    expect(back.out).toMatch(/restored 1/);
    expect((await listed(site)).map((p) => p.title).sort()).toEqual(['A second post', 'Morning, first boat']);
  });
});

describe('importing a Ghost export', () => {
  let site: Site;
  afterEach(() => site?.cleanup());

  it('reads the published public posts with their tags, authors, excerpt and images', async () => {
    site = await makeSite();
    const imported = await site.run('import', GHOST);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/new 2, updated 0, merged 0, unchanged 0, rejected 0, skipped 4 /);
    expect(imported.err).toMatch(/info: skipped 1 draft, 1 members-only post and 1 scheduled post/);
    expect(imported.err).toMatch(/info: the page "Visiting the tower" is not a post: skipped/);
    expect((await listed(site)).map((p) => [p.title, p.published, p.tags])).toEqual([
      ['Fog signals, explained', '2026-11-01T10:00:00Z', []],
      ['The lamp is lit again', '2026-10-02T19:45:00Z', ['Lamps', 'Keepers']],
    ]);
    expect((await site.run('build')).code).toBe(0);
    const feed = JSON.parse(await builtText(site, 'feed.json')) as { items: { title: string; summary?: string; content_html: string; authors?: { name: string }[] }[] };
    const lamp = feed.items.find((i) => i.title === 'The lamp is lit again');
    expect(lamp?.summary).toBe('Forty years dark, and now it turns.');
    expect(lamp?.authors?.[0]?.name).toBe('Tamsin Hocking, Peder Quick');
    expect(lamp?.content_html).toMatch(/<img src="https?:\/\/[^"]+\/content\/images\/2026\/10\/lamp\.jpg"/);
    expect(JSON.stringify(feed)).not.toMatch(/__GHOST_URL__|#import-2026|For paying members|Who is on when/);
  });
});
