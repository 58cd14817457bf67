/**
 * Links and images where they belong (issue 15, item 3), end to end through
 * the CLI: a Jekyll blog and a Hugo blog with page bundles, imported as
 * they are, then built.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSite, type Site } from '../helpers/site.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const JPG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');

const config = (baseUrl: string): string => `site:
  title: Harbour notes
  baseUrl: ${baseUrl}
  timeZone: UTC
content:
  paths: [blog/_posts, hugo/content]
email:
  from: Harbour notes <notes@harbournotes.org>
  postalAddress: 1 Quay Street, Harbourtown
`;

async function writeBlogs(site: Site): Promise<void> {
  await site.write('blog/_config.yml', 'title: Harbour notes\n');
  await site.write('blog/assets/boat.png', PNG);
  await site.write(
    'blog/_posts/2019-07-30-quay.md',
    [
      '---',
      'title: The quay',
      '---',
      'Ropes and nets.',
      '',
      '![A boat]({{ site.baseurl }}/assets/boat.png)',
      '![Missing](missing.png)',
      '',
      'The [gulls]({% post_url 2019-07-31-gulls %}) came later; see [the notes](#notes) and [elsewhere](https://other.example/x).',
      '',
    ].join('\n'),
  );
  await site.write('blog/_posts/2019-07-31-gulls.md', '---\ntitle: Gulls\n---\nLoud ones. Back to [the quay](2019-07-30-quay.md), or [the kites](/posts/2019/07/kites/).\n');
  await site.write('hugo/hugo.toml', 'title = "Kites"\n');
  await site.write('hugo/content/posts/kites/kite.jpg', JPG);
  await site.write(
    'hugo/content/posts/kites/index.md',
    '+++\ntitle = "Kites"\ndate = 2019-07-29T10:00:00Z\n+++\nThe wind held.\n\n![A kite](kite.jpg)\n\nLike [the frost]({{< ref "frost.md" >}}) and [no such page]({{< relref "/posts/nowhere" >}}).\n',
  );
  // Written from the site's root, as a Hugo site with canonifyURLs or a <base href> allows: the file is in static/.
  await site.write('hugo/static/images/leaf.jpg', JPG);
  await site.write('hugo/content/posts/frost.md', '+++\ntitle = "Frost"\ndate = 2019-07-28T10:00:00Z\n+++\nWhite lawn.\n\n![A leaf](images/leaf.jpg)\n');
}

describe('links and images in Markdown posts', () => {
  let site: Site;
  afterEach(() => site?.cleanup());

  it('resolve against the post: images copied beside its page, links to other posts at their addresses, the rest a warning with file:line', async () => {
    site = await makeSite({ config: config('https://blog.example/') });
    await writeBlogs(site);
    const imported = await site.run('import');
    expect(imported.code, imported.err).toBe(0);
    expect(imported.err).not.toMatch(/post_url|ref/);
    const built = await site.run('build');
    expect(built.code, built.err).toBe(0);
    const out = path.join(site.dir, 'out');

    // Images the source folders hold are in the output, beside the page that uses them.
    expect(await readFile(path.join(out, 'assets', 'boat.png'))).toEqual(PNG);
    expect(await readFile(path.join(out, 'posts', '2019', '07', 'kites', 'kite.jpg'))).toEqual(JPG);
    expect(await readFile(path.join(out, 'images', 'leaf.jpg'))).toEqual(JPG);

    const rss = await readFile(path.join(out, 'feed.xml'), 'utf8');
    expect(rss).toContain('src="https://blog.example/assets/boat.png"');
    expect(rss).toContain('src="https://blog.example/posts/2019/07/kites/kite.jpg"');
    expect(rss).toContain('src="https://blog.example/images/leaf.jpg"');
    // post_url, ref and a link to a post's file point at that post's address.
    expect(rss).toContain('href="https://blog.example/posts/2019/07/gulls/"');
    expect(rss).toContain('href="https://blog.example/posts/2019/07/quay/"');
    expect(rss).toContain('href="https://blog.example/posts/2019/07/frost/"');
    expect(rss).toContain('href="https://other.example/x"');
    const page = await readFile(path.join(out, 'posts', '2019', '07', 'kites', 'index.html'), 'utf8');
    expect(page).toContain('src="https://blog.example/posts/2019/07/kites/kite.jpg"');

    const warnings = built.err.split('\n').filter((l) => l.startsWith('warning:'));
    expect(warnings).toEqual([
      expect.stringMatching(/^warning: blog\/_posts\/2019-07-30-quay\.md:7: image "missing\.png" resolves to no file and no imported post/),
      expect.stringMatching(/^warning: hugo\/content\/posts\/kites\/index\.md:9: link "\/posts\/nowhere" resolves to no file/),
    ]);
    expect(built.out).toMatch(/relative links and images in Markdown posts: 9: 4 to other posts, 3 to files \(3 copied beside their pages\), 2 resolve to nothing/);
  });

  it('follow the post when the base URL changes', async () => {
    site = await makeSite({ config: config('https://blog.example/') });
    await writeBlogs(site);
    await site.run('import');
    await site.run('build');
    await site.write('tidings.config.yaml', config('https://news.example/harbour/'));
    const built = await site.run('build');
    expect(built.out).toMatch(/^4 addresses moved/m);
    const out = path.join(site.dir, 'out');
    const rss = await readFile(path.join(out, 'feed.xml'), 'utf8');
    expect(rss).toContain('src="https://news.example/harbour/posts/2019/07/kites/kite.jpg"');
    expect(rss).toContain('href="https://news.example/harbour/posts/2019/07/gulls/"');
    // A root-relative image is the site's: below the new base, and copied there.
    expect(rss).toContain('src="https://news.example/harbour/assets/boat.png"');
    expect(await readFile(path.join(out, 'assets', 'boat.png'))).toEqual(PNG);
    // A link written as another post's address on the site follows that post.
    expect(rss).toContain('href="https://news.example/harbour/posts/2019/07/kites/"');
    expect(rss).not.toContain('blog.example');
  });
});
