import { open, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSite, type Site } from '../helpers/site.js';

const GOOD_MD = '---\ntitle: A good post\ndate: 2019-08-01\n---\nThis one lands whatever the others do.\n';

async function postTitles(site: Site): Promise<string[]> {
  const r = await site.run('posts', '--json');
  return (JSON.parse(r.out) as { title: string }[]).map((p) => p.title);
}

describe('bad input: each problem is named by file and line, the rest lands, exit code 2', () => {
  let site: Site;
  afterEach(() => site?.cleanup());

  it('reports a path that does not exist', async () => {
    site = await makeSite();
    await site.write('content/posts/good.md', GOOD_MD);
    const r = await site.run('import', 'content/posts', 'no/such/folder');
    expect(r.code).toBe(2);
    expect(r.err).toContain('no/such/folder: error: cannot read: no such file or folder');
    expect(await postTitles(site)).toEqual(['A good post']);
  });

  it('reports an unreadable file (a symbolic link that loops), and imports the rest', async () => {
    site = await makeSite();
    await site.write('content/posts/good.md', GOOD_MD);
    await symlink('loop.md', path.join(site.dir, 'content/loop.md'));
    const r = await site.run('import', 'content/posts', 'content/loop.md');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/content\/loop\.md: error: cannot read: .*(symbolic links|ELOOP)/);
    expect(await postTitles(site)).toEqual(['A good post']);
  });

  it('reports a binary file, broken front matter, an invalid date and an empty file, each at its line', async () => {
    site = await makeSite();
    await site.write('content/posts/good.md', GOOD_MD);
    await site.write('content/posts/image.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    await site.write('content/posts/broken.md', '---\ntitle: Broken\ndate: 2019-08-02\ntags: [a, b\n---\nBody.\n');
    await site.write('content/posts/baddate.md', '---\ntitle: Bad date\ndate: 2019-02-31\n---\nBody.\n');
    await site.write('content/imports/empty.txt', '');
    await site.write('content/imports/baddate.txt', 'Monday, 31 February 2019\n\nA title\n\nA body.\n\nFriday, 2 August 2019\n\nA fine post\n\nThat lands.\n');
    const r = await site.run('import', 'content');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/content\/posts\/image\.md:\d+: error: binary file/);
    expect(r.err).toMatch(/content\/posts\/broken\.md:[45]: error: /);
    expect(r.err).toMatch(/content\/posts\/baddate\.md:3: error: .*2019-02-31/);
    expect(r.err).toMatch(/content\/imports\/empty\.txt: error: empty file/);
    expect(r.err).toMatch(/content\/imports\/baddate\.txt:1: error: /);
    expect(r.out).toMatch(/new 2, updated 0, merged 0, unchanged 0, rejected 5/);
    expect((await postTitles(site)).sort()).toEqual(['A fine post', 'A good post']);
  });

  it('refuses a 50 MB file without reading it, and imports the rest', async () => {
    site = await makeSite();
    await site.write('content/posts/good.md', GOOD_MD);
    const big = path.join(site.dir, 'content/imports/huge.txt');
    await site.write('content/imports/huge.txt', '');
    const handle = await open(big, 'r+');
    await handle.truncate(50 * 1024 * 1024);
    await handle.close();
    const r = await site.run('import', 'content');
    expect(r.code).toBe(2);
    expect(r.err).toContain('content/imports/huge.txt: error: file is 50.0 MB, larger than the 32.0 MB limit');
    expect(await postTitles(site)).toEqual(['A good post']);
  });

  it('keeps what was stored when a later import is all bad', async () => {
    site = await makeSite();
    await site.write('content/posts/good.md', GOOD_MD);
    expect((await site.run('import', 'content')).code).toBe(0);
    await site.write('content/posts/good.md', '---\ntitle: [broken\n---\n');
    const r = await site.run('import', 'content');
    expect(r.code).toBe(2);
    expect(await postTitles(site)).toEqual(['A good post']);
  });

  it('names the key and what is allowed when the config is wrong, and exits 2', async () => {
    site = await makeSite({ config: 'site:\n  title: x\n  baseURL: https://example.org/\n' });
    const r = await site.run('posts');
    expect(r.code).toBe(2);
    expect(r.err).toContain('tidings.config.yaml:3: error: unknown key "baseURL" in site (allowed: title, description, baseUrl, author, language, timeZone');
  });

  it('exits 2 on an unknown command or option', async () => {
    site = await makeSite();
    expect((await site.run('imprt')).code).toBe(2);
    expect((await site.run('posts', '--jsn')).code).toBe(2);
  });
});
