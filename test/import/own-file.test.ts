/**
 * Two Markdown files with the same date and the same opening words are two
 * posts (issue 15: a Hugo blog's two posts were merged into one, silently),
 * and no id a store already holds ever changes. Real CLI, real store.
 */
import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSite, REPO, type Site } from '../helpers/site.js';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'markdown', 'same-opening');
/** The ids the code before this change gave these files (a store made by it holds them). */
const OLD_IDS = { harbour: '1214831c20b7690f', linksOne: '7f4b2e081548866c' };

async function copy(site: Site, name: string, to = `blog/content/posts/${name}`): Promise<void> {
  await site.write(to, await readFile(path.join(FIXTURES, name)));
}

async function ids(site: Site): Promise<Record<string, string>> {
  const listed = JSON.parse((await site.run('posts', '--json')).out) as { id: string; title: string }[];
  return Object.fromEntries(listed.map((p) => [p.title, p.id]));
}

describe('a Markdown file is a post of its own', () => {
  let site: Site;
  let other: Site | undefined;
  afterEach(async () => {
    await site?.cleanup();
    await other?.cleanup();
    other = undefined;
  });

  it('keeps two files of one day that open with the same words as two posts, and every stored id as it was', async () => {
    site = await makeSite();
    // A store as the earlier code made it: these ids.
    await copy(site, '2021-03-05-links-one.md');
    await copy(site, 'harbour.md');
    expect((await site.run('import', 'blog')).code).toBe(0);
    expect(await ids(site)).toEqual({ 'Links, part one': OLD_IDS.linksOne, 'Harbour at dawn': OLD_IDS.harbour });

    // The second file arrives: a post of its own with an id of its own; the stored ones keep theirs.
    await copy(site, '2021-03-05-links-two.md');
    const second = await site.run('import', 'blog');
    expect(second.out).toMatch(/new 1, updated 0, merged 0, unchanged 2/);
    const after = await ids(site);
    expect(after['Links, part one']).toBe(OLD_IDS.linksOne);
    expect(after['Harbour at dawn']).toBe(OLD_IDS.harbour);
    const two = after['Links, part two'];
    expect(two).toMatch(/^[0-9a-f]{16}$/);
    expect(two).not.toBe(OLD_IDS.linksOne);

    // Both edited: each update finds its own post.
    for (const name of ['2021-03-05-links-one.md', '2021-03-05-links-two.md']) {
      const file = path.join(site.dir, 'blog/content/posts', name);
      await site.write(`blog/content/posts/${name}`, `${await readFile(file, 'utf8')}- One more link\n`);
    }
    const edited = await site.run('import', 'blog');
    expect(edited.out).toMatch(/new 0, updated 2, merged 0/);
    expect(await ids(site)).toEqual(after);

    // A file moved to another folder keeps its post and its id, as before.
    await rename(path.join(site.dir, 'blog/content/posts/harbour.md'), path.join(site.dir, 'blog/content/notes-harbour.md'));
    const moved = await site.run('import', 'blog');
    expect(moved.out).toMatch(/new 0/);
    expect(await ids(site)).toEqual(after);

    // A store made again from the same files, all at once, gives the same ids.
    other = await makeSite();
    for (const name of ['2021-03-05-links-two.md', '2021-03-05-links-one.md', 'harbour.md']) await copy(other, name);
    const fresh = await other.run('import', 'blog');
    expect(fresh.out).toMatch(/new 3, updated 0, merged 0/);
    const again = await ids(other);
    expect(again).toEqual({ 'Links, part one': OLD_IDS.linksOne, 'Links, part two': two, 'Harbour at dawn': OLD_IDS.harbour });
  });

  it('still joins the same post met in a Markdown file and in a plain-text export', async () => {
    site = await makeSite();
    await copy(site, 'harbour.md');
    await site.write('blog/export.txt', '6 March 2021\n\nHarbour at dawn\n\nThe boats went out before the light.\n');
    const imported = await site.run('import', 'blog');
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/new 1, updated 0, merged 1/);
    expect(Object.values(await ids(site))).toEqual([OLD_IDS.harbour]);
  });
});
