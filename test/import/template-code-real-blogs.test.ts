/**
 * Template code the held-out real blogs of issue 15 still let through:
 * Liquid tags written over several lines, a line that starts with inline
 * triple-backtick code (not a fence by CommonMark's rule), a bare Hugo
 * `relref` in running text, and an Eleventy `{% ref %}` link. Real CLI,
 * real store, real build.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSite, type Site } from '../helpers/site.js';

async function outputs(site: Site): Promise<string[]> {
  const out = path.join(site.dir, 'out');
  const files = (await readdir(out, { recursive: true })).filter((f) => /\.(xml|json|html)$/.test(f));
  return Promise.all(files.map((f) => readFile(path.join(out, f), 'utf8')));
}

describe('template code in real blogs', () => {
  let site: Site;
  afterEach(() => site?.cleanup());

  it('removes a Liquid tag written over several lines, warning at the line where it starts, like the one-line form', async () => {
    site = await makeSite();
    await site.write(
      'blog/_posts/2022-01-16-screen-time.md',
      [
        '---',
        'title: Screen time',
        'date: 2022-01-16 10:00',
        '---',
        'The weekly report came in.',
        '',
        '{% include figure.html',
        '    source="screen-time.png"',
        '    caption="A week of it"',
        '%}',
        '',
        'Then {%',
        '  include aside.html text="short" %} and more.',
        '',
        '{% include note.html %}',
        '',
        'After the figure.',
        '',
      ].join('\n'),
    );
    const imported = await site.run('import', 'blog');
    expect(imported.code).toBe(0);
    expect(imported.err).toMatch(/2022-01-16-screen-time\.md:7: warning: template tag \{% include figure\.html source="screen-time\.png" caption="A week of it" %\} is removed/);
    expect(imported.err).toMatch(/2022-01-16-screen-time\.md:12: warning: template tag \{% include aside\.html text="short" %\} is removed/);
    expect(imported.err).toMatch(/2022-01-16-screen-time\.md:15: warning: template tag \{% include note\.html %\} is removed/);
    expect((await site.run('build')).code).toBe(0);
    const texts = await outputs(site);
    for (const text of texts) expect(text).not.toMatch(/\{%|source=|caption=/);
    const feed = await readFile(path.join(site.dir, 'out', 'feed.xml'), 'utf8');
    expect(feed).toContain('After the figure.');
    expect(feed).toContain('and more.');
  });

  it('keeps reading shortcodes after a line that starts with inline ```code``` (not a fence), and resolves a bare relref to the post', async () => {
    site = await makeSite();
    await site.write(
      'blog/content/posts/a.md',
      [
        '+++',
        'title = "Clocks"',
        'date = 2019-05-02T08:00:00',
        '+++',
        '```DateTime.Now``` returns the local time.',
        '',
        '{{< youtube w7Ft2ymGmfc >}}',
        '',
        'More in {{< relref "b.md" >}}, and [the same]({{< relref "b.md" >}}).',
        '',
        'Gone: {{< relref "gone.md" >}}.',
        '',
        '~~~ info with ``` backticks is a fence',
        '{{< youtube kept >}}',
        '~~~',
        '',
        'Edit CLAUDE.md, run setup.py, and see example.com.',
        '',
      ].join('\n'),
    );
    await site.write('blog/content/posts/b.md', '+++\ntitle = "Calendars"\ndate = 2019-05-01T08:00:00\n+++\nDays and weeks.\n');
    const imported = await site.run('import', 'blog');
    expect(imported.code).toBe(0);
    expect(imported.err).not.toMatch(/warning/);
    const built = await site.run('build');
    expect(built.code).toBe(0);
    expect(built.err).toMatch(/a\.md:11: link "gone\.md" resolves to no file and no imported post/);

    const listed = JSON.parse((await site.run('posts', '--json')).out) as { title: string; url: string }[];
    const b = listed.find((p) => p.title === 'Calendars')?.url ?? '';
    expect(b).toMatch(/^http:\/\/.*\/calendars\/$/);
    const feed = await readFile(path.join(site.dir, 'out', 'feed.xml'), 'utf8');
    const item = feed.slice(feed.indexOf('<title>Clocks</title>'));
    const clocks = item.slice(0, item.indexOf('</item>'));
    expect(clocks).toContain('https://www.youtube.com/watch?v=w7Ft2ymGmfc');
    expect(clocks).toContain('&lt;code&gt;DateTime.Now&lt;/code&gt;');
    // The bare one shows the address it links to; the one in a link keeps its text.
    expect(clocks).toContain(`&lt;a href="${b}"&gt;${b}&lt;/a&gt;`);
    expect(clocks).toContain(`&lt;a href="${b}"&gt;the same&lt;/a&gt;`);
    // Unresolvable: plain text, never a link to a host named b.md or gone.md.
    expect(clocks).toContain('Gone: gone.md.');
    expect(clocks).not.toMatch(/https?:\/\/(?:b|gone)\.md/);
    // A file name in running text is no site: linked only where it is a real address.
    expect(clocks).not.toMatch(/https?:\/\/(?:claude\.md|setup\.py)/i);
    expect(clocks).toContain('&lt;a href="http://example.com/"&gt;example.com&lt;/a&gt;');
    // A tilde fence may hold backticks in its info string: what is inside it stays code, as written.
    expect(clocks).toContain('{{&amp;lt; youtube kept &amp;gt;}}');
  });

  it("resolves an Eleventy {% ref %} link to the post it names, anchor kept, instead of leaving an <a> without href", async () => {
    site = await makeSite();
    await site.write('blog/src/blog/2023/2023-07-12-first.md', '---\ntitle: First part\ndate: 2023-07-12\n---\nHow it began.\n\n## Values\n\nNumbers.\n');
    await site.write(
      'blog/src/blog/2023/2023-07-30-third.md',
      '---\ntitle: Third part\ndate: 2023-07-30\n---\nAs seen in [part one]( {% ref "2023-07-12-first.markdown" %}#values ), and [a lost one]( {% ref "nowhere.md" %} ).\n',
    );
    // Eleventy's data files among the posts (a page's own, a folder's) are no feeds: the walk leaves them out.
    await site.write('blog/src/blog/2023/2023-07-12-first.json', '{"comments": {"count": 3}}');
    await site.write('blog/src/blog/2023/2023-07-30-third.11tydata.json', '{"layout": "post"}');
    await site.write('blog/src/blog/blog.json', '{"tags": ["posts"]}');
    const imported = await site.run('import', 'blog');
    expect(imported.err).not.toMatch(/error|json/i);
    expect(imported.code).toBe(0);
    const built = await site.run('build');
    expect(built.err).toMatch(/2023-07-30-third\.md:5: link "nowhere\.md" resolves to no file/);
    const listed = JSON.parse((await site.run('posts', '--json')).out) as { title: string; url: string }[];
    const first = listed.find((p) => p.title === 'First part')?.url ?? '';
    const texts = await outputs(site);
    for (const text of texts) expect(text).not.toMatch(/&lt;a&gt;|<a>/);
    const feed = await readFile(path.join(site.dir, 'out', 'feed.xml'), 'utf8');
    expect(feed).toContain(`&lt;a href="${first}#values"&gt;part one&lt;/a&gt;`);
  });
});
