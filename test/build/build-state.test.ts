import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/build/index.js';
import type { BuildOptions } from '../../src/build/index.js';
import type { Store } from '../../src/store/store.js';
import { makeConfig, makePost, makePosts } from '../feeds/fixtures.js';
import { makeSite, type Site } from '../helpers/site.js';
import { addPosts, collectingLog, storeWith, tempDir } from './helpers.js';

/** The store, counting how often the build reads its posts. */
function counting(store: Store): { store: Store; reads: () => number } {
  let reads = 0;
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'listPosts') reads++;
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: wrapped, reads: () => reads };
}

describe('a build that finds nothing it reads changed', () => {
  let inner: Store;
  let cleanup: () => Promise<void>;
  let options: BuildOptions;
  let reads: () => number;
  const now = new Date(Date.parse(makePost(40).published) + 1000);

  beforeEach(async () => {
    const tmp = await tempDir();
    cleanup = tmp.cleanup;
    // 40 posts, and one scheduled a day after the build's time.
    inner = await storeWith([...makePosts(40), makePost(41)]);
    const c = counting(inner);
    reads = c.reads;
    options = { store: c.store, config: makeConfig(), outDir: path.join(tmp.dir, 'out'), now };
  });
  afterEach(async () => {
    await inner.close();
    await cleanup();
  });

  it('reads no post and reports what the last build did', async () => {
    const first = await buildSite(options);
    const before = reads();
    const { log, lines } = collectingLog();
    const again = await buildSite({ ...options, log });
    expect(reads()).toBe(before);
    expect(again.written).toEqual([]);
    expect(again.unchanged).toEqual([...first.written].sort());
    expect({ posts: again.posts, scheduled: again.scheduled, problems: again.problems }).toEqual({ posts: 40, scheduled: 1, problems: first.problems });
    expect(lines.at(-1)?.message).toMatch(/^40 posts \(1 scheduled left out until their date\): 0 files written, \d+ unchanged, 0 feeds changed .*nothing it reads has changed since the last build$/);
  });

  it('plans again when the store changes, when time reaches a scheduled post, and when a file is not as recorded', async () => {
    await buildSite(options);
    let before = reads();
    await addPosts(inner, [makePost(20, { title: 'Edited' })]);
    expect((await buildSite(options)).written).toContain('posts/2013/01/post-number-20/index.html');
    expect(reads()).toBeGreaterThan(before);

    before = reads();
    const later = { ...options, now: new Date(Date.parse(makePost(41).published)) };
    expect((await buildSite(later)).written).toContain('posts/2013/02/post-number-41/index.html');
    expect(reads()).toBeGreaterThan(before);

    await buildSite(later);
    before = reads();
    const page = path.join(options.outDir, 'posts/2013/01/post-number-3/index.html');
    const original = await readFile(page, 'utf8');
    await import('node:fs/promises').then((fs) => fs.writeFile(page, 'edited by hand'));
    expect((await buildSite(later)).written).toEqual(['posts/2013/01/post-number-3/index.html']);
    expect(await readFile(page, 'utf8')).toBe(original);
    expect(reads()).toBeGreaterThan(before);
  });

  it('keeps no state when the store moved while it built: the next build plans again', async () => {
    let version = 0;
    const moving: Store = new Proxy(options.store, {
      get(target, prop, receiver) {
        // Each call sees another version, as if an import committed in the middle of every build.
        if (prop === 'contentVersion') return async () => String(version++);
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    await buildSite({ ...options, store: moving });
    const before = reads();
    await buildSite(options);
    expect(reads()).toBeGreaterThan(before);
  });
});

describe('a build from the posts its caller holds (the preview)', () => {
  it('renders that list without reading the store, and keeps no state the next build could take as nothing changed', async () => {
    const tmp = await tempDir();
    const inner = await storeWith(makePosts(12));
    try {
      const c = counting(inner);
      const now = new Date(Date.parse(makePost(12).published) + 1000);
      const options: BuildOptions = { store: c.store, config: makeConfig(), outDir: path.join(tmp.dir, 'out'), now };
      const stored = await inner.listPosts();
      // The list as the preview holds it after an import it ran: one post edited there, the store not read again.
      const listed = stored.map((post) => (post.id === makePost(5).id ? { ...post, title: 'Edited in the preview' } : post));
      const before = c.reads();
      await buildSite({ ...options, listed });
      const page = path.join(options.outDir, 'posts/2013/01/post-number-5/index.html');
      expect(await readFile(page, 'utf8')).toContain('Edited in the preview');
      // Only the withdrawn posts are asked for (their tombstones): never the list itself.
      expect(c.reads() - before).toBe(1);

      // A build from the store itself plans again (the store says what is current), and puts the store's title back.
      const { log, lines } = collectingLog();
      const again = await buildSite({ ...options, log });
      expect(again.written).toContain('posts/2013/01/post-number-5/index.html');
      expect(await readFile(page, 'utf8')).not.toContain('Edited in the preview');
      expect(lines.at(-1)?.message).not.toMatch(/nothing it reads has changed/);
    } finally {
      await inner.close();
      await tmp.cleanup();
    }
  });
});

describe('tidings build, twice, with files that posts link to', () => {
  let site: Site;
  afterEach(() => site?.cleanup());

  const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

  beforeEach(async () => {
    site = await makeSite({ config: 'site:\n  title: Notes\n  baseUrl: https://notes.example/\n  timeZone: UTC\ncontent:\n  paths: [blog/_posts]\n' });
    await site.write('blog/_config.yml', 'title: Notes\n');
    await site.write('blog/assets/boat.png', PNG);
    await site.write('blog/_posts/2019-07-30-quay.md', '---\ntitle: The quay\n---\nRopes.\n\n![A boat](/assets/boat.png)\n![Later](/assets/later.png)\n');
    expect((await site.run('import')).code).toBe(0);
    expect((await site.run('build')).code).toBe(0);
  });

  it('says the same again when nothing changed, warnings included', async () => {
    const again = await site.run('build');
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/0 files written, \d+ unchanged, 0 feeds changed .*nothing it reads has changed/);
    expect(again.err).toMatch(/image "\/assets\/later\.png" resolves to no file/);
  });

  it('copies an image again when it changed, and one that appeared', async () => {
    const boat = Buffer.concat([PNG, Buffer.from('00', 'hex')]);
    await site.write('blog/assets/boat.png', boat);
    await site.write('blog/assets/later.png', PNG);
    const again = await site.run('build');
    expect(again.code).toBe(0);
    expect(again.err).not.toMatch(/later\.png/);
    expect(await readFile(path.join(site.dir, 'out', 'assets', 'boat.png'))).toEqual(boat);
    expect(await readFile(path.join(site.dir, 'out', 'assets', 'later.png'))).toEqual(PNG);
  });
});
