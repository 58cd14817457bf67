import { readFile, rename, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSite, REPO, type Site } from '../helpers/site.js';

interface Expected {
  posts: { date: string; title: string | null; files: string[] }[];
}
const expected = JSON.parse(await readFile(path.join(REPO, 'test/fixtures/seed-posts.json'), 'utf8')) as Expected;

interface Listed {
  id: string;
  published: string;
  title: string;
  title_derived: boolean;
  themes: string[];
  url: string;
  sources: { file: string; format: string; line: number }[];
}

const londonDate = (iso: string): string => new Date(iso).toLocaleDateString('en-CA', { timeZone: 'Europe/London' });

async function listPosts(site: Site): Promise<Listed[]> {
  const r = await site.run('posts', '--json');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Listed[];
}

describe('importing the demo blog export (content/imports)', () => {
  let site: Site;
  afterEach(() => site?.cleanup());

  it('stores every post of the export exactly once, with real or derived titles', async () => {
    site = await makeSite({ seeds: true });
    const r = await site.run('import', 'content/imports');
    expect(r.code, r.err).toBe(0);
    const posts = await listPosts(site);

    const got = posts.map((p) => ({
      date: londonDate(p.published),
      title: p.title_derived ? null : p.title,
      files: [...new Set(p.sources.map((s) => path.basename(s.file)))].sort(),
    }));
    const want = expected.posts.map((p) => ({ ...p, files: [...p.files].sort() }));
    expect(got).toEqual(want);
    expect(new Set(posts.map((p) => p.id)).size).toBe(posts.length);
    expect(new Set(posts.map((p) => p.url)).size).toBe(posts.length);
  });

  it('keeps the second and third posts under one date in the order the export lists them', async () => {
    site = await makeSite({ seeds: true });
    await site.run('import', 'content/imports');
    const titles = (await listPosts(site)).filter((p) => londonDate(p.published) === '2014-08-14').map((p) => p.title);
    expect(titles).toEqual(['The Probation Service and Child Protection', 'Care Proceedings – an all time high', 'The title says it all...']);
  });

  it('merges the three posts shared by 000 and 002, keeping the real title, the repaired text and every link', async () => {
    site = await makeSite({ seeds: true });
    const r = await site.run('import', 'content/imports');
    expect(r.out).toMatch(/new 31, updated 0, merged 3, unchanged 0, rejected 0/);
    const posts = await listPosts(site);
    const shared = posts.filter((p) => p.sources.length > 1);
    expect(shared.map((p) => p.title)).toEqual([
      'More on the privatisation of the probation service: a model of how not to ‘reform’ child protection',
      'Disappearing Health Visitors',
      'Northamptonshire!',
    ]);
    for (const p of shared) expect(p.sources.map((s) => path.basename(s.file)).sort()).toEqual(['000_b2b273fd7784fcdb.txt', '002_52eae7dd46ba12e6.txt']);

    const full = await site.run('posts', '--json');
    expect(full.out).not.toContain('├');
    const northants = shared[2]!;
    const { openSqliteStore } = await import('../../src/store/sqlite/index.js');
    const store = await openSqliteStore(path.join(site.dir, '.tidings/tidings.db'));
    const post = await store.getPost(northants.id);
    const probation = await store.getPost(shared[0]!.id);
    await store.close();
    expect(post?.titleDerived).toBe(false);
    expect(post?.html).toContain('href="https://www.bmj.com/content/320/7237/768"');
    expect(probation?.text).toContain('Cécile Guillaume');
  });

  it('changes nothing on a second import of the same files', async () => {
    site = await makeSite({ seeds: true });
    await site.run('import', 'content/imports');
    const before = await listPosts(site);
    const again = await site.run('import', 'content/imports');
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/0 file\(s\) read, 5 unchanged file\(s\) skipped/);
    expect(again.out).toMatch(/new 0, updated 0, merged 0, unchanged 34, rejected 0/);
    expect(await listPosts(site)).toEqual(before);
  });

  it('gives the same ids and posts whatever order the files are imported in', async () => {
    site = await makeSite({ seeds: true });
    await site.run('import', 'content/imports');
    const forwards = await listPosts(site);
    await site.cleanup();

    site = await makeSite({ seeds: true });
    const files = (await readdir(path.join(site.dir, 'content/imports'))).sort().reverse();
    for (const f of files) expect((await site.run('import', `content/imports/${f}`)).code).toBe(0);
    const backwards = await listPosts(site);
    expect(backwards).toEqual(forwards);
  });

  it('keeps a post\'s id and URL when its file is edited, and moves `updated`', async () => {
    site = await makeSite({ seeds: true });
    await site.run('import', 'content/imports');
    const before = (await listPosts(site)).find((p) => p.title === 'Child Spies')!;
    const file = path.join(site.dir, 'content/imports/004_4b26b8ab48fb3d23.txt');
    const text = await readFile(file, 'utf8');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file + '.tmp', text.replace('It is sickening.', 'It is sickening. I said so to my MP.'));
    await rename(file + '.tmp', file);
    const r = await site.run('import', 'content/imports');
    expect(r.out).toMatch(/new 0, updated 1, merged 0, unchanged 33, rejected 0/);
    const after = (await listPosts(site)).find((p) => p.title === 'Child Spies')!;
    expect(after.id).toBe(before.id);
    expect(after.url).toBe(before.url);
    const { openSqliteStore } = await import('../../src/store/sqlite/index.js');
    const store = await openSqliteStore(path.join(site.dir, '.tidings/tidings.db'));
    const post = await store.getPost(after.id);
    await store.close();
    expect(post?.text).toContain('I said so to my MP.');
    expect(post!.updated > post!.published).toBe(true);
  });
});
