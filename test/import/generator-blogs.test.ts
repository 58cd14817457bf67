/**
 * A Jekyll blog and a Hugo blog imported as they are, then built: what a
 * newcomer notices first (issue 15). Real CLI, real store, real feeds.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSite, type Site } from '../helpers/site.js';

describe('importing a Jekyll and a Hugo blog as they are', () => {
  let site: Site;
  afterEach(() => site?.cleanup());

  it('keeps the local dates in Europe/London, the tags that name no theme, and says once what it left out', async () => {
    site = await makeSite(); // the demo config: site.timeZone Europe/London
    await site.write(
      'blog/_posts/2011-04-27-harbour-lights.md',
      '---\nlayout: post\ntitle: "Harbour lights"\ndate: 2011-04-27 22:00:00\ncategories: [travel]\ntags: [boats]\ncomments: true\n---\nThe lamps came on along the quay.\n',
    );
    await site.write(
      'blog/_posts/2011-12-02-winter-quay.md',
      '---\nlayout: post\ntitle: Winter quay\ndate: 2011-12-02 9:15\n---\nIce on the bollards.\n',
    );
    await site.write('blog/_posts/2012-01-05-unfinished.md', '---\nlayout: post\ntitle: Unfinished\npublished: false\n---\nNot yet.\n');
    await site.write(
      'blog/content/posts/first-frost.md',
      '+++\nTitle = "First frost"\nDate = 2026-11-25T18:00:00\nTags = ["garden"]\nweight = 2\ndraft = true\n+++\nWhite lawn.\n',
    );
    await site.write(
      'blog/content/posts/kites.md',
      '---\nTitle: Kites over the dunes\nDate: 2026-11-25 18:00\nTags: [kites]\nSlug: kites\ntoc: true\n---\nThe wind held.\n',
    );

    const imported = await site.run('import', 'blog');
    expect(imported.err).not.toMatch(/error:|warning:/);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/new 3, updated 0, merged 0, unchanged 0, rejected 0, skipped 2 \(drafts/);
    const infoLines = imported.err.split('\n').filter((line) => line.includes('front-matter keys not read'));
    expect(infoLines).toEqual([expect.stringMatching(/^blog: info: .*layout \(3 posts\).*comments \(1 post\).*toc \(1 post\).*weight \(1 post\)/)]);
    expect(imported.err).toMatch(/2012-01-05-unfinished\.md:1: info: a draft/);

    const listed = JSON.parse((await site.run('posts', '--json')).out) as { title: string; published: string; url: string; tags: string[] }[];
    expect(listed[2]?.tags).toEqual(['boats', 'travel']);
    expect(listed.map((p) => [p.title, p.published])).toEqual([
      ['Kites over the dunes', '2026-11-25T18:00:00Z'],
      ['Winter quay', '2011-12-02T09:15:00Z'],
      ['Harbour lights', '2011-04-27T21:00:00Z'],
    ]);
    expect(listed[0]?.url).toMatch(/\/posts\/2026\/11\/kites\/$/);
    expect(listed[2]?.url).toMatch(/\/posts\/2011\/04\/harbour-lights\/$/);

    const built = await site.run('build');
    expect(built.code).toBe(0);
    const rss = await readFile(path.join(site.dir, 'out', 'feed.xml'), 'utf8');
    const harbour = rss.slice(rss.indexOf('<title>Harbour lights</title>'));
    const item = harbour.slice(0, harbour.indexOf('</item>'));
    // 22:00 in London in summer, written at the site's offset: the time the post's author wrote.
    expect(item).toContain('<pubDate>Wed, 27 Apr 2011 22:00:00 +0100</pubDate>');
    expect(item).toContain('<category>travel</category>');
    expect(item).toContain('<category>boats</category>');
    const json = JSON.parse(await readFile(path.join(site.dir, 'out', 'feed.json'), 'utf8')) as { items: { title: string; tags?: string[]; date_published: string }[] };
    const kites = json.items.find((i) => i.title === 'Kites over the dunes');
    expect(kites?.tags).toContain('kites');
    const atom = await readFile(path.join(site.dir, 'out', 'atom.xml'), 'utf8');
    expect(atom).toContain('<category term="kites"/>');
  });

  it('lets no Liquid tag or Hugo shortcode reach a feed or a page', async () => {
    site = await makeSite();
    await site.write(
      'blog/_posts/2019-05-01-tags.md',
      '---\ntitle: Tags\ndate: 2019-05-01 08:00\n---\n{% include note.html %}\nSee [the first]({% post_url 2010-07-21-first %}).\n\n{% highlight js %}\nlet a = 1;\n{% endhighlight %}\n',
    );
    await site.write(
      'blog/content/posts/shortcodes.md',
      '+++\ntitle = "Shortcodes"\ndate = 2019-05-02T08:00:00\n+++\n{{% img src="/media/a.jpg" alt="A" %}}\n{{< youtube w7Ft2ymGmfc >}}\n{{% slideshare abc %}}\n',
    );
    const imported = await site.run('import', 'blog');
    expect(imported.code).toBe(0);
    expect(imported.err).toMatch(/2019-05-01-tags\.md:5: warning: template tag \{% include note\.html %\} is removed/);
    expect(imported.err).toMatch(/shortcodes\.md:7: warning: template tag \{\{% slideshare abc %\}\} is removed/);
    expect((await site.run('build')).code).toBe(0);
    const out = path.join(site.dir, 'out');
    const files = (await readdir(out, { recursive: true })).filter((f) => /\.(xml|json|html)$/.test(f));
    const texts = await Promise.all(files.map((f) => readFile(path.join(out, f), 'utf8')));
    expect(files.length).toBeGreaterThan(3);
    for (const text of texts) expect(text).not.toMatch(/\{\{[<%]|\{%/);
    const feed = await readFile(path.join(out, 'feed.xml'), 'utf8');
    expect(feed).toContain('https://www.youtube.com/watch?v=w7Ft2ymGmfc');
    expect(feed).toContain('/media/a.jpg');
  });

  it('imports a post with a stray backspace pasted into it, and still refuses a binary file', async () => {
    site = await makeSite();
    await site.write('blog/content/posts/stray.md', '---\ntitle: Stray\ndate: 2021-01-16\n---\nA sentence with a stray \b backspace.\n');
    await site.write('blog/content/posts/image.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    const imported = await site.run('import', 'blog');
    expect(imported.err).toMatch(/image\.md:\d+: error: binary file/);
    expect(imported.err).not.toMatch(/stray\.md/);
    const listed = JSON.parse((await site.run('posts', '--json')).out) as { title: string }[];
    expect(listed.map((p) => p.title)).toEqual(['Stray']);
  });
});
