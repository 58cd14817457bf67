import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/build/index.js';
import { entryId } from '../../src/feeds/index.js';
import type { Store } from '../../src/store/store.js';
import { makeConfig, makePost, makePosts } from '../feeds/fixtures.js';
import { readItems } from '../feeds/read-feeds.js';
import { addPosts, collectingLog, listFiles, mtimes, storeWith, tempDir } from './helpers.js';

let outDir: string;
let cleanup: () => Promise<void>;
let store: Store;
const config = makeConfig();

beforeEach(async () => {
  const tmp = await tempDir();
  outDir = path.join(tmp.dir, 'out');
  cleanup = tmp.cleanup;
  store = await storeWith(makePosts(230));
});

afterEach(async () => {
  await store.close();
  await cleanup();
});

describe('buildSite', () => {
  it('writes the feeds of the blog and of each theme, their archive pages, and the pages', async () => {
    const { log, lines } = collectingLog();
    const report = await buildSite({ store, config, outDir, log });
    const files = await listFiles(outDir);
    expect(files).toEqual(expect.arrayContaining(['feed.xml', 'atom.xml', 'feed.json', 'archive/feed-1.xml', 'archive/atom-1.xml', 'archive/feed-1.json']));
    // 230 posts, at least 50 kept current: one complete page of 100, none empty or partial.
    expect(files.filter((f) => f.startsWith('archive/'))).toEqual(['archive/atom-1.xml', 'archive/feed-1.json', 'archive/feed-1.xml']);
    for (const slug of ['inspection', 'workforce', 'policy']) {
      expect(files).toEqual(expect.arrayContaining([`themes/${slug}/feed.xml`, `themes/${slug}/atom.xml`, `themes/${slug}/feed.json`, `themes/${slug}/index.html`]));
    }
    expect(files).toContain('index.html');
    expect(files.filter((f) => f.startsWith('posts/'))).toHaveLength(230);
    expect(files.some((f) => path.basename(f).startsWith('.'))).toBe(false);
    expect(report.written).toEqual(files);
    expect(report.posts).toBe(230);
    expect(report.changedFeeds).toHaveLength(12);
    expect(report.hub).toBeUndefined();
    expect(lines.some((l) => l.level === 'info' && l.message.includes(`${files.length} files written`))).toBe(true);
  });

  it('writes feeds a reader can parse, holding the store posts', async () => {
    await buildSite({ store, config, outDir });
    const rss = await readFile(path.join(outDir, 'feed.xml'), 'utf8');
    const items = readItems(rss, 'rss');
    // The newest 50 and the rest not yet on a complete archive page: 230 - 100.
    expect(items).toHaveLength(130);
    expect(items[0]?.id).toBe(entryId('post', 'p00229'));
  });

  it('leaves every link in every page pointing at a file it wrote', async () => {
    await buildSite({ store, config, outDir });
    const files = new Set(await listFiles(outDir));
    const pages = [...files].filter((f) => f.endsWith('.html'));
    let checked = 0;
    for (const page of pages) {
      const html = await readFile(path.join(outDir, page), 'utf8');
      const pageUrl = new URL(page.replace(/index\.html$/, ''), 'https://blog.example.org/');
      for (const m of html.matchAll(/<a href="([^"#]+)/g)) {
        const target = new URL((m[1] ?? '').replaceAll('&amp;', '&'), pageUrl);
        if (target.origin !== 'https://blog.example.org') continue;
        const local = decodeURIComponent(target.pathname.slice(1));
        expect(files.has(local.endsWith('/') || local === '' ? `${local}index.html` : local), `${page} → ${target.href}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('rewrites nothing on a second build without changes: same bytes, same mtimes', async () => {
    await buildSite({ store, config, outDir });
    const before = await mtimes(outDir);
    const feedBefore = await readFile(path.join(outDir, 'atom.xml'));
    await new Promise((r) => setTimeout(r, 20));
    const report = await buildSite({ store, config, outDir });
    expect(report.written).toEqual([]);
    expect(report.changedFeeds).toEqual([]);
    expect(report.unchanged).toHaveLength(before.size);
    expect(await mtimes(outDir)).toEqual(before);
    expect(await readFile(path.join(outDir, 'atom.xml'))).toEqual(feedBefore);
  });

  it('rewrites only what a new post touches', async () => {
    await buildSite({ store, config, outDir });
    const added = makePost(230, { themes: ['policy'] });
    await addPosts(store, [added]);
    const report = await buildSite({ store, config, outDir });
    const feeds = ['', 'themes/policy/'].flatMap((dir) => ['feed.xml', 'atom.xml', 'feed.json'].map((f) => `${dir}${f}`));
    expect(report.changedFeeds).toEqual(feeds.map((f) => `https://blog.example.org/${f}`).sort());
    // Archive pages hold complete pages only: the new post is in the current feeds, no archive page changes.
    expect(report.written.filter((f) => f.includes('archive/'))).toEqual([]);
    expect(report.written).toEqual(expect.arrayContaining(['index.html', 'themes/policy/index.html', 'posts/2013/08/post-number-230/index.html']));
    expect(report.written.filter((f) => f.startsWith('themes/inspection/') || f.startsWith('themes/workforce/'))).toEqual([]);
    expect(report.written.filter((f) => f.startsWith('posts/'))).toEqual(['posts/2013/08/post-number-230/index.html']);
  });

  it('keeps the id of an edited post and gives it the new updated date', async () => {
    await buildSite({ store, config, outDir });
    const edited = makePost(229, { title: 'Edited title', updated: '2020-01-01T00:00:00.000Z' });
    await addPosts(store, [edited]);
    const report = await buildSite({ store, config, outDir });
    expect(report.written).toContain('feed.json');
    const feed = JSON.parse(await readFile(path.join(outDir, 'feed.json'), 'utf8')) as { items: { id: string; title: string; date_modified: string }[] };
    expect(feed.items[0]).toMatchObject({ id: entryId('post', 'p00229'), title: 'Edited title', date_modified: '2020-01-01T00:00:00Z' });
  });

  it('creates the output folder and leaves nothing half-written behind', async () => {
    const nested = path.join(outDir, 'deeper', 'still');
    await buildSite({ store, config, outDir: nested });
    expect((await stat(nested)).isDirectory()).toBe(true);
    expect((await listFiles(nested)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
