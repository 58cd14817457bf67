/**
 * Smaller faults the held-out real blogs of issue 15 found: a Jekyll date
 * with a space before its `T`, a front-matter date that is not one (Jekyll
 * then dates the post by its file name), a draft with no date, a feed
 * item dated Go's zero time (what Hugo writes for an undated page), and a
 * Ghost post's shortcode removed without a word. Real CLI, real store.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSite, REPO, type Site } from '../helpers/site.js';

interface Listed {
  title: string;
  published: string;
}

async function listed(site: Site): Promise<Listed[]> {
  return JSON.parse((await site.run('posts', '--json')).out) as Listed[];
}

describe('dates and drafts as real blogs write them', () => {
  let site: Site;
  afterEach(() => site?.cleanup());

  it('reads a space before T, dates a post by its file name when its date is unusable (with a warning), and skips an undated draft', async () => {
    site = await makeSite();
    await site.write('blog/_posts/2019-09-29-spaced.md', '---\ntitle: Spaced\ndate: 2019-09-29 T18:00:00-07:00\n---\nEvening.\n');
    await site.write('blog/_posts/2019-10-02-noonish.md', '---\ntitle: Noonish\ndate: 2019-10-02 around noon\n---\nLunch.\n');
    await site.write('blog/_drafts/half-written.md', '---\ntitle: Half written\ndraft: true\n---\nSome day.\n');
    await site.write('blog/content/posts/unpublished.md', '---\ntitle: Held back\npublished: false\n---\nNot yet.\n');
    await site.write('blog/content/posts/undated.md', '---\ntitle: Undated\n---\nNo date at all.\n');
    const imported = await site.run('import', 'blog');
    expect(imported.err).toMatch(/2019-10-02-noonish\.md:3: warning: date "2019-10-02 around noon" is not a valid date; the date in the file name, 2019-10-02, is used/);
    expect(imported.err).toMatch(/half-written\.md:1: info: a draft/);
    expect(imported.err).toMatch(/unpublished\.md:1: info: a draft/);
    // A post that is no draft still needs a date.
    expect(imported.err).toMatch(/undated\.md:\d+: error: front matter has no date/);
    expect(imported.out).toMatch(/new 2, updated 0, merged 0, unchanged 0, rejected 1, skipped 2/);
    expect((await listed(site)).map((p) => [p.title, p.published])).toEqual([
      ['Noonish', '2019-10-01T23:00:00Z'],
      ['Spaced', '2019-09-30T01:00:00Z'],
    ]);
  });

  it('reads a feed date of year 0001 as no date: the item is skipped with a warning, or dated by its other date', async () => {
    site = await makeSite();
    await site.write(
      'feeds/hugo.xml',
      `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Dunes</title><link>https://dunes.example/</link>
<item><title>About</title><link>https://dunes.example/about/</link><guid>https://dunes.example/about/</guid>
<pubDate>Mon, 01 Jan 0001 00:00:00 +0000</pubDate><description>Who writes here.</description></item>
<item><title>Tracks</title><link>https://dunes.example/tracks/</link><guid>https://dunes.example/tracks/</guid>
<pubDate>Sat, 06 Jan 2018 08:00:00 +0000</pubDate><description>Tracks in the sand.</description></item>
</channel></rss>
`,
    );
    await site.write(
      'feeds/hugo.json',
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'Dunes',
        items: [
          { id: 'tags', title: 'Tags', date_published: '0001-01-01T00:00:00Z', content_text: 'All the tags.' },
          { id: 'grass', title: 'Marram grass', date_published: '0001-01-01T00:00:00Z', date_modified: '2018-01-07T09:00:00Z', content_text: 'It holds the dune.' },
        ],
      }),
    );
    const imported = await site.run('import', 'feeds');
    expect(imported.code).toBe(0);
    expect(imported.err).toMatch(/hugo\.xml:3: warning: item 1 \("About"\) has no date but "Mon, 01 Jan 0001 00:00:00 \+0000", Go's zero time .* and is skipped/);
    expect(imported.err).toMatch(/hugo\.json:\d+: warning: item 1 \("Tags"\) has no date but "0001-01-01T00:00:00Z".* and is skipped/);
    expect(imported.err).toMatch(/hugo\.json:\d+: warning: item 2 \("Marram grass"\) has the date "0001-01-01T00:00:00Z", Go's zero time .*: read as no date/);
    expect((await listed(site)).map((p) => [p.title, p.published])).toEqual([
      ['Marram grass', '2018-01-07T09:00:00Z'],
      ['Tracks', '2018-01-06T08:00:00Z'],
    ]);
  });

  it("warns about a Ghost post's shortcode it removes, naming the post and its line", async () => {
    site = await makeSite();
    const imported = await site.run('import', path.join(REPO, 'test', 'fixtures', 'ghost', 'moved-from-wordpress.ghost.json'));
    expect(imported.code).toBe(0);
    expect(imported.err).toMatch(/moved-from-wordpress\.ghost\.json:8: warning: post 1 \("Opening hours"\): shortcode \[contact-form-7 id="12" title="Ask us"\] is removed/);
    // [caption] is rendered, not removed.
    expect(imported.err).not.toMatch(/shortcode \[caption/);
    expect((await site.run('build')).code).toBe(0);
  });
});
